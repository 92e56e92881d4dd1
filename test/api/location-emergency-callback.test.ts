import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emergencyCallbackOf } from '../../src/calls/emergency-callback.ts';
import type { OrganizationId, UserId } from '../../src/domain/ids.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { post } from './dial-plan-fixture.ts';

/**
 * Which number emergency services see, and call back, when a phone dials 112: its location's emergency
 * callback number, typed in any format the location's country reads; else the organization's first
 * business number; else none.
 */
describe.each(storeDialects())('emergency callback numbers ($name)', (dialect) => {
  let api: TestApi;
  let organizationId: OrganizationId;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    organizationId = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: OrganizationId }>().id;
  });
  afterEach(async () => {
    await api.close();
  });

  it("reads the location's number in its country, refuses one that is no number, and clears it with null", async () => {
    const lisbon = await post(api, '/v1/locations', { name: 'Lisbon', timeZone: 'Europe/Lisbon', routingPrefix: '802', country: 'PT', emergencyCallbackNumber: '21 234 5000' });
    expect((await api.call('GET', `/v1/locations/${lisbon.id}`, api.rootToken)).json()).toMatchObject({ emergencyCallbackNumber: '+351212345000' });
    const bad = await api.call('POST', '/v1/locations', api.rootToken, { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801', emergencyCallbackNumber: '12' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: '/emergencyCallbackNumber' }] });
    // Without a country of its own, the organization's (NL) reads it.
    const amsterdam = await post(api, '/v1/locations', { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801', emergencyCallbackNumber: '020 555 0100' });
    expect((await api.call('GET', `/v1/locations/${amsterdam.id}`, api.rootToken)).json()).toMatchObject({ emergencyCallbackNumber: '+31205550100' });
    const cleared = await api.call('PATCH', `/v1/locations/${amsterdam.id}`, api.rootToken, { emergencyCallbackNumber: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ emergencyCallbackNumber: null });
    // A PATCH of another field keeps it.
    expect((await api.call('PATCH', `/v1/locations/${lisbon.id}`, api.rootToken, { name: 'Lisboa' })).json()).toMatchObject({ emergencyCallbackNumber: '+351212345000' });
  });

  it("calls back the location's number, else the organization's first number, else none", async () => {
    const lisbon = await post(api, '/v1/locations', { name: 'Lisbon', timeZone: 'Europe/Lisbon', routingPrefix: '802', country: 'PT', emergencyCallbackNumber: '+351 21 234 5000' });
    const amsterdam = await post(api, '/v1/locations', { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801' });
    const carla = (await post(api, '/v1/users', { firstName: 'Carla', lastName: 'Sousa', locationId: lisbon.id, extension: '1001' })).id as UserId;
    const bob = (await post(api, '/v1/users', { firstName: 'Bob', lastName: 'Smit', locationId: amsterdam.id, extension: '1001' })).id as UserId;

    expect(await emergencyCallbackOf(api.store, organizationId, carla)).toBe('+351212345000');
    expect(await emergencyCallbackOf(api.store, organizationId, bob)).toBeNull();
    await post(api, '/v1/numbers', { phoneNumber: '+31 20 123 4567', label: 'Main line' });
    await post(api, '/v1/numbers', { phoneNumber: '+31 20 123 4568', label: 'Support' });
    expect(await emergencyCallbackOf(api.store, organizationId, bob)).toBe('+31201234567');
    expect(await emergencyCallbackOf(api.store, organizationId, carla)).toBe('+351212345000');
  });
});
