import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs one statement that may fail on a constraint, inside a savepoint, so the transaction survives
 * the failure. PostgreSQL aborts the whole transaction on any error; rolling back to the savepoint
 * lets the caller keep querying (to find out what it collided with) and then decide. SQLite would not
 * need it (a failed statement undoes only itself), but one code path serves both engines.
 */
export async function inSavepoint<T>(db: Kysely<Database>, name: string, fn: () => Promise<T>): Promise<T> {
  const savepoint = sql.id(name);
  await sql`savepoint ${savepoint}`.execute(db);
  try {
    const result = await fn();
    await sql`release savepoint ${savepoint}`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${savepoint}`.execute(db);
    await sql`release savepoint ${savepoint}`.execute(db);
    throw error;
  }
}
