import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrganizationId, TrunkId } from '../../src/domain/ids.ts';
import { storeMigrations } from '../../src/store/migrations/migration-provider.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { storeDialects, temporarySqliteFile } from '../support/databases.ts';
import { createOrganization } from './store-test-data.ts';

describe('the migration list', () => {
  it('names each migration with a zero-padded version, in the order they run', () => {
    const names = storeMigrations.map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^\d{4}-[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names.map((n) => n.slice(0, 4))).size).toBe(names.length);
  });
});

describe.each(storeDialects())('migrations ($name)', (dialect) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('runs every pending migration on an empty database, then nothing on the second run', async () => {
    store = await dialect.open();
    expect(await store.migrate()).toEqual(storeMigrations.map((m) => m.name));
    expect(await store.migrate()).toEqual([]);
    await createOrganization(store, 'Acme');
    expect(await store.organizations.count()).toBe(1);
  });

  it('fails reads clearly before the schema exists', async () => {
    store = await dialect.open();
    await expect(store.organizations.count()).rejects.toThrow(/organizations/);
  });
});

describe('migrations on a reopened SQLite file', () => {
  it('finds the schema and the data there and runs nothing', async () => {
    const file = temporarySqliteFile();
    try {
      const first = await openStore({ kind: 'sqlite', file: file.path });
      await first.migrate();
      const organization = await createOrganization(first, 'Acme');
      await first.close();

      const second = await openStore({ kind: 'sqlite', file: file.path });
      try {
        expect(await second.migrate()).toEqual([]);
        expect(await second.organizations.get(organization.id)).toEqual(organization);
      } finally {
        await second.close();
      }
    } finally {
      file.remove();
    }
  });
});

/** A SQLite database at `path` as the release before `migration` left it: every earlier migration run. */
async function migratedUpTo(path: string, migration: string): Promise<Kysely<unknown>> {
  const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
  const before = storeMigrations.slice(0, storeMigrations.findIndex((m) => m.name === migration));
  const migrator = new Migrator({
    db: old,
    provider: {
      getMigrations: () => Promise.resolve(Object.fromEntries(before.map((m): [string, Migration] => [m.name, { up: (db) => m.up(db, 'sqlite') }]))),
    },
  });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  return old;
}

describe('0003-calls on a database that already holds organizations and trunks', () => {
  it('gives them the defaults: only their own country, 100 calls per second', async () => {
    const file = temporarySqliteFile();
    try {
      // The database as the release before 0003 left it.
      const old = await migratedUpTo(file.path, '0003-calls');
      const at = '2026-01-01T00:00:00.000Z';
      const orgId = 'org_0000000000aaaaaaaaaaaa';
      const trunkId = 'trk_0000000000aaaaaaaaaaaa';
      await sql`insert into organizations (id, name, country, created_at, updated_at) values (${orgId}, 'Acme', 'NL', ${at}, ${at})`.execute(old);
      await sql`insert into trunks (id, organization_id, name, host, port, transport, source_addresses, enabled, version, created_at, updated_at)
        values (${trunkId}, ${orgId}, 'Carrier', 'sip.carrier.example', 5060, 'udp', '[]', 0, 1, ${at}, ${at})`.execute(old);
      await old.destroy();

      const store = await openStore({ kind: 'sqlite', file: file.path });
      try {
        expect(await store.migrate()).toEqual(storeMigrations.map((m) => m.name).filter((name) => name >= '0003'));
        expect(await store.organizations.get(orgId as OrganizationId)).toMatchObject({ country: 'NL', allowedCountries: null });
        expect(await store.trunks.get(orgId as OrganizationId, trunkId as TrunkId)).toMatchObject({ maxCallsPerSecond: 100 });
        expect(await store.calls.list(orgId as OrganizationId, { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
        // 0004: no organization-wide filter, no schedules or rosters yet.
        expect(await store.organizations.callFilter(orgId as OrganizationId)).toBeNull();
        expect(await store.schedules.listAll(orgId as OrganizationId)).toEqual([]);
        // 0005: no queues yet.
        expect(await store.queues.listAll(orgId as OrganizationId)).toEqual([]);
        expect(await store.rosters.listAll(orgId as OrganizationId)).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      file.remove();
    }
  });
});

describe('0009-virtual-extension-prefix-counts on a database that already holds virtual extensions', () => {
  it('counts each virtual extension once per prefix of one to three characters of its words', async () => {
    const file = temporarySqliteFile();
    try {
      const old = await migratedUpTo(file.path, '0009-virtual-extension-prefix-counts');
      // Words as 0007 stored them: Ana Anders (1), Anabel Álvarez (2), 王伟 (3), in two organizations.
      const words: [string, string, number][] = [
        ['org_a', 'ana', 1],
        ['org_a', 'anders', 1],
        ['org_a', 'anabel', 2],
        ['org_a', 'alvarez', 2],
        ['org_a', '王伟', 3],
        ['org_b', 'ana', 4],
      ];
      for (const [organization, word, seq] of words) {
        await sql`insert into virtual_extension_words (organization_id, word, virtual_extension_seq) values (${organization}, ${word}, ${seq})`.execute(old);
      }
      await old.destroy();

      const store = await openStore({ kind: 'sqlite', file: file.path });
      try {
        expect((await store.migrate())[0]).toBe('0009-virtual-extension-prefix-counts');
      } finally {
        await store.close();
      }
      const after = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file.path) }) });
      try {
        const rows = await sql<{ organization_id: string; prefix: string; matches: number }>`select organization_id, prefix, matches from virtual_extension_prefix_counts order by organization_id, prefix`.execute(after);
        expect(rows.rows.map((r) => [r.organization_id, r.prefix, r.matches])).toEqual([
          ['org_a', 'a', 2],
          ['org_a', 'al', 1],
          ['org_a', 'alv', 1],
          ['org_a', 'an', 2],
          ['org_a', 'ana', 2],
          ['org_a', 'and', 1],
          ['org_a', '王', 1],
          ['org_a', '王伟', 1],
          ['org_b', 'a', 1],
          ['org_b', 'an', 1],
          ['org_b', 'ana', 1],
        ]);
      } finally {
        await after.destroy();
      }
    } finally {
      file.remove();
    }
  });
});
