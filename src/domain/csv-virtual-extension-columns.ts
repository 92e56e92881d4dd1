/**
 * The columns of a virtual extension CSV file (the template's header) and how a file's header is
 * matched to them: in any order and case, spaces, `_` and `-` ignored ("phone_number", "PhoneNumber"
 * and "Phone Number" are one column). Columns the importer does not know, such as the `Error` column
 * of an errors.csv sent back after fixing, are ignored.
 */

export const virtualExtensionCsvColumns = ['Level', 'Location', 'Extension', 'Phone Number', 'First Name', 'Last Name', 'Display Name'] as const;
export type VirtualExtensionCsvColumn = (typeof virtualExtensionCsvColumns)[number];

/** Without these a row cannot be a virtual extension; Level, Location and the names are optional. */
export const requiredCsvColumns: readonly VirtualExtensionCsvColumn[] = ['Extension', 'Phone Number', 'Display Name'];

/** Where each known column is in the file, and its name as the file spells it. */
export type CsvColumnMap = ReadonlyMap<VirtualExtensionCsvColumn, { readonly index: number; readonly name: string }>;

export type CsvColumnMatch = { readonly ok: true; readonly columns: CsvColumnMap } | { readonly ok: false; readonly message: string };

function key(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

const byKey = new Map(virtualExtensionCsvColumns.map((c) => [key(c), c]));

export function matchCsvColumns(header: readonly string[]): CsvColumnMatch {
  const columns = new Map<VirtualExtensionCsvColumn, { index: number; name: string }>();
  for (const [index, name] of header.entries()) {
    const column = byKey.get(key(name));
    if (!column) continue;
    const earlier = columns.get(column);
    if (earlier) return { ok: false, message: `The header names the column ${column} twice (columns ${earlier.index + 1} and ${index + 1})` };
    columns.set(column, { index, name });
  }
  const missing = requiredCsvColumns.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      message: `The header lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; it has ${header.map((h) => JSON.stringify(h)).join(', ')}. Expected: ${virtualExtensionCsvColumns.join(',')}`,
    };
  }
  return { ok: true, columns };
}

/** A row's cell of a column, trimmed; empty when the column is absent or the row is short. */
export function cellOf(fields: readonly string[], columns: CsvColumnMap, column: VirtualExtensionCsvColumn): string {
  const at = columns.get(column);
  return at === undefined ? '' : (fields[at.index] ?? '').trim();
}

/** The column's name as the file spells it (its canonical name when the file has no such column). */
export function columnName(columns: CsvColumnMap, column: VirtualExtensionCsvColumn): string {
  return columns.get(column)?.name ?? column;
}
