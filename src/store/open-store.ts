import { KyselyStore } from './kysely-store.ts';
import { openPostgresEngine } from './postgres-engine.ts';
import { openSqliteEngine } from './sqlite-engine.ts';
import type { Store } from './store.ts';

/** Where the data lives: a SQLite file (the default, one node) or a PostgreSQL server (several nodes). */
export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * Opens the store. The schema is not touched: call `store.migrate()` before first use. A SQLite file
 * and its directory are created when missing; a PostgreSQL server that cannot be reached fails here.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'sqlite':
      return new KyselyStore(openSqliteEngine(config.file));
    case 'postgres':
      return new KyselyStore(await openPostgresEngine(config.url));
  }
}
