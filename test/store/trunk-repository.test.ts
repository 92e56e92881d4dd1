import { BlockList } from 'node:net';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.ts';
import type { OrganizationId, TrunkId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import { trunkSettingsFromInput, type TrunkInput } from '../../src/domain/trunk.ts';
import type { StoreChange, Store } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { createOrganization, system } from './store-test-data.ts';

const missing = 'trk_0000000000aaaaaaaaaaaa' as TrunkId;
const secret = 'digest-Secret-42';

/** A trunk as the API would hand it to the store: validated and normalised by the domain. */
function createTrunk(store: Store, organizationId: OrganizationId, input: TrunkInput) {
  const settings = trunkSettingsFromInput({ name: 'Carrier', host: 'sip.carrier.example', ...input }, null);
  return store.transaction(system, (tx) => tx.trunks.create({ organizationId, ...settings }));
}

const ids = (trunks: readonly { id: string }[]) => trunks.map((t) => t.id);

describe.each(storeDialects())('trunks ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  let globex: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
    globex = await createOrganization(store, 'Globex');
  });
  afterEach(() => store.close());

  it('creates at version 1 and reads it back whole, password included, only within its organization', async () => {
    const trunk = await createTrunk(store, acme.id, { username: 'acme', password: secret, sourceAddresses: ['192.0.2.0/24', '2001:db8::/32'] });
    expect(trunk).toMatchObject({
      organizationId: acme.id,
      host: 'sip.carrier.example',
      port: 5060,
      transport: 'udp',
      username: 'acme',
      password: secret,
      sourceAddresses: ['192.0.2.0/24', '2001:db8::/32'],
      enabled: true,
      version: 1,
    });
    expect(trunk.id).toMatch(/^trk_/);
    expect(await store.trunks.get(acme.id, trunk.id)).toEqual(trunk);
    expect(await store.trunks.get(globex.id, trunk.id)).toBeNull();
    expect(await store.trunks.list(globex.id, { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
  });

  it('keeps the call-rate limit: 100 by default, changed by a patch, kept by a patch without it', async () => {
    const trunk = await createTrunk(store, acme.id, { sourceAddresses: ['192.0.2.0/24'] });
    expect(trunk.maxCallsPerSecond).toBe(100);
    const raised = await store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { maxCallsPerSecond: 2500 }));
    expect(raised?.maxCallsPerSecond).toBe(2500);
    const renamed = await store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { name: 'Renamed' }));
    expect(renamed?.maxCallsPerSecond).toBe(2500);
    expect(await store.trunks.get(acme.id, trunk.id)).toEqual(renamed);
    const slow = await createTrunk(store, acme.id, { sourceAddresses: ['198.51.100.0/24'], maxCallsPerSecond: 1 });
    expect((await store.trunks.findBySourceAddress('198.51.100.9'))[0]).toMatchObject({ id: slow.id, maxCallsPerSecond: 1 });
  });

  it('lists in creation order with paging and a total', async () => {
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await createTrunk(store, acme.id, { name: `T${i}`, sourceAddresses: [`10.0.${i}.0/24`] }));
    await createTrunk(store, globex.id, { sourceAddresses: ['10.9.0.0/16'] });
    const page = await store.trunks.list(acme.id, { limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(ids(page.items)).toEqual(ids(created.slice(1, 3)));
  });

  it('applies a patch, keeps the rest, and updates only at the expected version', async () => {
    const trunk = await createTrunk(store, acme.id, { username: 'u', password: secret, sourceAddresses: ['192.0.2.0/24'] });
    const moved = await store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { port: 5080, transport: 'tcp' }));
    expect(moved).toMatchObject({ port: 5080, transport: 'tcp', host: trunk.host, password: secret, version: 2, createdAt: trunk.createdAt });
    expect(await store.trunks.get(acme.id, trunk.id)).toEqual(moved);

    const stale = store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { name: 'Stale' }, 1));
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ code: 'conflict', conflictsWith: { type: 'trunk', id: trunk.id } });
    const cleared = await store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { username: null, password: null }, 2));
    expect(cleared).toMatchObject({ username: null, password: null, version: 3 });

    expect(await store.transaction(system, (tx) => tx.trunks.update(globex.id, trunk.id, { name: 'Theirs' }))).toBeNull();
    expect(await store.transaction(system, (tx) => tx.trunks.update(acme.id, missing, { name: 'Nobody' }))).toBeNull();
  });

  it('deletes only within the organization', async () => {
    const trunk = await createTrunk(store, acme.id, { sourceAddresses: ['192.0.2.0/24'] });
    expect(await store.transaction(system, (tx) => tx.trunks.delete(globex.id, trunk.id))).toBeNull();
    expect(await store.transaction(system, (tx) => tx.trunks.delete(acme.id, trunk.id))).toEqual(trunk);
    expect(await store.trunks.get(acme.id, trunk.id)).toBeNull();
    expect(await store.transaction(system, (tx) => tx.trunks.delete(acme.id, trunk.id))).toBeNull();
  });

  describe('findBySourceAddress', () => {
    it('finds every trunk, of any organization, whose networks hold the address', async () => {
      const wide = await createTrunk(store, acme.id, { sourceAddresses: ['10.0.0.0/8'] });
      const narrow = await createTrunk(store, globex.id, { sourceAddresses: ['198.51.100.0/24', '10.1.2.0/24'] });
      const v6 = await createTrunk(store, acme.id, { sourceAddresses: ['2001:db8:10::/48'] });
      const off = await createTrunk(store, globex.id, { sourceAddresses: ['203.0.113.9'], enabled: false });

      expect(ids(await store.trunks.findBySourceAddress('10.1.2.3'))).toEqual([wide.id, narrow.id]);
      expect(ids(await store.trunks.findBySourceAddress('10.255.255.255'))).toEqual([wide.id]);
      expect(ids(await store.trunks.findBySourceAddress('11.0.0.0'))).toEqual([]);
      expect(ids(await store.trunks.findBySourceAddress('9.255.255.255'))).toEqual([]);
      expect(ids(await store.trunks.findBySourceAddress('2001:DB8:10:ffff::1'))).toEqual([v6.id]);
      expect(ids(await store.trunks.findBySourceAddress('2001:db8:11::1'))).toEqual([]);
      // A dual-stack socket reports an IPv4 peer as IPv4-mapped IPv6.
      expect(ids(await store.trunks.findBySourceAddress('::ffff:198.51.100.200'))).toEqual([narrow.id]);
      // An IPv4 address spelt as hex IPv6 bytes is not in an IPv4 network, and vice versa.
      expect(ids(await store.trunks.findBySourceAddress('::a01:203'))).toEqual([]);
      // Disabled trunks are found; call control decides what to do with them.
      expect(await store.trunks.findBySourceAddress('203.0.113.9')).toEqual([expect.objectContaining({ id: off.id, enabled: false })]);
      expect(await store.trunks.findBySourceAddress('not an address')).toEqual([]);
    });

    it('follows changes of source addresses and deletes', async () => {
      const trunk = await createTrunk(store, acme.id, { sourceAddresses: ['192.0.2.0/24'] });
      await store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { sourceAddresses: ['198.51.100.0/24'] }));
      expect(ids(await store.trunks.findBySourceAddress('192.0.2.1'))).toEqual([]);
      expect(ids(await store.trunks.findBySourceAddress('198.51.100.1'))).toEqual([trunk.id]);
      await store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { name: 'Renamed' }));
      expect(ids(await store.trunks.findBySourceAddress('198.51.100.1'))).toEqual([trunk.id]);
      await store.transaction(system, (tx) => tx.trunks.delete(acme.id, trunk.id));
      expect(await store.trunks.findBySourceAddress('198.51.100.1')).toEqual([]);
    });

    it('agrees with arithmetic containment for any IPv4 network and address', async () => {
      const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
      await fc.assert(
        fc.asyncProperty(octets, fc.integer({ min: 0, max: 32 }), octets, async (net, length, addr) => {
          const trunk = await createTrunk(store, acme.id, { sourceAddresses: [`${net.join('.')}/${length}`] });
          try {
            const toInt = (o: readonly number[]) => o.reduce((n, b) => n * 256 + b, 0);
            const size = 2 ** (32 - length);
            const first = Math.floor(toInt(net) / size) * size;
            const inside = toInt(addr) >= first && toInt(addr) < first + size;
            expect(ids(await store.trunks.findBySourceAddress(addr.join('.')))).toEqual(inside ? [trunk.id] : []);
            // The network's own first and last addresses are always inside.
            const dotted = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
            expect(ids(await store.trunks.findBySourceAddress(dotted(first)))).toEqual([trunk.id]);
            expect(ids(await store.trunks.findBySourceAddress(dotted(first + size - 1)))).toEqual([trunk.id]);
          } finally {
            await store.transaction(system, (tx) => tx.trunks.delete(acme.id, trunk.id));
          }
        }),
        { numRuns: 25 },
      );
    });

    it('agrees with Node\'s BlockList for any IPv6 network and address, however the address is spelt', async () => {
      // Groups drawn from a few values, so runs of zeros (written `::`) and shared prefixes are common.
      const group = fc.constantFrom(0, 0, 0, 1, 0xdb8, 0xffff, 0x2001);
      const address = fc.array(group, { minLength: 8, maxLength: 8 });
      const full = (groups: readonly number[]) => groups.map((g) => g.toString(16)).join(':');
      await fc.assert(
        fc.asyncProperty(address, fc.integer({ min: 0, max: 128 }), address, async (net, length, addr) => {
          const trunk = await createTrunk(store, acme.id, { sourceAddresses: [`${full(net).toUpperCase()}/${length}`] });
          try {
            const oracle = new BlockList();
            oracle.addSubnet(full(net), length, 'ipv6');
            const [stored] = trunk.sourceAddresses;
            // The canonical text names the same network.
            const [storedNet = '', storedLength] = (stored ?? '').split('/');
            const mappedV4 = storedNet.includes('.');
            if (!mappedV4) expect(oracle.check(storedNet, 'ipv6')).toBe(true);
            if (!mappedV4) expect(Number(storedLength)).toBe(length);
            const found = ids(await store.trunks.findBySourceAddress(full(addr)));
            const inside = oracle.check(full(addr), 'ipv6');
            // IPv4-mapped networks and addresses are compared as IPv4 (both sides alike).
            expect(found).toEqual(inside ? [trunk.id] : []);
          } finally {
            await store.transaction(system, (tx) => tx.trunks.delete(acme.id, trunk.id));
          }
        }),
        { numRuns: 25 },
      );
    });
  });

  it('audits every change without the password, and reports it on the change feed as a trunk', async () => {
    const heard: StoreChange[] = [];
    store.onChange((changes) => void heard.push(...changes));
    const trunk = await createTrunk(store, acme.id, { username: 'u', password: secret, sourceAddresses: ['192.0.2.0/24'] });
    await store.transaction(system, (tx) => tx.trunks.update(acme.id, trunk.id, { password: 'another-Secret-7' }));
    await store.transaction(system, (tx) => tx.trunks.delete(acme.id, trunk.id));

    const audit = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'trunk', resourceId: trunk.id });
    expect(audit.items.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(audit.items[2]?.after).toMatchObject({ id: trunk.id, username: 'u', hasPassword: true, sourceAddresses: ['192.0.2.0/24'] });
    expect(audit.items[1]).toMatchObject({ before: { version: 1, hasPassword: true }, after: { version: 2, hasPassword: true } });
    const logged = JSON.stringify(audit.items);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('another-Secret-7');
    expect(logged).not.toContain('"password"');

    expect(heard).toEqual(
      (['create', 'update', 'delete'] as const).map((action) => ({ organizationId: acme.id, resourceType: 'trunk', resourceId: trunk.id, action })),
    );
  });
});
