import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { StoreDialect } from './store.ts';

/** One opened database: what differs between SQLite and PostgreSQL below the repositories. */
export interface DatabaseEngine {
  readonly dialect: StoreDialect;
  readonly db: Kysely<Database>;
  /** The statement that opens a transaction that will write. */
  readonly beginStatement: string;
  /** Lets work in progress finish, then releases the database. */
  close(): Promise<void>;
}
