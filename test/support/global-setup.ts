import type { TestProject } from 'vitest/node';
import { findPostgresBinaries, startPostgresServer } from './postgres-server.ts';

/*
 * Finds a PostgreSQL for the tests that run on both store engines, and hands its URL to them as
 * `inject('postgresUrl')`:
 *   1. TEST_DATABASE_URL, when set: a server you run (the role needs CREATEDB; each test creates and
 *      drops its own `rr_test_…` database there).
 *   2. Otherwise a throwaway cluster from the installed PostgreSQL (Debian's `postgresql` package),
 *      started here and removed in teardown.
 *   3. Otherwise none: the PostgreSQL variants are skipped with a warning, unless
 *      RINGROUTE_REQUIRE_POSTGRES=1 (CI), which makes the run fail.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of a PostgreSQL server for tests, or null when there is none. */
    postgresUrl: string | null;
    /** Why there is none (null when there is one). */
    postgresMissing: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    project.provide('postgresMissing', null);
    return async () => {};
  }
  const required = process.env.RINGROUTE_REQUIRE_POSTGRES === '1';
  const bin = findPostgresBinaries();
  let missing: string;
  if (bin) {
    try {
      const server = await startPostgresServer(bin);
      project.provide('postgresUrl', server.url);
      project.provide('postgresMissing', null);
      return () => server.stop();
    } catch (error) {
      if (required) throw error;
      missing = error instanceof Error ? error.message : String(error);
    }
  } else {
    missing = 'no PostgreSQL found (set TEST_DATABASE_URL, or install the postgresql package)';
    if (required) throw new Error(`RINGROUTE_REQUIRE_POSTGRES=1, but ${missing}`);
  }
  console.warn(`\n⚠  PostgreSQL tests are SKIPPED: ${missing}\n`);
  project.provide('postgresUrl', null);
  project.provide('postgresMissing', missing);
  return async () => {};
}
