import { afterEach, describe, expect, it } from 'vitest';
import { deviceHa1 } from '../../src/domain/device-credentials.ts';
import type { LocationId, OrganizationId } from '../../src/domain/ids.ts';
import type { RegisteredContact, RegistrationOwner } from '../../src/domain/registration.ts';
import type { BindingStore } from '../../src/sip/registrar/binding.ts';
import { openStore } from '../../src/store/open-store.ts';
import { RegistrationBindingStore } from '../../src/store/registration-binding-store.ts';
import type { Store } from '../../src/store/store.ts';
import { storeDialects, temporarySqliteFile } from '../support/databases.ts';
import { createOrganization, system } from './store-test-data.ts';

const inAnHour = Date.UTC(2026, 10, 23, 16, 0, 0);

function binding(contact: string, overrides: Partial<RegisteredContact> = {}): RegisteredContact {
  return { contact, expiresAt: inAnHour, callId: 'a84b4c76e66710@pc33.example.com', cseq: 3, source: { transport: 'udp', address: '192.0.2.4', port: 5062 }, ...overrides };
}

/** An organization with one location and one user with one device, `alice-desk`. */
async function aliceWithADesk(store: Store): Promise<RegistrationOwner> {
  const organization = await createOrganization(store, 'Acme');
  return store.transaction(system, async (tx) => {
    const location = await tx.locations.create(organization.id, { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801', outsideDialDigit: '0', country: null, emergencyCallbackNumber: null });
    const user = await tx.users.create(organization.id, {
      firstName: 'Alice',
      lastName: 'Smit',
      displayName: 'Alice Smit',
      locationId: location.id,
      extension: '1001',
      email: null,
      devices: [{ id: null, name: 'Desk phone', username: 'alice-desk', ha1: deviceHa1('alice-desk', 'correct horse') }],
    });
    const device = user.devices[0];
    if (!device) throw new Error('the user was stored without its device');
    return { organizationId: organization.id, userId: user.id, deviceId: device.id };
  });
}

describe.each(storeDialects())('registrations ($name)', (dialect) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('stores, replaces and removes the bindings of an address-of-record, and lists them by user', async () => {
    store = await dialect.openMigrated();
    const owner = await aliceWithADesk(store);
    expect(await store.registrations.get('alice-desk')).toEqual([]);

    const two = [binding('sip:alice@192.0.2.4:5062', { q: 0.7, instance: '<urn:uuid:00000000-0000-1000-8000-000a95a0e128>' }), binding('sip:alice@198.51.100.9:5060;transport=tcp', { cseq: 4, source: { transport: 'tcp', address: '198.51.100.9', port: 40123 } })];
    await store.registrations.put('alice-desk', owner, two);
    expect(await store.registrations.get('alice-desk')).toEqual(two);

    const one = [binding('sip:alice@192.0.2.4:5062', { cseq: 5 })];
    await store.registrations.put('alice-desk', owner, one);
    expect(await store.registrations.get('alice-desk')).toEqual(one);
    expect(await store.registrations.listForUser(owner.organizationId, owner.userId)).toEqual([
      { aor: 'alice-desk', ...owner, bindings: one, updatedAt: expect.any(String) },
    ]);
    expect(await store.registrations.listForUser('org_00000000000000000000zz' as OrganizationId, owner.userId)).toEqual([]);

    await store.registrations.put('alice-desk', owner, []);
    expect(await store.registrations.get('alice-desk')).toEqual([]);
    expect(await store.registrations.listForUser(owner.organizationId, owner.userId)).toEqual([]);
  });

  it("finds a device's owner by its user name, and forgets the registrations of a deleted user", async () => {
    store = await dialect.openMigrated();
    const owner = await aliceWithADesk(store);
    const found = await store.users.findDeviceByUsername('alice-desk');
    expect(found).toMatchObject({ organizationId: owner.organizationId, user: { id: owner.userId, displayName: 'Alice Smit' }, device: { id: owner.deviceId, username: 'alice-desk' } });
    expect(await store.users.findDeviceByUsername('Alice-desk')).toBeNull();

    await store.registrations.put('alice-desk', owner, [binding('sip:alice@192.0.2.4:5062')]);
    await store.transaction(system, (tx) => tx.users.delete(owner.organizationId, owner.userId));
    expect(await store.registrations.get('alice-desk')).toEqual([]);
    expect(await store.users.findDeviceByUsername('alice-desk')).toBeNull();
  });

  it("serves as the registrar's BindingStore: un-registering needs no owner, registering a gone device is refused", async () => {
    store = await dialect.openMigrated();
    const owner = await aliceWithADesk(store);
    const registrations = store.registrations;
    const bindings: BindingStore = new RegistrationBindingStore(registrations, async (aor) => (aor === 'alice-desk' ? owner : null));
    await bindings.put('alice-desk', [binding('sip:alice@192.0.2.4:5062')]);
    expect(await bindings.get('alice-desk')).toEqual([binding('sip:alice@192.0.2.4:5062')]);
    await expect(bindings.put('nobody', [binding('sip:nobody@192.0.2.5')])).rejects.toThrow(/no device owns/);
    await bindings.put('alice-desk', []);
    expect(await registrations.get('alice-desk')).toEqual([]);
  });
});

describe('registrations on a reopened SQLite file', () => {
  it('survives closing and reopening the store, as after a restart', async () => {
    const file = temporarySqliteFile();
    try {
      const first = await openStore({ kind: 'sqlite', file: file.path });
      await first.migrate();
      const owner = await aliceWithADesk(first);
      const stored = [binding('sip:alice@192.0.2.4:5062'), binding('sip:alice@192.0.2.4:5064', { callId: 'other@pc33', cseq: 9 })];
      await first.registrations.put('alice-desk', owner, stored);
      await first.close();

      const second = await openStore({ kind: 'sqlite', file: file.path });
      try {
        expect(await second.migrate()).toEqual([]);
        expect(await second.registrations.get('alice-desk')).toEqual(stored);
        expect(await second.registrations.listForUser(owner.organizationId, owner.userId)).toMatchObject([{ aor: 'alice-desk', deviceId: owner.deviceId }]);
        expect((await second.users.findDeviceByUsername('alice-desk'))?.device.ha1).toEqual(deviceHa1('alice-desk', 'correct horse'));
        const location = (await second.locations.listAll(owner.organizationId))[0];
        expect(location?.id).toMatch(/^loc_/);
        expect(await second.users.countInLocation(owner.organizationId, location?.id ?? ('' as LocationId))).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      file.remove();
    }
  });
});
