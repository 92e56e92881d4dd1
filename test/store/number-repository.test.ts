import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.ts';
import type { NumberId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import type { Store } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { amsterdamNumber, createNumber, createOrganization, e164, hangUp, ringMobile, system } from './store-test-data.ts';

const missing = 'num_0000000000aaaaaaaaaaaa' as NumberId;

describe.each(storeDialects())('numbers ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  let globex: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
    globex = await createOrganization(store, 'Globex');
  });
  afterEach(() => store.close());

  describe('create, read, update, delete', () => {
    it('creates a number at version 1 and finds it by id and by phone number, flow intact', async () => {
      const number = await createNumber(store, acme.id, amsterdamNumber(1), 'Sales', ringMobile);
      expect(number).toMatchObject({ organizationId: acme.id, phoneNumber: amsterdamNumber(1), label: 'Sales', flow: ringMobile, version: 1 });
      expect(number.id).toMatch(/^num_/);
      expect(await store.numbers.get(acme.id, number.id)).toEqual(number);
      expect(await store.numbers.findByPhoneNumber(amsterdamNumber(1))).toEqual(number);
      expect(await store.numbers.findByPhoneNumber(amsterdamNumber(2))).toBeNull();
    });

    it('applies a patch, keeps what it leaves out, and increases the version', async () => {
      const number = await createNumber(store, acme.id, amsterdamNumber(1), 'Sales', ringMobile);
      const relabelled = await store.transaction(system, (tx) => tx.numbers.update(acme.id, number.id, { label: 'Support' }));
      expect(relabelled).toMatchObject({ label: 'Support', flow: ringMobile, phoneNumber: amsterdamNumber(1), version: 2 });
      const rerouted = await store.transaction(system, (tx) =>
        tx.numbers.update(acme.id, number.id, { flow: hangUp, phoneNumber: amsterdamNumber(2) }),
      );
      expect(rerouted).toMatchObject({ label: 'Support', flow: hangUp, phoneNumber: amsterdamNumber(2), version: 3, createdAt: number.createdAt });
      expect(await store.numbers.get(acme.id, number.id)).toEqual(rerouted);
      expect(await store.numbers.findByPhoneNumber(amsterdamNumber(1))).toBeNull();
    });

    it('updates only at the expected version', async () => {
      const number = await createNumber(store, acme.id, amsterdamNumber(1), 'Sales');
      const stale = store.transaction(system, (tx) => tx.numbers.update(acme.id, number.id, { label: 'Stale' }, 2));
      await expect(stale).rejects.toMatchObject({ code: 'conflict', conflictsWith: { type: 'number', id: number.id } });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      expect(await store.numbers.get(acme.id, number.id)).toEqual(number);

      const fresh = await store.transaction(system, (tx) => tx.numbers.update(acme.id, number.id, { label: 'Fresh' }, 1));
      expect(fresh).toMatchObject({ label: 'Fresh', version: 2 });
    });

    it('lets only one of two concurrent updates at the same expected version through', async () => {
      const number = await createNumber(store, acme.id, amsterdamNumber(1), 'Sales');
      // Both transactions read version 1 before either writes (on PostgreSQL; SQLite runs them in turn).
      const bothRead = dialect.name === 'postgres' ? barrier(2) : () => Promise.resolve();
      const edit = (label: string) =>
        store.transaction(system, async (tx) => {
          await tx.numbers.get(acme.id, number.id);
          await bothRead();
          return tx.numbers.update(acme.id, number.id, { label }, 1);
        });
      const results = await Promise.allSettled([edit('Left'), edit('Right')]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost[0]?.reason).toMatchObject({ code: 'conflict' });
      expect(await store.numbers.get(acme.id, number.id)).toEqual(won[0]?.value);
      expect(won[0]?.value).toMatchObject({ version: 2 });
    });

    it('deletes a number, returning it; afterwards it is gone and its phone number is free', async () => {
      const number = await createNumber(store, acme.id, amsterdamNumber(1));
      expect(await store.transaction(system, (tx) => tx.numbers.delete(acme.id, number.id))).toEqual(number);
      expect(await store.numbers.get(acme.id, number.id)).toBeNull();
      expect(await store.transaction(system, (tx) => tx.numbers.delete(acme.id, number.id))).toBeNull();
      const again = await createNumber(store, globex.id, amsterdamNumber(1));
      expect(again.organizationId).toBe(globex.id);
    });

    it('returns null for a number that does not exist', async () => {
      expect(await store.numbers.get(acme.id, missing)).toBeNull();
      expect(await store.transaction(system, (tx) => tx.numbers.update(acme.id, missing, { label: 'x' }))).toBeNull();
      expect(await store.transaction(system, (tx) => tx.numbers.delete(acme.id, missing))).toBeNull();
    });
  });

  describe('lists', () => {
    it('pages through an organization’s numbers in creation order with a total', async () => {
      const mine = [];
      for (let i = 1; i <= 5; i++) mine.push(await createNumber(store, acme.id, amsterdamNumber(i), `Line ${i}`));
      await createNumber(store, globex.id, amsterdamNumber(9), 'Theirs');
      expect(await store.numbers.list(acme.id, { limit: 2, offset: 0 })).toEqual({ items: mine.slice(0, 2), total: 5 });
      expect(await store.numbers.list(acme.id, { limit: 2, offset: 4 })).toEqual({ items: mine.slice(4), total: 5 });
      expect(await store.numbers.listAll(acme.id)).toEqual(mine);
    });

    it('filters by label, case-insensitively, beyond ASCII too', async () => {
      const zurich = await createNumber(store, acme.id, amsterdamNumber(1), 'Zürich Office');
      const sales = await createNumber(store, acme.id, amsterdamNumber(2), 'SALES');
      await createNumber(store, globex.id, amsterdamNumber(3), 'Zürich Globex');
      expect(await store.numbers.list(acme.id, { limit: 10, offset: 0, q: 'ZÜRICH' })).toEqual({ items: [zurich], total: 1 });
      expect(await store.numbers.list(acme.id, { limit: 10, offset: 0, q: 'sal' })).toEqual({ items: [sales], total: 1 });
      expect((await store.numbers.list(acme.id, { limit: 10, offset: 0, q: '   ' })).total).toBe(2);
    });

    it('filters by phone number, ignoring the spaces people type', async () => {
      const first = await createNumber(store, acme.id, e164('+31201234001'), 'A');
      await createNumber(store, acme.id, e164('+31307654321'), 'B');
      expect((await store.numbers.list(acme.id, { limit: 10, offset: 0, q: '+31 20 123' })).items).toEqual([first]);
      expect((await store.numbers.list(acme.id, { limit: 10, offset: 0, q: '4001' })).items).toEqual([first]);
    });

    it('treats % and _ in the filter as characters, not wildcards', async () => {
      const discount = await createNumber(store, acme.id, amsterdamNumber(1), 'Save 50% today');
      await createNumber(store, acme.id, amsterdamNumber(2), 'Save 500 today');
      await createNumber(store, acme.id, amsterdamNumber(3), 'snake_case');
      expect((await store.numbers.list(acme.id, { limit: 10, offset: 0, q: '50%' })).items).toEqual([discount]);
      expect((await store.numbers.list(acme.id, { limit: 10, offset: 0, q: 'e_c' })).total).toBe(1);
      expect((await store.numbers.list(acme.id, { limit: 10, offset: 0, q: '!' })).total).toBe(0);
    });

    it('names the organizations that have numbers', async () => {
      expect(await store.numbers.organizationIdsWithNumbers()).toEqual([]);
      await createNumber(store, acme.id, amsterdamNumber(1));
      await createNumber(store, acme.id, amsterdamNumber(2));
      expect(await store.numbers.organizationIdsWithNumbers()).toEqual([acme.id]);
      await createNumber(store, globex.id, amsterdamNumber(3));
      expect([...(await store.numbers.organizationIdsWithNumbers())].sort()).toEqual([acme.id, globex.id].sort());
    });
  });

  describe('a phone number belongs to one number on the whole platform', () => {
    it('names the existing number when it is in the same organization', async () => {
      const existing = await createNumber(store, acme.id, amsterdamNumber(1), 'Sales');
      const error = await createNumber(store, acme.id, amsterdamNumber(1), 'Again').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'number_taken', conflictsWith: { type: 'number', id: existing.id } });
      expect((error as Error).message).toContain(existing.id);
    });

    it('says only "in use elsewhere" when another organization has it', async () => {
      const theirs = await createNumber(store, globex.id, amsterdamNumber(1), 'Globex line');
      const error = await createNumber(store, acme.id, amsterdamNumber(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'number_taken', conflictsWith: undefined });
      const message = (error as Error).message;
      expect(message).toMatch(/in use elsewhere/);
      for (const secret of [globex.id, theirs.id, 'Globex']) expect(message).not.toContain(secret);
    });

    it('refuses to change a number to a phone number that is taken, and keeps it as it was', async () => {
      const mine = await createNumber(store, acme.id, amsterdamNumber(1), 'Mine');
      const other = await createNumber(store, acme.id, amsterdamNumber(2), 'Other');
      await createNumber(store, globex.id, amsterdamNumber(3), 'Theirs');
      await expect(
        store.transaction(system, (tx) => tx.numbers.update(acme.id, mine.id, { phoneNumber: amsterdamNumber(2) })),
      ).rejects.toMatchObject({ code: 'number_taken', conflictsWith: { type: 'number', id: other.id } });
      await expect(
        store.transaction(system, (tx) => tx.numbers.update(acme.id, mine.id, { phoneNumber: amsterdamNumber(3) })),
      ).rejects.toMatchObject({ code: 'number_taken', conflictsWith: undefined });
      expect(await store.numbers.get(acme.id, mine.id)).toEqual(mine);
      // Keeping its own phone number is no conflict.
      const same = await store.transaction(system, (tx) => tx.numbers.update(acme.id, mine.id, { phoneNumber: amsterdamNumber(1) }));
      expect(same?.version).toBe(2);
    });

    it('leaves the transaction usable after a collision, so the caller may carry on', async () => {
      await createNumber(store, globex.id, amsterdamNumber(1));
      const outcome = await store.transaction(system, async (tx) => {
        const first = await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(2), label: 'First', flow: hangUp });
        const collision = await tx.numbers
          .create({ organizationId: acme.id, phoneNumber: amsterdamNumber(1), label: 'Taken', flow: hangUp })
          .catch((e: unknown) => e);
        const second = await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(3), label: 'Second', flow: hangUp });
        return { first, collision, second };
      });
      expect(outcome.collision).toMatchObject({ code: 'number_taken' });
      expect(await store.numbers.listAll(acme.id)).toEqual([outcome.first, outcome.second]);
    });

    it('lets exactly one of two concurrent creates of the same phone number win', async () => {
      // On PostgreSQL both transactions are made to be open at once before either inserts, so the
      // unique constraint, not a read beforehand, has to decide. SQLite runs one transaction at a time.
      const bothOpen = dialect.name === 'postgres' ? barrier(2) : () => Promise.resolve();
      const attempt = (organization: Organization, label: string) =>
        store.transaction(system, async (tx) => {
          await tx.numbers.findByPhoneNumber(amsterdamNumber(1));
          await bothOpen();
          return tx.numbers.create({ organizationId: organization.id, phoneNumber: amsterdamNumber(1), label, flow: hangUp });
        });
      const results = await Promise.allSettled([attempt(acme, 'Acme'), attempt(globex, 'Globex')]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
      expect(lost[0]?.reason).toMatchObject({ code: 'number_taken', conflictsWith: undefined });
      const holder = await store.numbers.findByPhoneNumber(amsterdamNumber(1));
      expect(holder).toEqual(won[0]?.value);
    });
  });

  describe('organizations are kept apart', () => {
    it('never lets another organization read, list, change or delete a number', async () => {
      const number = await createNumber(store, acme.id, amsterdamNumber(1), 'Acme line');
      expect(await store.numbers.get(globex.id, number.id)).toBeNull();
      expect(await store.numbers.list(globex.id, { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
      expect(await store.numbers.list(globex.id, { limit: 10, offset: 0, q: 'Acme' })).toEqual({ items: [], total: 0 });
      expect(await store.numbers.listAll(globex.id)).toEqual([]);
      expect(await store.transaction(system, (tx) => tx.numbers.update(globex.id, number.id, { label: 'Mine now' }))).toBeNull();
      expect(await store.transaction(system, (tx) => tx.numbers.update(globex.id, number.id, { label: 'x' }, 1))).toBeNull();
      expect(await store.transaction(system, (tx) => tx.numbers.delete(globex.id, number.id))).toBeNull();
      expect(await store.numbers.get(acme.id, number.id)).toEqual(number);
      expect((await store.audit.list(globex.id, { limit: 10, offset: 0, resourceType: 'number' })).total).toBe(0);
    });
  });
});

/** Resolves every caller once `count` callers are waiting. */
function barrier(count: number): () => Promise<void> {
  let waiting = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    waiting += 1;
    if (waiting === count) open();
    return opened;
  };
}
