import type { Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';

/**
 * One step of the schema's history. Migrations only go forward: a release never rewrites one that has
 * shipped; it adds the next. `name` starts with a zero-padded version (`0002-…`), so names sort in the
 * order the migrations must run.
 */
export interface StoreMigration {
  readonly name: string;
  /** `dialect` lets a step use each engine's own form where SQL differs (identity columns). */
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}
