import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrganizationId } from '../../src/domain/ids.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

/** Numbers typed the way people type them; the organization's country (NL) reads the national ones. */
const pests = {
  mode: 'block',
  entries: [
    { match: '+44 7700*', label: 'Pests' },
    { match: '020 765 4321', label: 'Ex-supplier', action: 'busy' },
    { match: 'anonymous', action: { kind: 'reject' } },
    { match: { kind: 'country', country: 'gb' }, action: 'allow', id: 'uk-ok' },
  ],
};

const roster = {
  name: 'On call',
  timeZone: 'Europe/Amsterdam',
  members: [{ to: '06 1234 5678', label: 'Anna' }],
  rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-23' },
};

describe.each(storeDialects())('organization call filter API ($name)', (dialect) => {
  let api: TestApi;
  let orgId: OrganizationId;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    orgId = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>().id as OrganizationId;
  });
  afterEach(async () => {
    await api.close();
  });

  it('sets, shows and removes the filter, with numbers read in E.164', async () => {
    const none = await api.call('GET', '/v1/organization/filter', api.rootToken);
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('not_found');

    const put = await api.call('PUT', '/v1/organization/filter', api.rootToken, pests);
    expect(put.statusCode, put.body).toBe(200);
    const shown = put.json();
    expect(shown).toEqual({
      mode: 'block',
      entries: [
        { label: 'Pests', match: { kind: 'prefix', prefix: '+44 7700*' }, action: { kind: 'reject' } },
        { label: 'Ex-supplier', match: { kind: 'number', number: '+31207654321' }, action: { kind: 'busy' } },
        { match: { kind: 'anonymous' }, action: { kind: 'reject' } },
        { id: 'uk-ok', match: { kind: 'country', country: 'GB' }, action: { kind: 'allow' } },
      ],
    });
    expect((await api.call('GET', '/v1/organization/filter', api.rootToken)).json()).toEqual(shown);
    // What the API shows reads back as the same filter.
    expect((await api.call('PUT', '/v1/organization/filter', api.rootToken, shown)).json()).toEqual(shown);

    const allowOnly = await api.call('PUT', '/v1/organization/filter', api.rootToken, { mode: 'allowOnly', entries: [{ match: '+31*' }], otherwise: 'busy' });
    expect(allowOnly.json()).toEqual({ mode: 'allowOnly', entries: [{ match: { kind: 'prefix', prefix: '+31*' }, action: { kind: 'allow' } }], otherwise: { kind: 'busy' } });

    expect((await api.call('DELETE', '/v1/organization/filter', api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', '/v1/organization/filter', api.rootToken)).statusCode).toBe(404);
    expect((await api.call('DELETE', '/v1/organization/filter', api.rootToken)).statusCode).toBe(204);

    // Changes of the filter are organization changes in the audit log: set, replaced twice, removed once.
    const audit = (await api.call('GET', '/v1/audit?resourceType=organization&limit=10', api.rootToken)).json<{ items: { before: unknown; after: unknown }[] }>();
    const filterChanges = audit.items.filter((e) => e.after !== null && typeof e.after === 'object' && 'callFilter' in e.after);
    expect(filterChanges).toHaveLength(4);
    expect(filterChanges[0]).toMatchObject({ after: { callFilter: null }, before: { callFilter: { mode: 'allowOnly' } } });
    // The organization itself is shown as before.
    expect((await api.call('GET', '/v1/organization', api.rootToken)).json()).not.toHaveProperty('callFilter');
  });

  it.each([
    ['an unknown mode', { mode: 'maybe', entries: [] }, '/mode', 'unknown_mode'],
    ['a number that cannot be one', { mode: 'block', entries: [{ match: '12' }] }, '/entries/0/match', undefined],
    ['the same entry twice', { mode: 'block', entries: [{ match: '+44 7700*' }, { match: '+447700*' }] }, '/entries/1/match', undefined],
    ['a reroute to something that is not a target', { mode: 'block', entries: [{ match: 'anonymous', action: { kind: 'reroute', target: { type: 'teleport' } } }] }, '/entries/0/action/target', 'invalid_target'],
    ['a reroute to a roster that does not exist', { mode: 'block', entries: [{ match: 'anonymous', action: { kind: 'reroute', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: 'roster:ros_0000000000aaaaaaaaaaaa' }] } } }] }, '/entries/0/action/target/destinations/0/to', 'unknown_roster'],
  ])('refuses %s with a problem naming the field', async (_what, body, field, code) => {
    const res = await api.call('PUT', '/v1/organization/filter', api.rootToken, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field, ...(code ? { code } : {}) }));
    expect((await api.call('GET', '/v1/organization/filter', api.rootToken)).statusCode).toBe(404);
  });

  it('reroutes to a roster of the organization, which then cannot be deleted', async () => {
    const { id } = (await api.call('POST', '/v1/rosters', api.rootToken, roster)).json<{ id: string }>();
    const vip = { mode: 'block', entries: [{ match: '+31 6 9999 0000', label: 'VIP', action: { kind: 'reroute', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: `roster:${id}` }] } } }] };
    const put = await api.call('PUT', '/v1/organization/filter', api.rootToken, vip);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().entries[0]).toMatchObject({ match: { kind: 'number', number: '+31699990000' }, action: { kind: 'reroute', target: { type: 'ring', destinations: [{ to: `roster:${id}` }] } } });

    const refused = await api.call('DELETE', `/v1/rosters/${id}`, api.rootToken);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('call filter');
    await api.call('DELETE', '/v1/organization/filter', api.rootToken);
    expect((await api.call('DELETE', `/v1/rosters/${id}`, api.rootToken)).statusCode).toBe(204);
  });

  it('is live for the next call: the snapshot holds the filter as soon as PUT returns', async () => {
    await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Main line' });
    expect(api.live.current().organization(orgId)?.filter).toBeNull();
    await api.call('PUT', '/v1/organization/filter', api.rootToken, pests);
    expect(api.live.current().organization(orgId)?.filter?.filter).toMatchObject({ mode: 'block', entries: [{ match: { kind: 'prefix', prefix: '447700' } }, {}, {}, {}] });
    await api.call('DELETE', '/v1/organization/filter', api.rootToken);
    expect(api.live.current().organization(orgId)?.filter).toBeNull();
  });

  it('lets a viewer token read but not change, and keeps each organization to its own filter', async () => {
    await api.call('PUT', '/v1/organization/filter', api.rootToken, pests);
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Viewer', role: 'viewer' })).json<{ secret: string }>().secret;
    expect((await api.call('GET', '/v1/organization/filter', viewer)).statusCode).toBe(200);
    expect((await api.call('PUT', '/v1/organization/filter', viewer, { mode: 'block', entries: [] })).statusCode).toBe(403);
    expect((await api.call('DELETE', '/v1/organization/filter', viewer)).statusCode).toBe(403);

    const other = await api.newOrganization('Globex', 'GB');
    expect((await api.call('GET', '/v1/organization/filter', other.token)).statusCode).toBe(404);
    // Globex's national numbers are British.
    const theirs = await api.call('PUT', '/v1/organization/filter', other.token, { mode: 'block', entries: [{ match: '020 7946 0958' }] });
    expect(theirs.json().entries[0].match).toEqual({ kind: 'number', number: '+442079460958' });
    await api.call('DELETE', '/v1/organization/filter', other.token);
    expect((await api.call('GET', '/v1/organization/filter', api.rootToken)).json().entries).toHaveLength(4);
  });
});
