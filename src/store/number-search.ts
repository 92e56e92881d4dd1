import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The `q` filter of the numbers list: a case-insensitive substring of the label, or a substring of the
 * phone number (spaces, dashes, dots and brackets in `q` ignored there, so "+31 20 123" finds
 * +3120123…).
 *
 * Case folding happens in JavaScript, on the way in (`label_folded`) and on `q`, because the engines
 * fold differently: SQLite's lower() and LIKE only know ASCII, PostgreSQL's follow the locale.
 */
export function foldCase(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** What `q` asks for: the trimmed text, or null when `q` is absent or blank (no filter). */
export function searchText(q: string | undefined): string | null {
  const text = q?.trim() ?? '';
  return text.length > 0 ? text : null;
}

/** The WHERE condition matching numbers whose label or phone number contains `text`. */
export function numberSearchCondition(eb: ExpressionBuilder<Database, 'numbers'>, text: string): Expression<SqlBool> {
  const conditions = [containsCondition(eb.ref('label_folded'), foldCase(text))];
  const digits = text.replace(/[\s\-.()]/g, '');
  if (digits.length > 0) conditions.push(containsCondition(eb.ref('phone_number'), digits));
  return eb.or(conditions);
}

// LIKE treats % and _ as wildcards; a person searching for "50%" means the characters. `!` escapes
// them (and itself); both engines accept an explicit ESCAPE character, and `!` needs no quoting rules.
export function containsCondition(column: Expression<string>, needle: string): Expression<SqlBool> {
  const pattern = `%${needle.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<SqlBool>`${column} like ${pattern} escape '!'`;
}
