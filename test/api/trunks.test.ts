import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

const password = 'pw-Zq7-never-shown';

const carrier = {
  name: 'Carrier A',
  host: 'SIP.Carrier.example.',
  username: 'acme-trunk',
  password,
  sourceAddresses: ['192.0.2.17/24', '2001:DB8:10:0:0:0:0:0/48'],
};

describe.each(storeDialects())('trunks API ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  async function createTrunk(body: Record<string, unknown> = carrier) {
    const res = await api.call('POST', '/v1/trunks', api.rootToken, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; version: number }>();
  }

  it('creates a trunk with defaults and normalised fields, and shows it the same way everywhere', async () => {
    const res = await api.call('POST', '/v1/trunks', api.rootToken, carrier);
    expect(res.statusCode).toBe(201);
    const trunk = res.json();
    expect(trunk).toMatchObject({
      name: 'Carrier A',
      host: 'sip.carrier.example',
      port: 5060,
      transport: 'udp',
      username: 'acme-trunk',
      hasPassword: true,
      sourceAddresses: ['192.0.2.0/24', '2001:db8:10::/48'],
      enabled: true,
      maxCallsPerSecond: 100,
      version: 1,
    });
    expect(trunk.id).toMatch(/^trk_/);
    expect(res.headers.location).toBe(`/v1/trunks/${trunk.id}`);
    expect((await api.call('GET', `/v1/trunks/${trunk.id}`, api.rootToken)).json()).toEqual(trunk);
    const list = (await api.call('GET', '/v1/trunks', api.rootToken)).json();
    expect(list).toEqual({ items: [trunk], total: 1, limit: 50, offset: 0 });
  });

  it('accepts IPv4 and IPv6 hosts, bracketed or not, and a disabled trunk without source addresses', async () => {
    const v6 = (await api.call('POST', '/v1/trunks', api.rootToken, { name: 'v6', host: '[2001:DB8::0:10]', port: 5080, transport: 'tcp', enabled: false })).json();
    expect(v6).toMatchObject({ host: '2001:db8::10', port: 5080, transport: 'tcp', enabled: false, sourceAddresses: [], username: null, hasPassword: false });
    const v4 = (await api.call('POST', '/v1/trunks', api.rootToken, { name: 'v4', host: '198.51.100.7', sourceAddresses: ['198.51.100.7'] })).json();
    expect(v4).toMatchObject({ host: '198.51.100.7', sourceAddresses: ['198.51.100.7/32'] });
  });

  it.each([
    ['a bad host', { host: 'not a host!' }, '/host', 'invalid_host'],
    ['an IPv4 address out of range', { host: '10.0.0.256' }, '/host', 'invalid_host'],
    ['port 0', { port: 0 }, '/port', 'minimum'],
    ['port 65536', { port: 65536 }, '/port', 'maximum'],
    ['a prefix longer than the address', { sourceAddresses: ['10.0.0.0/8', '10.0.0.0/33'] }, '/sourceAddresses/1', 'invalid_cidr'],
    ['an IPv6 prefix past 128', { sourceAddresses: ['2001:db8::/129'] }, '/sourceAddresses/0', 'invalid_cidr'],
    ['an unknown transport', { transport: 'sctp' }, '/transport', 'enum'],
    ['an enabled trunk without source addresses', { sourceAddresses: [] }, '/sourceAddresses', 'required'],
    ['a password without a username', { username: undefined }, '/username', 'required'],
    ['an unknown field', { colour: 'red' }, '/colour', 'additionalProperties'],
    ['no calls per second', { maxCallsPerSecond: 0 }, '/maxCallsPerSecond', 'minimum'],
    ['more than 10000 calls per second', { maxCallsPerSecond: 10_001 }, '/maxCallsPerSecond', 'maximum'],
    ['a fraction of a call per second', { maxCallsPerSecond: 2.5 }, '/maxCallsPerSecond', 'type'],
  ])('refuses %s with a problem naming the field', async (_what, change, field, code) => {
    const res = await api.call('POST', '/v1/trunks', api.rootToken, { ...carrier, ...change });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual([expect.objectContaining({ field, code })]);
    expect((await api.call('GET', '/v1/trunks', api.rootToken)).json().total).toBe(0);
  });

  it('reports every invalid field at once', async () => {
    const res = await api.call('POST', '/v1/trunks', api.rootToken, { name: 'x', host: '-bad-', sourceAddresses: ['1.2.3.4/40', 'nope'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['/host', '/sourceAddresses/0', '/sourceAddresses/1']);
  });

  it('changes what the patch names, keeps the rest, removes credentials with null, and deletes', async () => {
    const trunk = await createTrunk();
    const patched = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { port: 5070, transport: 'tcp', sourceAddresses: ['203.0.113.5'] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ port: 5070, transport: 'tcp', sourceAddresses: ['203.0.113.5/32'], host: 'sip.carrier.example', hasPassword: true, version: 2 });

    const emptied = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { sourceAddresses: [] });
    expect(emptied.statusCode).toBe(400);
    expect(emptied.json().errors).toEqual([expect.objectContaining({ field: '/sourceAddresses', code: 'required' })]);
    const disabled = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { sourceAddresses: [], enabled: false });
    expect(disabled.json()).toMatchObject({ sourceAddresses: [], enabled: false, version: 3 });

    const badPort = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { port: 0 });
    expect(badPort.json().errors).toEqual([expect.objectContaining({ field: '/port' })]);
    const halfCleared = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { username: null });
    expect(halfCleared.json().errors).toEqual([expect.objectContaining({ field: '/username', code: 'required' })]);
    const cleared = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { username: null, password: null });
    expect(cleared.json()).toMatchObject({ username: null, hasPassword: false, version: 4 });

    expect((await api.call('DELETE', `/v1/trunks/${trunk.id}`, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', `/v1/trunks/${trunk.id}`, api.rootToken)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/v1/trunks/${trunk.id}`, api.rootToken)).statusCode).toBe(404);
    expect((await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { name: 'x' })).statusCode).toBe(404);
    expect((await api.call('GET', '/v1/trunks/not-an-id', api.rootToken)).json().code).toBe('not_found');
  });

  it('takes a call-rate limit on create and on change, keeps it through other changes, and audits it', async () => {
    const trunk = (await api.call('POST', '/v1/trunks', api.rootToken, { ...carrier, maxCallsPerSecond: 10_000 })).json();
    expect(trunk.maxCallsPerSecond).toBe(10_000);
    const slowed = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { maxCallsPerSecond: 1 });
    expect(slowed.json()).toMatchObject({ maxCallsPerSecond: 1, version: 2 });
    expect((await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { name: 'Renamed' })).json()).toMatchObject({ maxCallsPerSecond: 1 });
    const refused = await api.call('PATCH', `/v1/trunks/${trunk.id}`, api.rootToken, { maxCallsPerSecond: 0 });
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: '/maxCallsPerSecond' })]);
    expect((await api.call('GET', `/v1/trunks/${trunk.id}`, api.rootToken)).json().maxCallsPerSecond).toBe(1);
    const audit = (await api.call('GET', `/v1/audit?resourceType=trunk&resourceId=${trunk.id}`, api.rootToken)).json();
    expect(audit.items[1]).toMatchObject({ before: { maxCallsPerSecond: 10_000 }, after: { maxCallsPerSecond: 1 } });
  });

  it('pages the list with a total', async () => {
    for (let i = 0; i < 3; i++) await createTrunk({ ...carrier, name: `Trunk ${i}` });
    const page = (await api.call('GET', '/v1/trunks?limit=1&offset=1', api.rootToken)).json();
    expect(page.total).toBe(3);
    expect(page.items.map((t: { name: string }) => t.name)).toEqual(['Trunk 1']);
  });

  it('never shows the password: not in any response, not in the audit log', async () => {
    const created = await api.call('POST', '/v1/trunks', api.rootToken, carrier);
    const id = created.json().id as string;
    const newPassword = 'second-Secret-9x';
    const responses = [
      created,
      await api.call('GET', `/v1/trunks/${id}`, api.rootToken),
      await api.call('GET', '/v1/trunks', api.rootToken),
      await api.call('PATCH', `/v1/trunks/${id}`, api.rootToken, { password: newPassword }),
      await api.call('PATCH', `/v1/trunks/${id}`, api.rootToken, { password: 'x', sourceAddresses: ['nope'] }),
      await api.call('DELETE', `/v1/trunks/${id}`, api.rootToken),
    ];
    const audit = await api.call('GET', `/v1/audit?resourceType=trunk&resourceId=${id}`, api.rootToken);
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(audit.json().items[1]).toMatchObject({ before: { hasPassword: true, version: 1 }, after: { hasPassword: true, version: 2 } });
    for (const res of [...responses, audit]) {
      expect(res.body).not.toContain(password);
      expect(res.body).not.toContain(newPassword);
      expect(res.body).not.toContain('"password"');
    }
    // The store keeps it: call control must answer digest challenges with it.
    const again = await createTrunk();
    const organizationId = (await api.call('GET', '/v1/organization', api.rootToken)).json().id;
    const stored = await api.store.trunks.list(organizationId, { limit: 10, offset: 0 });
    expect(stored.items.map((t) => [t.id, t.password])).toEqual([[again.id, password]]);
  });

  it('lets a viewer read but not write', async () => {
    const trunk = await createTrunk();
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'viewer', role: 'viewer' })).json().secret as string;
    expect((await api.call('GET', '/v1/trunks', viewer)).statusCode).toBe(200);
    expect((await api.call('GET', `/v1/trunks/${trunk.id}`, viewer)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/v1/trunks', carrier],
      ['PATCH', `/v1/trunks/${trunk.id}`, { name: 'Renamed' }],
      ['DELETE', `/v1/trunks/${trunk.id}`, undefined],
    ] as const) {
      const res = await api.call(method, url, viewer, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect((await api.call('GET', `/v1/trunks/${trunk.id}`, api.rootToken)).json()).toMatchObject({ name: 'Carrier A', version: 1 });
  });

  it('hides one organization’s trunks from another: 404, and an empty list', async () => {
    const trunk = await createTrunk();
    const other = await api.newOrganization('Other BV');
    expect((await api.call('GET', '/v1/trunks', other.token)).json()).toMatchObject({ items: [], total: 0 });
    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'Mine now' }], ['DELETE', undefined]] as const) {
      const res = await api.call(method, `/v1/trunks/${trunk.id}`, other.token, body);
      expect(res.statusCode, method).toBe(404);
      expect(res.body).not.toContain('Carrier A');
    }
    expect((await api.call('GET', `/v1/trunks/${trunk.id}`, api.rootToken)).json()).toMatchObject({ name: 'Carrier A', version: 1 });
  });
});
