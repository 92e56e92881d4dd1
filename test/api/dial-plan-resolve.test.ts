import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { addAna, buildDialPlan, post, type DialPlanFixture } from './dial-plan-fixture.ts';

describe.each(storeDialects())('dial-plan resolution API ($name)', (dialect) => {
  let api: TestApi;
  let plan: DialPlanFixture;
  let numberId: string;
  let ana: string;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    plan = await buildDialPlan(api);
    ana = await addAna(api);
    numberId = (await post(api, '/v1/numbers', { phoneNumber: '+31 20 123 4567', label: 'Main line' })).id;
  });
  afterAll(async () => {
    await api.close();
  });

  const resolve = async (digits: string, from: object, token: string = api.rootToken) => {
    const res = await api.call('POST', '/v1/dial-plan/resolve', token, { digits, from });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it("resolves from a user: their location's extension, another location's by prefix, ranges, outside and own numbers", async () => {
    const bob = { userId: plan.bob };
    expect(await resolve('4001', bob)).toMatchObject({ kind: 'user', userId: plan.dirk, displayName: 'Dirk Jansen', esn: '8014001' });
    expect(await resolve('802 1001', bob)).toMatchObject({ kind: 'user', userId: plan.carla, esn: '8021001' });
    expect(await resolve('5001', bob)).toMatchObject({ kind: 'virtualExtension', virtualExtensionId: ana, displayName: 'Ana Silva', phoneNumber: '+351212345678', esn: '5001' });
    expect(await resolve('2345', bob)).toMatchObject({ kind: 'range', rangeId: plan.amsterdamRange, phoneNumber: '+31205552345', esn: '8012345' });
    expect(await resolve('6123', bob)).toMatchObject({ kind: 'range', rangeId: plan.organizationRange, phoneNumber: '+31306666123', esn: '6123' });
    expect(await resolve('0 020 765 4321', bob)).toMatchObject({ kind: 'outside', phoneNumber: '+31207654321' });
    expect(await resolve('+44 20 7946 0958', bob)).toMatchObject({ kind: 'outside', phoneNumber: '+442079460958' });
    expect(await resolve('0 020 123 4567', bob)).toMatchObject({ kind: 'number', numberId, phoneNumber: '+31201234567' });
    const notFound = await resolve('7777', bob);
    expect(notFound).toMatchObject({ kind: 'notFound', reason: 'no_match' });
    expect(notFound.trace.length).toBeGreaterThan(0);
  });

  it('resolves from a location, with a trace of plain sentences', async () => {
    const lisbon = { locationId: plan.lisbon };
    const carla = await resolve('1001', lisbon);
    expect(carla).toMatchObject({ kind: 'user', userId: plan.carla, esn: '8021001' });
    expect(carla.trace).toEqual(expect.arrayContaining([expect.stringContaining('Lisbon')]));
    expect(await resolve('8011001', lisbon)).toMatchObject({ kind: 'user', userId: plan.bob });
    // 2345 is only Amsterdam's range; dialled at Lisbon it is nothing (but by prefix it is).
    expect(await resolve('2345', lisbon)).toMatchObject({ kind: 'notFound', reason: 'no_match' });
    expect(await resolve('8012345', lisbon)).toMatchObject({ kind: 'range', rangeId: plan.amsterdamRange });
    // New York dials out with 9.
    expect(await resolve('9 020 765 4321', { locationId: plan.newYork })).toMatchObject({ kind: 'outside', phoneNumber: '+31207654321' });
  });

  it('emergency numbers come first, dialled directly or after the outside dial digit', async () => {
    const emergency = await resolve('112', { userId: plan.bob });
    expect(emergency).toMatchObject({ kind: 'emergency', emergencyNumber: '112' });
    expect(emergency.trace).toContain('112 is an emergency number in NL: the call goes to the emergency services through the trunk');
    expect(await resolve('9 911', { locationId: plan.newYork })).toMatchObject({ kind: 'emergency', emergencyNumber: '911' });
    expect(await resolve('0112', { locationId: plan.lisbon })).toMatchObject({ kind: 'emergency', emergencyNumber: '112' });
  });

  it('answers an unknown or foreign caller and bad digits as results, lets a viewer ask, and refuses a malformed body', async () => {
    expect(await resolve('1001', { userId: 'usr_00000000000000000000zz' })).toMatchObject({ kind: 'notFound', reason: 'unknown_caller' });
    expect(await resolve('12a4', { userId: plan.bob })).toMatchObject({ kind: 'notFound', reason: 'not_digits' });

    const other = await api.newOrganization('Beta');
    const foreign = await resolve('1001', { userId: plan.bob }, other.token);
    expect(foreign).toMatchObject({ kind: 'notFound', reason: 'unknown_caller' });
    expect(JSON.stringify(foreign)).not.toContain('Bob');

    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Wallboard', role: 'viewer' })).json().secret;
    expect(await resolve('1001', { userId: plan.bob }, viewer)).toMatchObject({ kind: 'user', userId: plan.bob });
    expect((await api.call('POST', '/v1/dial-plan/resolve', api.rootToken, { digits: '1001' })).statusCode).toBe(400);
    expect((await api.call('POST', '/v1/dial-plan/resolve', api.rootToken, { digits: '1001', from: { userId: plan.bob, locationId: plan.lisbon } })).statusCode).toBe(400);
  });
});
