import { copyFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrganizationId } from '../../src/domain/ids.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { storeDialects, temporarySqliteFile } from '../support/databases.ts';
import { amsterdamNumber, createNumber, createOrganization, system } from './store-test-data.ts';

describe.each(storeDialects())('store lifecycle ($name)', (dialect) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('answers ping while open, and refuses work once closed', async () => {
    store = await dialect.openMigrated();
    expect(store.dialect).toBe(dialect.name);
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/closed/);
    await expect(store.organizations.count()).rejects.toThrow(/closed/);
    await expect(store.transaction(system, async () => 1)).rejects.toThrow(/closed/);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('enforces foreign keys: a number needs an existing organization', async () => {
    store = await dialect.openMigrated();
    const nowhere = 'org_0000000000aaaaaaaaaaaa' as OrganizationId;
    await expect(createNumber(store, nowhere, amsterdamNumber(1))).rejects.toThrow(/foreign key/i);
    expect(await store.numbers.findByPhoneNumber(amsterdamNumber(1))).toBeNull();
  });

  it('lets a transaction in progress finish when close is called during it', async () => {
    store = await dialect.openMigrated();
    const organization = await createOrganization(store, 'Acme');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const writing = store.transaction(system, async (tx) => {
      await released;
      return tx.numbers.create({ organizationId: organization.id, phoneNumber: amsterdamNumber(1), label: 'Late', flow: { target: { type: 'hangup', reason: 'busy' } } });
    });
    await new Promise((resolve) => setImmediate(resolve));
    const closing = store.close();
    release();
    await expect(writing).resolves.toMatchObject({ label: 'Late' });
    await closing;
  });
});

describe('SQLite files', () => {
  it('creates missing parent directories and uses write-ahead logging', async () => {
    const file = temporarySqliteFile();
    const path = join(dirname(file.path), 'nested', 'deeper', 'ringroute.db');
    try {
      const store = await openStore({ kind: 'sqlite', file: path });
      await store.migrate();
      await store.close();
      const raw = new BetterSqlite3(path, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        raw.close();
      }
    } finally {
      file.remove();
    }
  });

  it('checkpoints the WAL on close, so the database file alone holds every commit', async () => {
    const file = temporarySqliteFile();
    const copy = join(dirname(file.path), 'copy.db');
    try {
      const store = await openStore({ kind: 'sqlite', file: file.path });
      await store.migrate();
      const organization = await createOrganization(store, 'Acme');
      const number = await createNumber(store, organization.id, amsterdamNumber(7));
      await store.close();

      const wal = `${file.path}-wal`;
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
      // Only the main file travels: if a commit were still in the WAL, the copy would lack it.
      copyFileSync(file.path, copy);
      const reopened = await openStore({ kind: 'sqlite', file: copy });
      try {
        expect(await reopened.numbers.get(organization.id, number.id)).toEqual(number);
      } finally {
        await reopened.close();
      }
    } finally {
      file.remove();
    }
  });
});

describe('PostgreSQL connections', () => {
  it('fails to open when the server cannot be reached', async () => {
    await expect(openStore({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow();
  });
});
