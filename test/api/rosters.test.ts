import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NumberId, OrganizationId, RosterId } from '../../src/domain/ids.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { system } from '../store/store-test-data.ts';

/** Weekly on-call duty in Amsterdam, handed over on Mondays at 09:00, from Monday 23 November 2026. */
const onCall = {
  name: 'On call',
  timeZone: 'Europe/Amsterdam',
  members: [{ to: '06 1234 5678', label: 'Anna' }, { to: 'sip:ben@pbx.example' }],
  rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-23' },
  overrides: [{ from: '2026-12-24T09:00', to: '2026-12-25T09:00', memberIndex: 1, reason: 'Anna has Christmas Eve off' }],
};

describe.each(storeDialects())('rosters API ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  async function createRoster(body: object = onCall) {
    const res = await api.call('POST', '/v1/rosters', api.rootToken, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; version: number }>();
  }

  it("creates a roster with numbers read in the organization's country, and shows it the same way everywhere", async () => {
    const res = await api.call('POST', '/v1/rosters', api.rootToken, onCall);
    expect(res.statusCode, res.body).toBe(201);
    const roster = res.json();
    expect(roster).toEqual({
      id: expect.stringMatching(/^ros_/),
      name: 'On call',
      timeZone: 'Europe/Amsterdam',
      members: [
        { to: '+31612345678', kind: 'phone', label: 'Anna' },
        { to: 'sip:ben@pbx.example', kind: 'sip' },
      ],
      rotation: onCall.rotation,
      overrides: [{ from: '2026-12-24T09:00', to: '2026-12-25T09:00', memberIndex: 1, reason: 'Anna has Christmas Eve off' }],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/rosters/${roster.id}`);
    expect((await api.call('GET', `/v1/rosters/${roster.id}`, api.rootToken)).json()).toEqual(roster);
    await createRoster({ ...onCall, name: 'Weekend duty' });
    expect((await api.call('GET', '/v1/rosters?q=weekend', api.rootToken)).json()).toMatchObject({ total: 1, items: [{ name: 'Weekend duty' }] });
    expect((await api.call('GET', '/v1/rosters', api.rootToken)).json()).toMatchObject({ total: 2, items: [{ id: roster.id }, { name: 'Weekend duty' }] });
  });

  it.each([
    ['a member number that cannot be a phone number', { members: [{ to: '12' }] }, '/members/0/to', undefined],
    ['no members', { members: [] }, '/members', 'member_count'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, '/timeZone', 'invalid_time_zone'],
    ['a handover time that is not a time', { rotation: { ...onCall.rotation, handoverTime: '9 o\'clock' } }, '/rotation/handoverTime', 'invalid_time'],
    ['a rotation unit of months', { rotation: { ...onCall.rotation, unit: 'months' } }, '/rotation/unit', 'unknown_unit'],
    ['an override naming a member that is not there', { overrides: [{ ...onCall.overrides[0], memberIndex: 5 }] }, '/overrides/0/memberIndex', undefined],
    ['no rotation', { rotation: undefined }, '/rotation', 'required'],
  ])('refuses %s with a problem naming the field', async (_what, change, field, code) => {
    const res = await api.call('POST', '/v1/rosters', api.rootToken, { ...onCall, ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field, ...(code ? { code } : {}) }));
    expect((await api.call('GET', '/v1/rosters', api.rootToken)).json().total).toBe(0);
  });

  it('replaces with PUT, merges top-level fields with PATCH, and changes only the version named in If-Match', async () => {
    const { id } = await createRoster();
    const put = await api.call('PUT', `/v1/rosters/${id}`, api.rootToken, { ...onCall, members: [{ to: '+44 20 7946 0958', label: 'Cem' }], overrides: [] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ members: [{ to: '+442079460958', label: 'Cem' }], overrides: [], version: 2 });

    const patched = await api.call('PATCH', `/v1/rosters/${id}`, api.rootToken, { rotation: { every: 3, unit: 'days', handoverTime: '08:00', startDate: '2026-12-01' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'On call', members: [{ to: '+442079460958' }], rotation: { every: 3, unit: 'days' }, version: 3 });
    expect(patched.headers.etag).toBe('"3"');

    const bad = await api.call('PATCH', `/v1/rosters/${id}`, api.rootToken, { overrides: [{ from: '2026-12-24T09:00', to: '2026-12-25T09:00', memberIndex: 4 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toContainEqual(expect.objectContaining({ field: '/overrides/0/memberIndex' }));

    const stale = await api.app.inject({ method: 'PATCH', url: `/v1/rosters/${id}`, headers: { authorization: `Bearer ${api.rootToken}`, 'if-match': '"2"' }, payload: { name: 'Lost' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', conflictsWith: { type: 'roster', id } });
    expect((await api.call('GET', `/v1/rosters/${id}`, api.rootToken)).json()).toMatchObject({ name: 'On call', version: 3 });
  });

  it('answers who is on call at a moment, with the shift and the reason', async () => {
    const { id } = await createRoster();
    const ask = (at: string) => api.call('GET', `/v1/rosters/${id}/on-call?at=${encodeURIComponent(at)}`, api.rootToken);

    const firstWeek = await ask('2026-11-25T12:00:00+01:00');
    expect(firstWeek.statusCode, firstWeek.body).toBe(200);
    expect(firstWeek.json()).toEqual({
      at: '2026-11-25T11:00:00.000Z',
      member: { destination: '+31612345678', kind: 'phone', label: 'Anna' },
      memberIndex: 0,
      shiftStart: '2026-11-23T08:00:00.000Z',
      shiftEnd: '2026-11-30T08:00:00.000Z',
      reason: expect.stringContaining('Anna'),
    });
    // Handover is Monday 09:00 Amsterdam time: a minute before, still Anna; at 09:00, Ben.
    expect((await ask('2026-11-30T08:59:00+01:00')).json()).toMatchObject({ memberIndex: 0 });
    expect((await ask('2026-11-30T09:00:00+01:00')).json()).toMatchObject({ memberIndex: 1, member: { destination: 'sip:ben@pbx.example', kind: 'sip' } });

    // Christmas Eve is Anna's week, but the override puts Ben on call for that day.
    const eve = (await ask('2026-12-24T12:00:00+01:00')).json();
    expect(eve).toMatchObject({
      memberIndex: 1,
      member: { destination: 'sip:ben@pbx.example' },
      shiftStart: '2026-12-24T08:00:00.000Z',
      shiftEnd: '2026-12-25T08:00:00.000Z',
      override: { from: '2026-12-24T09:00', to: '2026-12-25T09:00', memberIndex: 1, reason: 'Anna has Christmas Eve off' },
    });
    expect((await ask('2026-12-25T09:00:00+01:00')).json()).toMatchObject({ memberIndex: 0 });
    expect((await ask('2026-12-25T09:00:00+01:00')).json()).not.toHaveProperty('override');

    const now = await api.call('GET', `/v1/rosters/${id}/on-call`, api.rootToken);
    expect(now.statusCode).toBe(200);
    expect((await ask('tomorrow')).statusCode).toBe(400);
  });

  it('refuses to delete a roster a number rings, naming the number, then deletes it once unused', async () => {
    const { id } = await createRoster();
    const number = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Main line' })).json<{ id: string }>();
    const orgId = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>().id as OrganizationId;
    const numberId = number.id as NumberId;
    const stored = await api.store.numbers.get(orgId, numberId);
    if (!stored) throw new Error('number not stored');
    await api.store.transaction(system, (tx) =>
      tx.numbers.update(orgId, numberId, {
        flow: {
          target: {
            type: 'ring',
            strategy: 'sequential',
            destinations: [{ to: { kind: 'roster', rosterId: id as RosterId }, delaySeconds: 0, ringSeconds: 20 }],
            noAnswer: { type: 'hangup', reason: 'unavailable' },
          },
        },
      }),
    );
    const refused = await api.call('DELETE', `/v1/rosters/${id}`, api.rootToken);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', conflictsWith: { type: 'number', id: number.id } });
    expect(refused.json().detail).toContain('+31201234567');

    await api.store.transaction(system, (tx) => tx.numbers.update(orgId, numberId, { flow: stored.flow }));
    expect((await api.call('DELETE', `/v1/rosters/${id}`, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', `/v1/rosters/${id}`, api.rootToken)).statusCode).toBe(404);
  });

  it('is live for the next call: the snapshot holds the roster as soon as PATCH returns', async () => {
    await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Main line' });
    const orgId = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>().id as OrganizationId;
    const { id } = await createRoster();
    await api.call('PATCH', `/v1/rosters/${id}`, api.rootToken, { name: 'Night duty' });
    expect(api.live.current().organization(orgId)?.rosters.get(id)).toMatchObject({ name: 'Night duty', version: 2 });
  });

  it('lets a viewer token read but not change', async () => {
    const { id } = await createRoster();
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Viewer', role: 'viewer' })).json<{ secret: string }>().secret;
    expect((await api.call('GET', '/v1/rosters', viewer)).statusCode).toBe(200);
    expect((await api.call('GET', `/v1/rosters/${id}`, viewer)).statusCode).toBe(200);
    expect((await api.call('GET', `/v1/rosters/${id}/on-call?at=2026-12-01T12:00:00Z`, viewer)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/v1/rosters', onCall],
      ['PUT', `/v1/rosters/${id}`, onCall],
      ['PATCH', `/v1/rosters/${id}`, { name: 'x' }],
      ['DELETE', `/v1/rosters/${id}`, undefined],
    ] as const) {
      expect((await api.call(method, url, viewer, body)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await api.call('GET', `/v1/rosters/${id}`, api.rootToken)).json().version).toBe(1);
  });

  it("answers another organization's roster with 404, whatever the route", async () => {
    const { id } = await createRoster();
    const other = await api.newOrganization('Globex');
    for (const [method, url, body] of [
      ['GET', `/v1/rosters/${id}`, undefined],
      ['GET', `/v1/rosters/${id}/on-call`, undefined],
      ['PUT', `/v1/rosters/${id}`, onCall],
      ['PATCH', `/v1/rosters/${id}`, { name: 'Hijacked' }],
      ['DELETE', `/v1/rosters/${id}`, undefined],
    ] as const) {
      expect((await api.call(method, url, other.token, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await api.call('GET', '/v1/rosters', other.token)).json().total).toBe(0);
    expect((await api.call('GET', `/v1/rosters/${id}`, api.rootToken)).json()).toMatchObject({ name: 'On call', version: 1 });
  });
});
