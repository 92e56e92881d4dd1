import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectiveAllowedCountries, isCountryAllowed } from '../../src/domain/allowed-countries.ts';
import type { OrganizationId, TokenId } from '../../src/domain/ids.ts';
import type { Store } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { country, createOrganization, system } from './store-test-data.ts';

const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(storeDialects())('organizations ($name)', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await dialect.openMigrated();
  });
  afterEach(() => store.close());

  it('creates an organization and reads it back', async () => {
    const created = await createOrganization(store, 'Acme Plumbing');
    expect(created).toMatchObject({ name: 'Acme Plumbing', country: 'NL' });
    expect(created.id).toMatch(/^org_/);
    expect(created.createdAt).toMatch(isoMillis);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(await store.organizations.get(created.id)).toEqual(created);
    expect(await store.organizations.get('org_0000000000aaaaaaaaaaaa' as OrganizationId)).toBeNull();
  });

  it('updates only the fields in the patch', async () => {
    const created = await createOrganization(store, 'Acme');
    const updated = await store.transaction(system, (tx) => tx.organizations.update(created.id, { name: 'Acme B.V.' }));
    expect(updated).toMatchObject({ id: created.id, name: 'Acme B.V.', country: 'NL', createdAt: created.createdAt });
    expect(updated!.updatedAt >= created.updatedAt).toBe(true);
    expect(await store.organizations.get(created.id)).toEqual(updated);

    const moved = await store.transaction(system, (tx) => tx.organizations.update(created.id, { country: country('BE') }));
    expect(moved).toMatchObject({ name: 'Acme B.V.', country: 'BE' });
  });

  it('keeps allowed countries: null by default (its own country), a list when set, and null again to go back', async () => {
    const created = await createOrganization(store, 'Acme');
    expect(created.allowedCountries).toBeNull();
    expect(effectiveAllowedCountries(created)).toEqual(['NL']);

    const widened = await store.transaction(system, (tx) =>
      tx.organizations.update(created.id, { allowedCountries: [country('NL'), country('BE'), country('DE')] }),
    );
    expect(widened?.allowedCountries).toEqual(['NL', 'BE', 'DE']);
    expect(await store.organizations.get(created.id)).toEqual(widened);
    // A patch without the field leaves the list alone.
    const renamed = await store.transaction(system, (tx) => tx.organizations.update(created.id, { name: 'Acme 2' }));
    expect(renamed?.allowedCountries).toEqual(['NL', 'BE', 'DE']);

    const reset = await store.transaction(system, (tx) => tx.organizations.update(created.id, { allowedCountries: null }));
    expect(reset?.allowedCountries).toBeNull();
    // The default follows the home country.
    const moved = await store.transaction(system, (tx) => tx.organizations.update(created.id, { country: country('BE') }));
    expect(moved && effectiveAllowedCountries(moved)).toEqual(['BE']);

    const none = await store.transaction(system, (tx) => tx.organizations.update(created.id, { allowedCountries: [] }));
    expect(none?.allowedCountries).toEqual([]);
    expect(none && isCountryAllowed(none, country('BE'))).toBe(false);

    const withList = await store.transaction(system, (tx) =>
      tx.organizations.create({ name: 'Globex', country: country('GB'), allowedCountries: [country('IE')] }),
    );
    expect(await store.organizations.get(withList.id)).toMatchObject({ country: 'GB', allowedCountries: ['IE'] });
  });

  it('returns null when updating an organization that does not exist, and logs nothing', async () => {
    const missing = 'org_0000000000aaaaaaaaaaaa' as OrganizationId;
    expect(await store.transaction(system, (tx) => tx.organizations.update(missing, { name: 'x' }))).toBeNull();
    expect((await store.audit.list(missing, { limit: 10, offset: 0 })).total).toBe(0);
  });

  it('lists in creation order with paging and a total', async () => {
    const created = [];
    for (const name of ['A', 'B', 'C', 'D', 'E']) created.push(await createOrganization(store, name));
    const page = await store.organizations.list({ limit: 2, offset: 1 });
    expect(page.total).toBe(5);
    expect(page.items).toEqual(created.slice(1, 3));
    expect((await store.organizations.list({ limit: 10, offset: 0 })).items).toEqual(created);
    expect((await store.organizations.list({ limit: 10, offset: 5 })).items).toEqual([]);
    expect(await store.organizations.count()).toBe(5);
  });

  it('keeps creation order for organizations created in one transaction (same millisecond)', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `Org ${i}`);
    await store.transaction(system, async (tx) => {
      for (const name of names) await tx.organizations.create({ name, country: country('NL') });
    });
    const page = await store.organizations.list({ limit: 100, offset: 0 });
    expect(page.items.map((o) => o.name)).toEqual(names);
  });

  it('audits creation and changes with the actor and the record before and after', async () => {
    const actor = { tokenId: 'tok_0000000000aaaaaaaaaaaa' as TokenId };
    const created = await store.transaction(actor, (tx) => tx.organizations.create({ name: 'Acme', country: country('NL') }));
    const updated = await store.transaction(actor, (tx) => tx.organizations.update(created.id, { name: 'Acme 2' }));
    const log = await store.audit.list(created.id, { limit: 10, offset: 0 });
    expect(log.total).toBe(2);
    expect(log.items[0]).toMatchObject({
      organizationId: created.id,
      actorTokenId: actor.tokenId,
      action: 'update',
      resourceType: 'organization',
      resourceId: created.id,
      before: created,
      after: updated,
    });
    expect(log.items[1]).toMatchObject({ action: 'create', before: null, after: created, actorTokenId: actor.tokenId });
  });

  it('rejects a page the API should have refused', async () => {
    await expect(store.organizations.list({ limit: -1, offset: 0 })).rejects.toThrow(RangeError);
    await expect(store.organizations.list({ limit: 10, offset: 1.5 })).rejects.toThrow(RangeError);
  });
});
