import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import type { Config } from './config.ts';

/** Opens the configured database, creating the SQLite folder if needed, and runs pending migrations. */
export async function openConfiguredStore(config: Config): Promise<{ store: Store; migrations: readonly string[] }> {
  if (config.database.kind === 'sqlite') await mkdir(dirname(config.database.file), { recursive: true });
  const store = await openStore(config.database);
  try {
    const migrations = await store.migrate();
    return { store, migrations };
  } catch (error) {
    await store.close();
    throw error;
  }
}
