import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import type { Store, StoreChange } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { amsterdamNumber, createNumber, createOrganization, hangUp, system } from './store-test-data.ts';

const alice = { tokenId: 'tok_0000000000aaaaaaaaaaaa' as TokenId };
const bob = { tokenId: 'tok_0000000000bbbbbbbbbbbb' as TokenId };

describe.each(storeDialects())('audit log ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
  });
  afterEach(() => store.close());

  it('records every change to a number with who made it and the record before and after, newest first', async () => {
    const created = await store.transaction(alice, (tx) =>
      tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(1), label: 'Sales', flow: hangUp }),
    );
    const updated = await store.transaction(bob, (tx) => tx.numbers.update(acme.id, created.id, { label: 'Support' }));
    const deleted = await store.transaction(alice, (tx) => tx.numbers.delete(acme.id, created.id));

    const log = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceId: created.id });
    expect(log.total).toBe(3);
    expect(log.items.map((e) => [e.action, e.actorTokenId])).toEqual([
      ['delete', alice.tokenId],
      ['update', bob.tokenId],
      ['create', alice.tokenId],
    ]);
    expect(log.items[2]).toMatchObject({ resourceType: 'number', resourceId: created.id, before: null, after: created });
    expect(log.items[1]).toMatchObject({ before: created, after: updated });
    expect(log.items[0]).toMatchObject({ before: deleted, after: null });
    for (const entry of log.items) {
      expect(entry.id).toMatch(/^aud_/);
      expect(entry.organizationId).toBe(acme.id);
      expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(log.items[0]!.at >= log.items[2]!.at).toBe(true);
  });

  it('filters by resource type and resource, and pages with a total', async () => {
    const one = await createNumber(store, acme.id, amsterdamNumber(1));
    const two = await createNumber(store, acme.id, amsterdamNumber(2));
    await store.transaction(system, (tx) => tx.organizations.update(acme.id, { name: 'Acme 2' }));

    const all = await store.audit.list(acme.id, { limit: 10, offset: 0 });
    expect(all.items.map((e) => e.resourceId)).toEqual([acme.id, two.id, one.id, acme.id]);
    expect(await store.audit.list(acme.id, { limit: 2, offset: 1 })).toEqual({ items: all.items.slice(1, 3), total: 4 });

    const numbers = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'number' });
    expect(numbers.items.map((e) => e.resourceId)).toEqual([two.id, one.id]);
    const organization = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'organization', resourceId: acme.id });
    expect(organization.items.map((e) => e.action)).toEqual(['update', 'create']);
  });

  it('keeps newest-first order among entries written in the same transaction', async () => {
    const labels = Array.from({ length: 10 }, (_, i) => `Line ${i}`);
    await store.transaction(system, async (tx) => {
      for (const [i, label] of labels.entries()) {
        await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(i), label, flow: hangUp });
      }
    });
    const log = await store.audit.list(acme.id, { limit: 20, offset: 0, resourceType: 'number' });
    expect(log.items.map((e) => (e.after as { label: string }).label)).toEqual([...labels].reverse());
  });

  it('shows an organization only its own entries', async () => {
    const globex = await createOrganization(store, 'Globex');
    await createNumber(store, globex.id, amsterdamNumber(1));
    const log = await store.audit.list(acme.id, { limit: 10, offset: 0 });
    expect(log.items.every((e) => e.organizationId === acme.id)).toBe(true);
    expect(log.total).toBe(1);
  });

  it('writes nothing for a transaction that rolls back', async () => {
    const failure = new Error('changed my mind');
    await expect(
      store.transaction(alice, async (tx) => {
        await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(1), label: 'x', flow: hangUp });
        await tx.organizations.update(acme.id, { name: 'Renamed' });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store.audit.list(acme.id, { limit: 10, offset: 0 })).toMatchObject({ total: 1, items: [{ action: 'create', resourceType: 'organization' }] });
    expect(await store.numbers.listAll(acme.id)).toEqual([]);
    expect((await store.organizations.get(acme.id))?.name).toBe('Acme');
  });

  it('lets code record an entry of its own, which the change feed reports like any other', async () => {
    const heard: StoreChange[][] = [];
    store.onChange((changes) => void heard.push([...changes]));
    const entry = await store.transaction(bob, (tx) =>
      tx.audit.record({ organizationId: acme.id, action: 'update', resourceType: 'organization', resourceId: acme.id, before: { a: 1 }, after: { a: 2 } }),
    );
    expect(entry).toMatchObject({ actorTokenId: bob.tokenId, before: { a: 1 }, after: { a: 2 } });
    expect((await store.audit.list(acme.id, { limit: 1, offset: 0 })).items).toEqual([entry]);
    expect(heard).toEqual([[{ organizationId: acme.id, resourceType: 'organization', resourceId: acme.id, action: 'update' }]]);
  });
});
