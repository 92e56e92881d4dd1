import { afterEach, describe, expect, it } from 'vitest';
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
