import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, inject, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { Store, StoreDialect } from '../../src/store/store.ts';

/** One store engine to run a test suite on. */
export interface DialectUnderTest {
  readonly name: StoreDialect;
  /** A store on a fresh, empty database (schema not created). Closing the store deletes the database. */
  open(): Promise<Store>;
  /** The same, migrated to the latest schema. */
  openMigrated(): Promise<Store>;
}

/**
 * The engines to run store tests on: SQLite always, PostgreSQL when the global setup found one. Use
 * it as `describe.each(storeDialects())('… ($name)', (dialect) => …)`. When PostgreSQL is missing, a
 * skipped test says so in the results, so the gap is visible rather than silent.
 */
export function storeDialects(): readonly DialectUnderTest[] {
  const postgresUrl = inject('postgresUrl');
  if (postgresUrl === null) {
    it.skip(`postgres variants skipped: ${inject('postgresMissing') ?? 'no PostgreSQL'}`, () => {});
    return [sqlite];
  }
  return [sqlite, postgres(postgresUrl)];
}

const sqlite: DialectUnderTest = withMigrated({
  name: 'sqlite',
  async open() {
    const file = temporarySqliteFile();
    try {
      return closingAlso(await openStore({ kind: 'sqlite', file: file.path }), file.remove);
    } catch (error) {
      file.remove();
      throw error;
    }
  },
});

/**
 * Each `open()` gets an empty database of its own. Creating one costs a few hundred milliseconds, so a
 * database a test has closed is emptied (its `public` schema dropped and recreated, which is all the
 * store creates) and handed to the next `open()` in the same test file; after the file, every database
 * it created is dropped. A migrated database is cheaper still to hand on: its tables are emptied
 * (TRUNCATE) and the next `openMigrated()` finds every migration already run, instead of running the
 * whole schema again for each test.
 */
function postgres(serverUrl: string): DialectUnderTest {
  const created = new Set<string>();
  const emptied: string[] = [];
  const migratedClean: string[] = [];
  afterAll(async () => {
    for (const name of created) await onDatabase(serverUrl, 'postgres', `drop database if exists ${name} with (force)`);
    created.clear();
    emptied.length = 0;
    migratedClean.length = 0;
  });
  const freshDatabase = async (): Promise<string> => {
    const reused = emptied.pop();
    if (reused !== undefined) return reused;
    const name = `rr_test_${randomBytes(6).toString('hex')}`;
    await onDatabase(serverUrl, 'postgres', `create database ${name}`);
    created.add(name);
    return name;
  };
  const dropSchema = async (database: string): Promise<void> => {
    await onDatabase(serverUrl, database, 'drop schema public cascade; create schema public');
    emptied.push(database);
  };
  const open = async (): Promise<Store> => {
    const database = await freshDatabase();
    try {
      return closingAlso(await openStore({ kind: 'postgres', url: databaseUrl(serverUrl, database) }), () => dropSchema(database));
    } catch (error) {
      await dropSchema(database);
      throw error;
    }
  };
  return {
    name: 'postgres',
    open,
    async openMigrated() {
      const database = migratedClean.pop() ?? (await freshDatabase());
      // After the test: empty every table but the migration bookkeeping, so the schema is kept as it is.
      const truncate = async () => {
        await onDatabase(serverUrl, database, truncateAllTables);
        migratedClean.push(database);
      };
      let store: Store;
      try {
        store = await openStore({ kind: 'postgres', url: databaseUrl(serverUrl, database) });
      } catch (error) {
        await dropSchema(database);
        throw error;
      }
      try {
        await store.migrate();
      } catch (error) {
        await store.close();
        await dropSchema(database);
        throw error;
      }
      return closingAlso(store, truncate);
    },
  };
}

/** Empties every table of the `public` schema except Kysely's migration bookkeeping, in one statement. */
const truncateAllTables = `DO $$
DECLARE tables text;
BEGIN
  SELECT string_agg(format('%I', tablename), ', ') INTO tables
    FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%';
  IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE TABLE ' || tables || ' RESTART IDENTITY CASCADE'; END IF;
END $$`;

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.href;
}

function withMigrated(dialect: Omit<DialectUnderTest, 'openMigrated'>): DialectUnderTest {
  return {
    ...dialect,
    async openMigrated() {
      const store = await dialect.open();
      try {
        await store.migrate();
        return store;
      } catch (error) {
        await store.close();
        throw error;
      }
    },
  };
}

/** A path for a SQLite database in a new temporary directory, and a way to delete the directory. */
export function temporarySqliteFile(): { readonly path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ringroute-store-'));
  return { path: join(dir, 'ringroute.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function onDatabase(serverUrl: string, database: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, database) });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The store, with `close()` also removing its database once the store has let go of it. */
function closingAlso(store: Store, cleanup: () => Promise<void> | void): Store {
  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    // A refused close (say, from inside a transaction) leaves the store open: clean up only after a
    // close that worked, and let a later call try again.
    closed ??= store.close().then(cleanup, (error: unknown) => {
      closed = null;
      throw error;
    });
    return closed;
  };
  return new Proxy(store, {
    get(target, key) {
      if (key === 'close') return close;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
