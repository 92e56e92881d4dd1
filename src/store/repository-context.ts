import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { ChangeActor, StoreChange, StoreDialect } from './store.ts';

/** What a repository reads through. */
export interface ReadContext {
  readonly dialect: StoreDialect;
  /**
   * The database to query: the transaction's connection inside `transaction`, the store's shared one
   * outside. Throws when the context may no longer be used (the store is closed, the transaction has
   * finished, or a store-level read was attempted inside a transaction).
   */
  db(): Kysely<Database>;
}

/** What a repository writes through: one open transaction. */
export interface WriteContext extends ReadContext {
  readonly actor: ChangeActor;
  /** The changes this transaction has made so far; the change feed reports them after commit. */
  readonly changes: StoreChange[];
  /**
   * Whether reads for a change must lock the row (`SELECT … FOR UPDATE`). PostgreSQL needs it so two
   * transactions cannot both read version 3 and both write version 4. SQLite does not: its
   * transactions start with `BEGIN IMMEDIATE`, which holds the database's write lock throughout.
   */
  readonly lockRows: boolean;
  /** Milliseconds since the epoch; the one clock for ids and timestamps. */
  now(): number;
}
