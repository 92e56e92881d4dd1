import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { addAna, buildDialPlan, post, type DialPlanFixture, type DialPlanProblemBody } from './dial-plan-fixture.ts';

describe.each(storeDialects())('virtual extension ranges API ($name)', (dialect) => {
  let api: TestApi;
  let plan: DialPlanFixture;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    plan = await buildDialPlan(api);
  });
  afterEach(async () => {
    await api.close();
  });

  const create = (body: object) => api.call('POST', '/v1/virtual-extension-ranges', api.rootToken, body);

  it('creates location- and organization-level ranges with their level, typed prefixes cleaned and x read as X', async () => {
    const res = await create({ name: 'Lisbon block', prefix: '+351 21 555', patterns: ['3xxx', ' 45XX '], locationId: plan.lisbon });
    expect(res.statusCode, res.body).toBe(201);
    const range = res.json();
    expect(range).toEqual({
      id: expect.stringMatching(/^vxr_/),
      name: 'Lisbon block',
      prefix: '+35121555',
      patterns: ['3XXX', '45XX'],
      locationId: plan.lisbon,
      level: 'location',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/virtual-extension-ranges/${range.id}`);
    expect((await api.call('GET', `/v1/virtual-extension-ranges/${range.id}`, api.rootToken)).json()).toEqual(range);
    expect((await api.call('GET', `/v1/virtual-extension-ranges/${plan.organizationRange}`, api.rootToken)).json()).toMatchObject({ level: 'organization', locationId: null });
    expect((await api.call('GET', '/v1/virtual-extension-ranges', api.rootToken)).json().total).toBe(3);
    expect((await api.call('GET', `/v1/virtual-extension-ranges?locationId=${plan.lisbon}`, api.rootToken)).json()).toMatchObject({ total: 1, items: [{ id: range.id }] });
    expect((await api.call('GET', '/v1/virtual-extension-ranges?q=UTRECHT', api.rootToken)).json()).toMatchObject({ total: 1, items: [{ id: plan.organizationRange }] });
  });

  it.each([
    ['a prefix that starts no E.164 number in standard mode', { prefix: '3120999' }, '/prefix', 'invalid_range_prefix'],
    ['a pattern of the wrong length', { patterns: ['3XX'] }, '/patterns/0', 'invalid_range_pattern'],
    ['a pattern with another letter', { patterns: ['3XXY'] }, '/patterns/0', 'invalid_range_pattern'],
    ['no patterns', { patterns: [] }, '/patterns', 'invalid_range_pattern'],
    ['101 patterns', { patterns: Array.from({ length: 101 }, (_, i) => `3${String(i).padStart(3, '0')}`) }, '/patterns', 'invalid_range_pattern'],
    ['an unknown location', { locationId: 'loc_00000000000000000000zz' }, '/locationId', 'unknown_location'],
    ['a blank name', { name: '' }, '/name', 'invalid_length'],
  ])('refuses %s with 400', async (_what, change, field, code) => {
    const res = await create({ name: 'Block', prefix: '+3120444', patterns: ['3XXX'], ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<DialPlanProblemBody>()).toMatchObject({ code: 'validation_failed' });
    expect(res.json<DialPlanProblemBody>().errors).toContainEqual(expect.objectContaining({ field, code }));
  });

  it.each([
    ['a pattern overlapping a range of the same location', { patterns: ['23XX'], locationId: 'amsterdam' }, 'range_overlap', 'amsterdamRange', 'Amsterdam block'],
    ['an organization-level pattern overlapping a location range', { patterns: ['23XX'] }, 'range_overlap', 'amsterdamRange', 'Amsterdam block'],
    ['a location pattern overlapping the organization-level range', { patterns: ['61XX'], locationId: 'lisbon' }, 'range_overlap', 'organizationRange', 'Utrecht office'],
    ["a pattern covering Bob's extension", { patterns: ['1XXX'], locationId: 'amsterdam' }, 'extension_in_range', 'bob', 'Bob de Vries'],
    ['an organization-level pattern covering extensions anywhere', { patterns: ['10XX'] }, 'extension_in_range', 'bob', 'Bob de Vries'],
    ["a pattern starting with the location's outside dial digit", { patterns: ['0XXX'], locationId: 'amsterdam' }, 'extension_reserved_digit', 'amsterdam', 'Amsterdam'],
  ] as const)('refuses %s with 409 naming the record', async (_what, change, code, holder, named) => {
    const body = { name: 'Block', prefix: '+3120444', patterns: change.patterns, ...('locationId' in change ? { locationId: plan[change.locationId] } : {}) };
    const res = await create(body);
    expect(res.statusCode, res.body).toBe(409);
    const problem = res.json<DialPlanProblemBody>();
    expect(problem.code).toBe('conflict');
    expect(problem.conflictsWith?.id).toBe(plan[holder]);
    expect(problem.errors).toContainEqual({ field: '/patterns/0', code, message: expect.stringContaining(named) });
    expect(problem.errors[0]?.message).toContain(plan[holder]);
  });

  it("refuses a pattern covering an organization-level virtual extension's extension, naming it", async () => {
    const ana = await addAna(api);
    const res = await create({ name: 'Block', prefix: '+3120444', patterns: ['50XX'], locationId: plan.lisbon });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<DialPlanProblemBody>()).toMatchObject({
      conflictsWith: { type: 'virtualExtension', id: ana },
      errors: [{ field: '/patterns/0', code: 'extension_in_range', message: expect.stringContaining('Ana Silva') }],
    });
  });

  it('refuses overlapping patterns within one range and a pattern starting with X, and accepts 23XX at Lisbon', async () => {
    const twin = await create({ name: 'Block', prefix: '+3120444', patterns: ['3XXX', '31XX'] });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().errors).toContainEqual(expect.objectContaining({ field: '/patterns/1', code: 'range_overlap' }));
    const wild = await create({ name: 'Block', prefix: '+3120444', patterns: ['XX11'] });
    expect(wild.statusCode).toBe(409);
    expect(wild.json().errors).toContainEqual(expect.objectContaining({ field: '/patterns/0', code: 'extension_reserved_digit' }));
    expect((await create({ name: 'Lisbon block', prefix: '+35121555', patterns: ['23XX'], locationId: plan.lisbon })).statusCode).toBe(201);
  });

  it('adds, removes and replaces patterns with PATCH, checking the result, and moves a range to organization level', async () => {
    const url = `/v1/virtual-extension-ranges/${plan.amsterdamRange}`;
    const added = await api.call('PATCH', url, api.rootToken, { addPatterns: ['3xxx'] });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ patterns: ['2XXX', '3XXX'], version: 2 });
    const removed = await api.call('PATCH', url, api.rootToken, { removePatterns: ['2XXX'], addPatterns: ['5XXX'] });
    expect(removed.json()).toMatchObject({ patterns: ['3XXX', '5XXX'], version: 3 });
    expect((await api.call('PATCH', url, api.rootToken, { patterns: ['2XXX'] })).json()).toMatchObject({ patterns: ['2XXX'], version: 4 });

    const unknown = await api.call('PATCH', url, api.rootToken, { removePatterns: ['7XXX'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toContainEqual(expect.objectContaining({ field: '/removePatterns/0', code: 'unknown_pattern' }));
    expect((await api.call('PATCH', url, api.rootToken, { patterns: ['2XXX'], addPatterns: ['3XXX'] })).statusCode).toBe(400);
    const overlap = await api.call('PATCH', url, api.rootToken, { addPatterns: ['66XX'] });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ conflictsWith: { type: 'virtualExtensionRange', id: plan.organizationRange } });

    const moved = await api.call('PATCH', url, api.rootToken, { locationId: null, name: 'Company block' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ level: 'organization', locationId: null, name: 'Company block', patterns: ['2XXX'], prefix: '+3120555' });
    const stale = await api.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${api.rootToken}`, 'if-match': '"1"' }, payload: { name: 'X', prefix: '+3120555', patterns: ['2XXX'] } });
    expect(stale.statusCode).toBe(409);
  });

  it('deletes a range, audits every change, and keeps organizations apart', async () => {
    const url = `/v1/virtual-extension-ranges/${plan.amsterdamRange}`;
    const other = await api.newOrganization('Beta');
    for (const [method, body] of [['GET', undefined], ['PUT', { name: 'X', prefix: '+3120555', patterns: ['2XXX'] }], ['PATCH', { name: 'X' }], ['DELETE', undefined]] as const) {
      expect((await api.call(method, url, other.token, body)).statusCode, method).toBe(404);
    }
    expect((await api.call('GET', '/v1/virtual-extension-ranges', other.token)).json().total).toBe(0);
    // Another organization's ranges never conflict with this one's.
    expect((await api.call('POST', '/v1/virtual-extension-ranges', other.token, { name: 'Beta block', prefix: '+3120555', patterns: ['2XXX'] })).statusCode).toBe(201);

    await api.call('PATCH', url, api.rootToken, { name: 'Renamed' });
    expect((await api.call('DELETE', url, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', url, api.rootToken)).statusCode).toBe(404);
    const audit = (await api.call('GET', `/v1/audit?resourceId=${plan.amsterdamRange}`, api.rootToken)).json();
    expect(audit.items.map((e: { action: string; resourceType: string }) => `${e.resourceType} ${e.action}`)).toEqual([
      'virtualExtensionRange delete',
      'virtualExtensionRange update',
      'virtualExtensionRange create',
    ]);
    // With the range gone, 2345 at Amsterdam is free for a user.
    expect((await api.call('POST', '/v1/users', api.rootToken, { firstName: 'Eve', locationId: plan.amsterdam, extension: '2345' })).statusCode).toBe(201);
  });

  it('lets a viewer read but not change ranges', async () => {
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Wallboard', role: 'viewer' })).json().secret;
    expect((await api.call('GET', '/v1/virtual-extension-ranges', viewer)).statusCode).toBe(200);
    expect((await api.call('POST', '/v1/virtual-extension-ranges', viewer, { name: 'B', prefix: '+3120444', patterns: ['3XXX'] })).statusCode).toBe(403);
    await post(api, '/v1/virtual-extension-ranges', { name: 'Admin block', prefix: '+3120444', patterns: ['3XXX'] });
  });
});
