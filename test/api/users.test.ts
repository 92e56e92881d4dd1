import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sipRealm } from '../../src/domain/device-credentials.ts';
import type { DeviceId, OrganizationId, UserId } from '../../src/domain/ids.ts';
import type { RegisteredContact } from '../../src/domain/registration.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { addAna, buildDialPlan, post, type DialPlanFixture, type DialPlanProblemBody } from './dial-plan-fixture.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(storeDialects())('users API ($name)', (dialect) => {
  let api: TestApi;
  let plan: DialPlanFixture;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    plan = await buildDialPlan(api);
  });
  afterEach(async () => {
    await api.close();
  });

  const eve = () => ({
    firstName: 'Eve',
    lastName: 'Bakker',
    locationId: plan.amsterdam,
    extension: '1002',
    email: 'eve@example.com',
    devices: [{ name: 'Desk phone', username: 'eve-desk', password: 'correct horse' }],
  });

  it('creates a user with a display name from first and last name, shows devices without any secret, and keeps only HA1 for the realm', async () => {
    const res = await api.call('POST', '/v1/users', api.rootToken, eve());
    expect(res.statusCode, res.body).toBe(201);
    const user = res.json();
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_/),
      firstName: 'Eve',
      lastName: 'Bakker',
      displayName: 'Eve Bakker',
      locationId: plan.amsterdam,
      extension: '1002',
      email: 'eve@example.com',
      devices: [{ id: expect.stringMatching(/^dev_/), name: 'Desk phone', username: 'eve-desk', hasPassword: true }],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/users/${user.id}`);
    expect((await api.call('GET', `/v1/users/${user.id}`, api.rootToken)).json()).toEqual(user);

    // The registrar finds the device by its user name, with HA1 = H(username:realm:password).
    const owner = await api.store.users.findDeviceByUsername('eve-desk');
    expect(owner).toMatchObject({ organizationId: expect.stringMatching(/^org_/), user: { id: user.id }, device: { id: user.devices[0].id } });
    expect(owner?.device.ha1).toEqual({ md5: md5(`eve-desk:${sipRealm}:correct horse`), sha256: sha256(`eve-desk:${sipRealm}:correct horse`) });
    expect(sipRealm).toBe('ringroute');

    // Neither the password nor its hashes leave through the API or the audit log.
    const everything = [
      (await api.call('GET', '/v1/users', api.rootToken)).body,
      (await api.call('GET', `/v1/audit?resourceId=${user.id}`, api.rootToken)).body,
    ].join('\n');
    for (const secret of ['correct horse', owner?.device.ha1.md5 ?? '-', owner?.device.ha1.sha256 ?? '-']) expect(everything).not.toContain(secret);
    expect((await api.call('GET', `/v1/audit?resourceId=${user.id}`, api.rootToken)).json().items[0]).toMatchObject({ resourceType: 'user', action: 'create' });
  });

  it("refuses a user extension that equals an organization-level virtual extension's, naming it", async () => {
    const ana = await addAna(api);
    const res = await api.call('POST', '/v1/users', api.rootToken, { firstName: 'Ned', locationId: plan.newYork, extension: '5001' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<DialPlanProblemBody>()).toMatchObject({
      code: 'conflict',
      conflictsWith: { type: 'virtualExtension', id: ana },
      errors: [{ field: '/extension', code: 'extension_shadows', message: expect.stringContaining('Ana Silva') }],
    });
  });

  it('lets only one of two simultaneous users take the same extension', async () => {
    const [one, two] = await Promise.all([
      api.call('POST', '/v1/users', api.rootToken, { firstName: 'Fay', locationId: plan.amsterdam, extension: '1005' }),
      api.call('POST', '/v1/users', api.rootToken, { firstName: 'Gus', locationId: plan.amsterdam, extension: '1005' }),
    ]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([201, 409]);
    expect([one, two].find((r) => r.statusCode === 409)?.json()).toMatchObject({ errors: [{ code: 'extension_taken' }] });
    expect((await api.call('GET', `/v1/users?locationId=${plan.amsterdam}`, api.rootToken)).json().total).toBe(3);
  });

  it('lists users with paging, a name search and a location filter', async () => {
    const all = (await api.call('GET', '/v1/users', api.rootToken)).json();
    expect(all).toMatchObject({ total: 3, items: [{ displayName: 'Bob de Vries' }, { displayName: 'Dirk Jansen' }, { displayName: 'Carla Sousa' }] });
    expect((await api.call('GET', '/v1/users?q=VRIES', api.rootToken)).json()).toMatchObject({ total: 1, items: [{ id: plan.bob }] });
    expect((await api.call('GET', `/v1/users?locationId=${plan.lisbon}`, api.rootToken)).json()).toMatchObject({ total: 1, items: [{ id: plan.carla }] });
    expect((await api.call('GET', '/v1/users?limit=1&offset=1', api.rootToken)).json()).toMatchObject({ total: 3, items: [{ id: plan.dirk }] });
  });

  it.each([
    ['a taken extension at the same location', { extension: '1001' }, 409, 'extension_taken', () => ({ type: 'user', id: plan.bob }), 'Bob de Vries'],
    ['an extension in a range of the location', { extension: '2345' }, 409, 'extension_in_range', () => ({ type: 'virtualExtensionRange', id: plan.amsterdamRange }), 'Amsterdam block'],
    ['an extension in an organization-level range', { extension: '6123' }, 409, 'extension_in_range', () => ({ type: 'virtualExtensionRange', id: plan.organizationRange }), 'Utrecht office'],
    ['an extension starting with the steering digit', { extension: '8123' }, 409, 'extension_reserved_digit', () => ({ type: 'organization', id: expect.stringMatching(/^org_/) }), 'steering digit'],
    ["an extension starting with the location's outside dial digit", { extension: '0123' }, 409, 'extension_reserved_digit', () => ({ type: 'location', id: plan.amsterdam }), 'Amsterdam'],
    ['an extension of the wrong length', { extension: '50011' }, 400, 'invalid_extension', () => undefined, '4 digits'],
    ['an extension with a letter', { extension: '50a1' }, 400, 'invalid_extension', () => undefined, 'digits only'],
  ])('refuses %s, naming the record it collides with', async (_what, change, status, code, record, named) => {
    const res = await api.call('POST', '/v1/users', api.rootToken, { ...eve(), ...change });
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json<DialPlanProblemBody>();
    expect(body.code).toBe(status === 409 ? 'conflict' : 'validation_failed');
    expect(body.errors).toContainEqual({ field: '/extension', code, message: expect.stringContaining(named) });
    const expected = record();
    if (expected) expect(body.conflictsWith).toEqual(expected);
    expect((await api.call('GET', '/v1/users', api.rootToken)).json().total).toBe(3);
  });

  it("accepts the same extension at another location, and New York's outside digit only in New York", async () => {
    expect((await api.call('POST', '/v1/users', api.rootToken, { ...eve(), extension: '4001', locationId: plan.lisbon, devices: [] })).statusCode).toBe(201);
    const nineInNewYork = await api.call('POST', '/v1/users', api.rootToken, { firstName: 'Ned', locationId: plan.newYork, extension: '9123' });
    expect(nineInNewYork.statusCode).toBe(409);
    expect(nineInNewYork.json()).toMatchObject({ conflictsWith: { type: 'location', id: plan.newYork }, errors: [{ code: 'extension_reserved_digit' }] });
    expect((await api.call('POST', '/v1/users', api.rootToken, { firstName: 'Nina', locationId: plan.amsterdam, extension: '9123' })).statusCode).toBe(201);
  });

  it.each([
    ['an unknown location', { locationId: 'loc_00000000000000000000zz' }, '/locationId', 'unknown_location'],
    ['a malformed e-mail address', { email: 'eve@' }, '/email', 'invalid_email'],
    ['a device without a password', { devices: [{ username: 'eve-desk' }] }, '/devices/0/password', 'password_required'],
    ['a short password', { devices: [{ username: 'eve-desk', password: 'short' }] }, '/devices/0/password', 'invalid_password'],
    ['a user name with a space', { devices: [{ username: 'eve desk', password: 'correct horse' }] }, '/devices/0/username', 'invalid_username'],
    [
      'one user name twice',
      { devices: [{ username: 'eve-desk', password: 'correct horse' }, { username: 'eve-desk', password: 'correct horse' }] },
      '/devices/1/username',
      'duplicate_username',
    ],
    ['a blank first name', { firstName: ' ' }, '/firstName', 'invalid_length'],
  ])('refuses %s with 400', async (_what, change, field, code) => {
    const res = await api.call('POST', '/v1/users', api.rootToken, { ...eve(), ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<DialPlanProblemBody>().errors).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('makes device user names unique on the whole platform, naming the holder only inside the organization', async () => {
    const first = await post(api, '/v1/users', eve());
    const same = await api.call('POST', '/v1/users', api.rootToken, { ...eve(), extension: '1003', devices: [{ username: 'eve-desk', password: 'another one' }] });
    expect(same.statusCode, same.body).toBe(409);
    expect(same.json<DialPlanProblemBody>()).toMatchObject({
      code: 'conflict',
      conflictsWith: { type: 'user', id: first.id },
      errors: [{ field: '/devices/0/username', code: 'username_taken', message: expect.stringContaining('Eve Bakker') }],
    });

    const other = await api.newOrganization('Beta');
    const location = await post(api, '/v1/locations', { name: 'Beta HQ', timeZone: 'Europe/London', routingPrefix: '801' }, other.token);
    const elsewhere = await api.call('POST', '/v1/users', other.token, { firstName: 'Mallory', locationId: location.id, devices: [{ username: 'eve-desk', password: 'correct horse' }] });
    expect(elsewhere.statusCode, elsewhere.body).toBe(409);
    const body = elsewhere.json<DialPlanProblemBody>();
    expect(body.errors).toEqual([{ field: '/devices/0/username', code: 'username_taken', message: expect.stringContaining('in use elsewhere') }]);
    expect(body.conflictsWith).toBeUndefined();
    expect(elsewhere.body).not.toContain(first.id);
    expect(elsewhere.body).not.toContain('Eve');
  });

  it('keeps a device and its password when PUT leaves the password out, asks for it when the user name changes, and drops removed devices', async () => {
    const created = (await api.call('POST', '/v1/users', api.rootToken, {
      ...eve(),
      devices: [
        { name: 'Desk phone', username: 'eve-desk', password: 'correct horse' },
        { name: 'Softphone', username: 'eve-soft', password: 'battery staple' },
      ],
    })).json();
    const [desk, soft] = created.devices;
    const before = await api.store.users.findDeviceByUsername('eve-desk');

    // By user name (no id) and by id with a new name: both keep their password.
    const put = await api.call('PUT', `/v1/users/${created.id}`, api.rootToken, {
      ...eve(),
      devices: [{ username: 'eve-desk' }, { id: soft.id, name: 'Laptop', username: 'eve-soft' }],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().devices).toEqual([
      { id: desk.id, name: 'eve-desk', username: 'eve-desk', hasPassword: true },
      { id: soft.id, name: 'Laptop', username: 'eve-soft', hasPassword: true },
    ]);
    expect((await api.store.users.findDeviceByUsername('eve-desk'))?.device.ha1).toEqual(before?.device.ha1);

    const renamed = await api.call('PUT', `/v1/users/${created.id}`, api.rootToken, { ...eve(), devices: [{ id: desk.id, username: 'eve-phone' }] });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().errors).toContainEqual(expect.objectContaining({ field: '/devices/0/password', code: 'password_required' }));
    const foreign = await api.call('PUT', `/v1/users/${created.id}`, api.rootToken, { ...eve(), devices: [{ id: 'dev_00000000000000000000zz', username: 'eve-desk' }] });
    expect(foreign.json().errors).toContainEqual(expect.objectContaining({ field: '/devices/0/id', code: 'unknown_device' }));

    // The softphone goes, and its registration with it.
    const orgId = (await api.call('GET', '/v1/organization', api.rootToken)).json().id as OrganizationId;
    await api.store.registrations.put('eve-soft', { organizationId: orgId, userId: created.id as UserId, deviceId: soft.id as DeviceId }, [contact('sip:eve@192.0.2.7:5060', Date.now() + 600_000)]);
    const dropped = await api.call('PATCH', `/v1/users/${created.id}`, api.rootToken, { devices: [{ username: 'eve-desk' }] });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(dropped.json().devices).toEqual([{ id: desk.id, name: 'eve-desk', username: 'eve-desk', hasPassword: true }]);
    expect(await api.store.registrations.get('eve-soft')).toEqual([]);
    expect(await api.store.users.findDeviceByUsername('eve-soft')).toBeNull();
  });

  it('merges PATCH: a default display name follows changed names, a set one stays; extension checks apply to moves', async () => {
    const renamed = await api.call('PATCH', `/v1/users/${plan.bob}`, api.rootToken, { lastName: 'Visser' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ firstName: 'Bob', lastName: 'Visser', displayName: 'Bob Visser', extension: '1001', version: 2 });
    await api.call('PATCH', `/v1/users/${plan.bob}`, api.rootToken, { displayName: 'Bobby' });
    expect((await api.call('PATCH', `/v1/users/${plan.bob}`, api.rootToken, { firstName: 'Robert' })).json()).toMatchObject({ displayName: 'Bobby' });

    // Carla's 1001 is Bob's at Amsterdam.
    const move = await api.call('PATCH', `/v1/users/${plan.carla}`, api.rootToken, { locationId: plan.amsterdam });
    expect(move.statusCode).toBe(409);
    expect(move.json()).toMatchObject({ conflictsWith: { type: 'user', id: plan.bob }, errors: [{ code: 'extension_taken' }] });
    // Bob keeping his own extension is no conflict with himself.
    expect((await api.call('PATCH', `/v1/users/${plan.bob}`, api.rootToken, { extension: '1001', email: null })).statusCode).toBe(200);
  });

  it('lists the current registrations of a user, with the device, and forgets them when the user is deleted', async () => {
    const created = await post(api, '/v1/users', eve());
    const user = (await api.call('GET', `/v1/users/${created.id}`, api.rootToken)).json();
    const orgId = (await api.call('GET', '/v1/organization', api.rootToken)).json().id as OrganizationId;
    const later = Date.now() + 3_600_000;
    await api.store.registrations.put('eve-desk', { organizationId: orgId, userId: user.id, deviceId: user.devices[0].id }, [
      contact('sip:eve@192.0.2.7:5062;transport=tcp', later),
      contact('sip:eve@192.0.2.8:5060', Date.now() - 1000),
    ]);
    const res = await api.call('GET', `/v1/users/${created.id}/registrations`, api.rootToken);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          device: { id: user.devices[0].id, name: 'Desk phone', username: 'eve-desk' },
          contact: 'sip:eve@192.0.2.7:5062;transport=tcp',
          expiresAt: new Date(later).toISOString(),
          source: { transport: 'udp', address: '192.0.2.7', port: 5062 },
        },
      ],
    });

    expect((await api.call('DELETE', `/v1/users/${created.id}`, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', `/v1/users/${created.id}`, api.rootToken)).statusCode).toBe(404);
    expect(await api.store.registrations.get('eve-desk')).toEqual([]);
    expect(await api.store.users.findDeviceByUsername('eve-desk')).toBeNull();
    const audit = (await api.call('GET', `/v1/audit?resourceId=${created.id}`, api.rootToken)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
  });

  it("keeps organizations apart: another organization's user is a 404 on every route, and a viewer may only read", async () => {
    const other = await api.newOrganization('Beta');
    for (const [method, url, body] of [
      ['GET', `/v1/users/${plan.bob}`, undefined],
      ['GET', `/v1/users/${plan.bob}/registrations`, undefined],
      ['PUT', `/v1/users/${plan.bob}`, { firstName: 'Hijacked', locationId: plan.amsterdam }],
      ['PATCH', `/v1/users/${plan.bob}`, { firstName: 'Hijacked' }],
      ['DELETE', `/v1/users/${plan.bob}`, undefined],
    ] as const) {
      expect((await api.call(method, url, other.token, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await api.call('GET', '/v1/users', other.token)).json().total).toBe(0);
    // Another organization cannot put its user in this organization's location.
    const intrude = await api.call('POST', '/v1/users', other.token, { firstName: 'Mallory', locationId: plan.amsterdam });
    expect(intrude.statusCode).toBe(400);
    expect(intrude.json().errors).toContainEqual(expect.objectContaining({ code: 'unknown_location' }));
    expect((await api.call('GET', `/v1/users/${plan.bob}`, api.rootToken)).json()).toMatchObject({ displayName: 'Bob de Vries', version: 1 });

    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Wallboard', role: 'viewer' })).json().secret;
    expect((await api.call('GET', `/v1/users/${plan.bob}`, viewer)).statusCode).toBe(200);
    expect((await api.call('PATCH', `/v1/users/${plan.bob}`, viewer, { firstName: 'X' })).statusCode).toBe(403);
  });
});

function contact(uri: string, expiresAt: number): RegisteredContact {
  const port = Number(/:(\d+)/.exec(uri.slice(4))?.[1] ?? 5060);
  const address = /@([^:;]+)/.exec(uri)?.[1] ?? '192.0.2.1';
  return { contact: uri, expiresAt, callId: `call-${expiresAt}@phone`, cseq: 1, source: { transport: 'udp', address, port } };
}
