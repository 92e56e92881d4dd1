import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { addAna, buildDialPlan, post, type DialPlanProblemBody } from './dial-plan-fixture.ts';

const amsterdam = { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801' };

describe.each(storeDialects())('locations API ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  it('creates a location with its time zone canonical, country upper case and outside dial digit 0 by default, and lists it', async () => {
    const res = await api.call('POST', '/v1/locations', api.rootToken, { name: '  Lisboa ', timeZone: 'europe/lisbon', routingPrefix: '802', country: 'pt' });
    expect(res.statusCode, res.body).toBe(201);
    const location = res.json();
    expect(location).toEqual({
      id: expect.stringMatching(/^loc_/),
      name: 'Lisboa',
      timeZone: 'Europe/Lisbon',
      routingPrefix: '802',
      outsideDialDigit: '0',
      country: 'PT',
      emergencyCallbackNumber: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/locations/${location.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect((await api.call('GET', `/v1/locations/${location.id}`, api.rootToken)).json()).toEqual(location);

    const none = await post(api, '/v1/locations', { ...amsterdam, outsideDialDigit: null });
    expect((await api.call('GET', `/v1/locations/${none.id}`, api.rootToken)).json()).toMatchObject({ outsideDialDigit: null, country: null });
    expect((await api.call('GET', '/v1/locations?limit=1&offset=1', api.rootToken)).json()).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ name: 'Amsterdam' }] });
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, '/timeZone', 'unknown_time_zone'],
    ['a fixed offset as time zone', { timeZone: '+01:00' }, '/timeZone', 'unknown_time_zone'],
    ['an unknown country', { country: 'XX' }, '/country', 'unknown_country'],
    ['a blank name', { name: '   ' }, '/name', 'invalid_length'],
    ['a routing prefix not starting with the steering digit', { routingPrefix: '901' }, '/routingPrefix', 'invalid_routing_prefix'],
    ['a one-digit routing prefix', { routingPrefix: '8' }, '/routingPrefix', 'invalid_routing_prefix'],
    ['the steering digit as outside dial digit', { outsideDialDigit: '8' }, '/outsideDialDigit', 'invalid_outside_dial_digit'],
    ['two outside dial digits', { outsideDialDigit: '00' }, '/outsideDialDigit', 'invalid_outside_dial_digit'],
  ])('refuses %s with 400 and the rule\'s code, storing nothing', async (_what, change, field, code) => {
    const res = await api.call('POST', '/v1/locations', api.rootToken, { ...amsterdam, ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: expect.arrayContaining([expect.objectContaining({ field, code })]) });
    expect((await api.call('GET', '/v1/locations', api.rootToken)).json().total).toBe(0);
  });

  describe('with the documented dial plan', () => {
    it.each([
      ['a taken routing prefix', { routingPrefix: '801' }, 'routing_prefix_taken', '/routingPrefix'],
      ['a routing prefix another one starts', { routingPrefix: '8011' }, 'routing_prefix_overlap', '/routingPrefix'],
      ['a routing prefix that starts another one', { routingPrefix: '80' }, 'routing_prefix_overlap', '/routingPrefix'],
    ])('refuses %s with 409 naming Amsterdam', async (_what, change, code, field) => {
      const plan = await buildDialPlan(api);
      const res = await api.call('POST', '/v1/locations', api.rootToken, { name: 'Rotterdam', timeZone: 'Europe/Amsterdam', ...change });
      expect(res.statusCode, res.body).toBe(409);
      const body = res.json<DialPlanProblemBody>();
      expect(body).toMatchObject({ code: 'conflict', conflictsWith: { type: 'location', id: plan.amsterdam } });
      expect(body.errors).toContainEqual({ field, code, message: expect.stringContaining('Amsterdam') });
      expect(body.errors[0]?.message).toContain(`[location ${plan.amsterdam}]`);
    });

    it('refuses an outside dial digit that starts an organization-level pattern for a new location, naming the range', async () => {
      const plan = await buildDialPlan(api);
      const res = await api.call('POST', '/v1/locations', api.rootToken, { name: 'Utrecht', timeZone: 'Europe/Amsterdam', routingPrefix: '804', outsideDialDigit: '6' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<DialPlanProblemBody>()).toMatchObject({
        conflictsWith: { type: 'virtualExtensionRange', id: plan.organizationRange },
        errors: [{ field: '/outsideDialDigit', code: 'extension_reserved_digit', message: expect.stringContaining('Utrecht office') }],
      });
    });

    it('refuses an outside dial digit that starts an organization-level virtual extension, and deleting a location a virtual extension is in', async () => {
      const plan = await buildDialPlan(api);
      const ana = await addAna(api);
      const res = await api.call('POST', '/v1/locations', api.rootToken, { name: 'Utrecht', timeZone: 'Europe/Amsterdam', routingPrefix: '804', outsideDialDigit: '5' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<DialPlanProblemBody>()).toMatchObject({
        conflictsWith: { type: 'virtualExtension', id: ana },
        errors: [{ field: '/outsideDialDigit', code: 'extension_reserved_digit', message: expect.stringContaining('Ana Silva') }],
      });

      const dirkMobile = await post(api, '/v1/virtual-extensions', { displayName: 'Dirk mobile', extension: '4002', phoneNumber: '06 1234 5678', locationId: plan.newYork });
      const refused = await api.call('DELETE', `/v1/locations/${plan.newYork}`, api.rootToken);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({ conflictsWith: { type: 'virtualExtension', id: dirkMobile.id }, detail: expect.stringContaining('Dirk mobile') });
    });

    it("refuses changing Amsterdam's outside dial digit to the first digit of Bob's extension, naming Bob", async () => {
      const plan = await buildDialPlan(api);
      const res = await api.call('PATCH', `/v1/locations/${plan.amsterdam}`, api.rootToken, { outsideDialDigit: '1' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<DialPlanProblemBody>()).toMatchObject({
        conflictsWith: { type: 'user', id: plan.bob },
        errors: [{ field: '/outsideDialDigit', code: 'extension_reserved_digit', message: expect.stringContaining('Bob de Vries') }],
      });
      // 9 starts nothing at Amsterdam (New York's 9 is New York's own).
      const ok = await api.call('PATCH', `/v1/locations/${plan.amsterdam}`, api.rootToken, { outsideDialDigit: '9' });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('moves a routing prefix when it stays apart from the others, and Bob is dialled by the new one', async () => {
      const plan = await buildDialPlan(api);
      const taken = await api.call('PATCH', `/v1/locations/${plan.lisbon}`, api.rootToken, { routingPrefix: '801' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ conflictsWith: { type: 'location', id: plan.amsterdam }, errors: [{ code: 'routing_prefix_taken' }] });

      const moved = await api.call('PATCH', `/v1/locations/${plan.amsterdam}`, api.rootToken, { routingPrefix: '8011' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ routingPrefix: '8011', name: 'Amsterdam', version: 2 });
      const resolved = await api.call('POST', '/v1/dial-plan/resolve', api.rootToken, { digits: '80111001', from: { locationId: plan.lisbon } });
      expect(resolved.json()).toMatchObject({ kind: 'user', userId: plan.bob, esn: '80111001' });
    });

    it('refuses to delete a location while users or ranges are in it, naming them, and deletes an empty one', async () => {
      const plan = await buildDialPlan(api);
      const res = await api.call('DELETE', `/v1/locations/${plan.amsterdam}`, api.rootToken);
      expect(res.statusCode, res.body).toBe(409);
      const body = res.json<DialPlanProblemBody>();
      expect(body).toMatchObject({ code: 'conflict', conflictsWith: { type: 'user', id: plan.bob } });
      expect(body.detail).toContain('Bob de Vries');
      expect(body.detail).toContain('Dirk Jansen');
      expect(body.detail).toContain('Amsterdam block');

      // Only a range left in Amsterdam: still refused, naming it.
      await api.call('DELETE', `/v1/users/${plan.bob}`, api.rootToken);
      await api.call('DELETE', `/v1/users/${plan.dirk}`, api.rootToken);
      const rangeOnly = await api.call('DELETE', `/v1/locations/${plan.amsterdam}`, api.rootToken);
      expect(rangeOnly.json()).toMatchObject({ conflictsWith: { type: 'virtualExtensionRange', id: plan.amsterdamRange } });
      await api.call('DELETE', `/v1/virtual-extension-ranges/${plan.amsterdamRange}`, api.rootToken);

      expect((await api.call('DELETE', `/v1/locations/${plan.amsterdam}`, api.rootToken)).statusCode).toBe(204);
      expect((await api.call('GET', `/v1/locations/${plan.amsterdam}`, api.rootToken)).statusCode).toBe(404);
      expect((await api.call('DELETE', `/v1/locations/${plan.newYork}`, api.rootToken)).statusCode).toBe(204);
    });
  });

  it('replaces with PUT (outside dial digit back to 0), changes only the version named in If-Match, and audits every change', async () => {
    const { id } = await post(api, '/v1/locations', { ...amsterdam, outsideDialDigit: '9' });
    const put = await api.call('PUT', `/v1/locations/${id}`, api.rootToken, { ...amsterdam, name: 'Amsterdam Zuid' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ name: 'Amsterdam Zuid', outsideDialDigit: '0', version: 2 });
    const stale = await api.app.inject({ method: 'PATCH', url: `/v1/locations/${id}`, headers: { authorization: `Bearer ${api.rootToken}`, 'if-match': '"1"' }, payload: { name: 'Lost' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', conflictsWith: { type: 'location', id } });
    expect((await api.call('DELETE', `/v1/locations/${id}`, api.rootToken)).statusCode).toBe(204);
    const audit = (await api.call('GET', `/v1/audit?resourceId=${id}`, api.rootToken)).json();
    expect(audit.items.map((e: { action: string; resourceType: string }) => `${e.resourceType} ${e.action}`)).toEqual(['location delete', 'location update', 'location create']);
  });

  it("keeps organizations apart: another organization's location is a 404 and its routing prefixes are its own", async () => {
    const { id } = await post(api, '/v1/locations', amsterdam);
    const other = await api.newOrganization('Beta');
    for (const [method, body] of [['GET', undefined], ['PUT', amsterdam], ['PATCH', { name: 'Hijacked' }], ['DELETE', undefined]] as const) {
      expect((await api.call(method, `/v1/locations/${id}`, other.token, body)).statusCode, method).toBe(404);
    }
    expect((await api.call('GET', '/v1/locations', other.token)).json().total).toBe(0);
    expect((await api.call('POST', '/v1/locations', other.token, amsterdam)).statusCode).toBe(201);
    expect((await api.call('GET', `/v1/locations/${id}`, api.rootToken)).json()).toMatchObject({ name: 'Amsterdam', version: 1 });
  });
});
