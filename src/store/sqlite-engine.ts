import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseEngine } from './database-engine.ts';
import type { Database } from './schema.ts';

/**
 * How long a write waits for another process holding SQLite's write lock (a `ringroute` CLI command
 * beside the server). better-sqlite3 waits synchronously, blocking this process's event loop meanwhile,
 * so keep it short: in one process the connection queue below means it is never needed.
 */
const busyTimeoutMs = 5000;

/**
 * Opens (creating if needed) a SQLite database file.
 *
 * One connection serves the whole process: Kysely's SQLite driver hands it to one user at a time and
 * makes the others wait for it, so concurrent transactions from concurrent requests take turns
 * instead of failing with SQLITE_BUSY. better-sqlite3 is synchronous, so the waiting costs nothing a
 * second connection would save.
 */
export function openSqliteEngine(file: string): DatabaseEngine {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  try {
    configure(database, inMemory);
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    dialect: 'sqlite',
    db,
    // IMMEDIATE takes the write lock at BEGIN. A deferred transaction that reads first and writes later
    // can fail with SQLITE_BUSY at its first write when another process wrote in between, and
    // busy_timeout does not help there; waiting at BEGIN does.
    beginStatement: 'begin immediate',
    async close() {
      // Taking the connection waits for the transaction in progress, if any. Then the WAL is copied
      // into the database file and truncated, so a closed database is one self-contained file.
      await db.connection().execute(async () => {
        if (!inMemory) database.pragma('wal_checkpoint(TRUNCATE)');
      });
      await db.destroy();
    },
  };
}

function configure(database: BetterSqlite3.Database, inMemory: boolean): void {
  // WAL: readers and the writer do not block each other, and a commit is one append to the log.
  const journalMode: unknown = database.pragma('journal_mode = WAL', { simple: true });
  if (!inMemory && journalMode !== 'wal') {
    throw new Error(`SQLite refused write-ahead logging for this database (journal_mode is ${String(journalMode)})`);
  }
  // In WAL mode, NORMAL syncs at checkpoints, not at every commit. A committed transaction is in the
  // WAL file (in the OS page cache) before COMMIT returns, so it survives the process being killed;
  // only an OS crash or power loss can take the last commits. The crash test kills a writer with
  // SIGKILL mid-loop and finds every transaction it reported committed.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
}
