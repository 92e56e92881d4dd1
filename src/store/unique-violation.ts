/** A unique constraint as each engine reports it when a write violates it. */
export interface UniqueConstraint {
  /** The constraint's name, which PostgreSQL reports. */
  readonly name: string;
  /** Table and columns, which SQLite reports instead of the name. */
  readonly table: string;
  readonly columns: readonly string[];
}

/**
 * True when `error` is the database refusing a write because it would break `constraint`. Checking
 * the constraint, not just "some unique violation", keeps an unrelated collision from being reported
 * as the wrong conflict.
 */
export function violatesUnique(error: unknown, constraint: UniqueConstraint): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  // PostgreSQL: SQLSTATE 23505 unique_violation; node-postgres puts the constraint's name on the error.
  if (error.code === '23505') return 'constraint' in error && error.constraint === constraint.name;
  // SQLite (better-sqlite3): extended result code SQLITE_CONSTRAINT_UNIQUE, and a message that names
  // the columns: "UNIQUE constraint failed: numbers.phone_number".
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const columns = constraint.columns.map((c) => `${constraint.table}.${c}`).join(', ');
    return error.message === `UNIQUE constraint failed: ${columns}`;
  }
  return false;
}
