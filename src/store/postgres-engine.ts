import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseEngine } from './database-engine.ts';
import type { Database } from './schema.ts';

/** Connects to PostgreSQL with a connection pool; fails now, not at the first request, when it cannot. */
export async function openPostgresEngine(url: string): Promise<DatabaseEngine> {
  const pool = new pg.Pool({ connectionString: url });
  // An idle pooled connection that breaks (server restart, network) is reported here. The pool has
  // already dropped it and the next query opens a new one, so there is nothing to do; without a
  // listener, Node would treat the event as an uncaught error and end the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    dialect: 'postgres',
    db,
    beginStatement: 'begin',
    // Ends the pool: connections in use finish their work first.
    close: () => db.destroy(),
  };
}
