import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialPlanDefaults } from '../../src/domain/dial-plan.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { buildDialPlan, post, type DialPlanProblemBody } from './dial-plan-fixture.ts';

describe.each(storeDialects())('dial-plan settings API ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  const patch = (body: object, token: string = api.rootToken) => api.call('PATCH', '/v1/organization/dial-plan', token, body);

  it('starts at the defaults, changes and keeps what an empty dial plan allows, and audits it as an organization change', async () => {
    expect((await api.call('GET', '/v1/organization/dial-plan', api.rootToken)).json()).toEqual({ steeringDigit: '8', extensionLength: 4, virtualExtensionMode: 'standard', phoneContext: null, outboundTrunkId: null });
    expect(dialPlanDefaults).toEqual({ steeringDigit: '8', extensionLength: 4, virtualExtensionMode: 'standard', phoneContext: null, outboundTrunkId: null });

    const changed = await patch({ steeringDigit: '9', extensionLength: 5 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ steeringDigit: '9', extensionLength: 5, virtualExtensionMode: 'standard', phoneContext: null, outboundTrunkId: null });
    expect((await api.call('GET', '/v1/organization/dial-plan', api.rootToken)).json()).toEqual(changed.json());

    const orgId = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>().id;
    const audit = (await api.call('GET', `/v1/audit?resourceType=organization&resourceId=${orgId}`, api.rootToken)).json();
    expect(audit.items[0]).toMatchObject({
      action: 'update',
      before: { dialPlan: { steeringDigit: '8', extensionLength: 4 } },
      after: { dialPlan: { steeringDigit: '9', extensionLength: 5, virtualExtensionMode: 'standard' } },
    });

    // Another organization keeps its own settings.
    const other = await api.newOrganization('Beta');
    expect((await api.call('GET', '/v1/organization/dial-plan', other.token)).json()).toMatchObject({ steeringDigit: '8', extensionLength: 4 });
  });

  it.each([
    ['a two-digit steering digit', { steeringDigit: '88' }, '/steeringDigit', 'invalid_steering_digit'],
    ['a letter as steering digit', { steeringDigit: 'a' }, '/steeringDigit', 'invalid_steering_digit'],
    ['an extension length of 11', { extensionLength: 11 }, '/extensionLength', 'invalid_extension_length'],
    ['an extension length of 1', { extensionLength: 1 }, '/extensionLength', 'invalid_extension_length'],
  ])('refuses %s with 400 and the rule\'s code', async (_what, body, field, code) => {
    const res = await patch(body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ field, code }] });
  });

  it('refuses an unknown mode and an empty change, and lets a viewer read but not change', async () => {
    expect((await patch({ virtualExtensionMode: 'turbo' })).statusCode).toBe(400);
    expect((await patch({})).statusCode).toBe(400);
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Wallboard', role: 'viewer' })).json<{ secret: string }>().secret;
    expect((await api.call('GET', '/v1/organization/dial-plan', viewer)).statusCode).toBe(200);
    expect((await patch({ extensionLength: 5 }, viewer)).statusCode).toBe(403);
  });

  it('enhanced mode needs a phone-context, a domain (kept in lower case) or a global number prefix; a bad one is refused naming the field', async () => {
    const missing = await patch({ virtualExtensionMode: 'enhanced' });
    expect(missing.statusCode, missing.body).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: '/phoneContext', code: 'phone_context_required' }] });
    const bad = await patch({ virtualExtensionMode: 'enhanced', phoneContext: 'acme example' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: '/phoneContext', code: 'invalid_phone_context', message: expect.stringContaining('RFC 3966') }] });
    expect((await api.call('GET', '/v1/organization/dial-plan', api.rootToken)).json()).toMatchObject({ virtualExtensionMode: 'standard', phoneContext: null });

    const enhanced = await patch({ virtualExtensionMode: 'enhanced', phoneContext: ' Acme.Example ' });
    expect(enhanced.statusCode, enhanced.body).toBe(200);
    expect(enhanced.json()).toMatchObject({ virtualExtensionMode: 'enhanced', phoneContext: 'acme.example' });
    // The context cannot be taken away while enhanced mode needs it; a global number prefix will do.
    expect((await patch({ phoneContext: null })).json()).toMatchObject({ errors: [{ code: 'phone_context_required' }] });
    expect((await patch({ phoneContext: '+3120' })).json()).toMatchObject({ phoneContext: '+3120' });
    expect((await patch({ virtualExtensionMode: 'standard', phoneContext: null })).json()).toMatchObject({ virtualExtensionMode: 'standard', phoneContext: null });
  });

  it('resolution shows the private number an enhanced-mode call carries', async () => {
    await post(api, '/v1/virtual-extensions', { displayName: 'Ana Silva', extension: '5001', phoneNumber: '+351 21 234 5678' });
    const loc = await post(api, '/v1/locations', { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801', outsideDialDigit: '0' });
    const resolve = async () => (await api.call('POST', '/v1/dial-plan/resolve', api.rootToken, { digits: '5001', from: { locationId: loc.id } })).json();
    expect(await resolve()).toMatchObject({ kind: 'virtualExtension', phoneNumber: '+351212345678', privateNumber: null });
    await patch({ virtualExtensionMode: 'enhanced', phoneContext: 'acme.example' });
    const enhanced = await resolve();
    expect(enhanced).toMatchObject({ kind: 'virtualExtension', esn: '5001', privateNumber: 'tel:5001;phone-context=acme.example' });
    expect(enhanced.trace).toContain('Enhanced mode: the call carries the ESN 5001 as the private number tel:5001;phone-context=acme.example');
  });

  it('the outbound trunk must be one of the organization\'s trunks, and cannot be deleted while chosen', async () => {
    const trunk = await post(api, '/v1/trunks', { name: 'Carrier A', host: 'sip.carrier.example', sourceAddresses: ['192.0.2.17/32'] });
    const other = await api.newOrganization('Beta');
    const theirs = (await api.call('POST', '/v1/trunks', other.token, { name: 'Beta carrier', host: 'sip.beta.example', sourceAddresses: ['192.0.2.99/32'] })).json<{ id: string }>();

    const unknown = await patch({ outboundTrunkId: theirs.id });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json()).toMatchObject({ errors: [{ field: '/outboundTrunkId', code: 'unknown_trunk' }] });

    expect((await patch({ outboundTrunkId: trunk.id })).json()).toMatchObject({ outboundTrunkId: trunk.id });
    const refused = await api.call('DELETE', `/v1/trunks/${trunk.id}`, api.rootToken);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('outbound trunk') });
    expect((await api.call('GET', `/v1/trunks/${trunk.id}`, api.rootToken)).statusCode).toBe(200);

    expect((await patch({ outboundTrunkId: null })).json()).toMatchObject({ outboundTrunkId: null });
    expect((await api.call('DELETE', `/v1/trunks/${trunk.id}`, api.rootToken)).statusCode).toBe(204);
  });

  it('refuses extensions and range patterns that are emergency numbers, naming where', async () => {
    await patch({ extensionLength: 3 });
    const location = await post(api, '/v1/locations', { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801', outsideDialDigit: '0' });
    const virtual = await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'Help', extension: '112', phoneNumber: '+31 6 1234 5678' });
    expect(virtual.statusCode, virtual.body).toBe(409);
    expect(virtual.json()).toMatchObject({ errors: [{ field: '/extension', code: 'extension_emergency_number', message: expect.stringContaining('112 is an emergency number') }] });
    const user = await api.call('POST', '/v1/users', api.rootToken, { firstName: 'Nine', lastName: 'One', locationId: location.id, extension: '911' });
    expect(user.statusCode, user.body).toBe(409);
    expect(user.json()).toMatchObject({ conflictsWith: { type: 'location', id: location.id }, errors: [{ code: 'extension_emergency_number' }] });
    const range = await api.call('POST', '/v1/virtual-extension-ranges', api.rootToken, { name: 'Block', prefix: '+3120555', patterns: ['2XX', '11X'] });
    expect(range.statusCode, range.body).toBe(409);
    expect(range.json()).toMatchObject({ errors: [{ field: '/patterns/1', code: 'extension_emergency_number' }] });
    expect((await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'Desk', extension: '113', phoneNumber: '+31 6 1234 5678' })).statusCode).toBe(201);
  });

  describe('with the documented dial plan', () => {
    it('refuses a steering digit that routing prefixes do not start with or an outside dial digit is, naming the locations', async () => {
      const plan = await buildDialPlan(api);
      const res = await patch({ steeringDigit: '9' });
      expect(res.statusCode, res.body).toBe(409);
      const body = res.json<DialPlanProblemBody>();
      expect(body.code).toBe('conflict');
      expect(body.errors).toContainEqual({ field: '/steeringDigit', code: 'routing_prefix_steering_digit', message: expect.stringContaining(`Amsterdam's routing prefix 801`) });
      expect(body.errors).toContainEqual({ field: '/steeringDigit', code: 'outside_dial_digit_steering_digit', message: expect.stringContaining(`[location ${plan.newYork}]`) });
      expect(body.errors.find((e) => e.code === 'outside_dial_digit_steering_digit')?.message).toContain('New York');
      expect((await api.call('GET', '/v1/organization/dial-plan', api.rootToken)).json().steeringDigit).toBe('8');
    });

    it('refuses a steering digit that starts extensions, naming the users', async () => {
      const plan = await buildDialPlan(api);
      const body = (await patch({ steeringDigit: '1' })).json<DialPlanProblemBody>();
      const reserved = body.errors.filter((e) => e.code === 'extension_reserved_digit');
      expect(reserved.map((e) => e.message)).toEqual(
        expect.arrayContaining([expect.stringContaining(`Bob de Vries (user, location Amsterdam) [user ${plan.bob}]`), expect.stringContaining(`Carla Sousa (user, location Lisbon) [user ${plan.carla}]`)]),
      );
    });

    it('refuses an extension length that extensions and ranges do not have, naming each', async () => {
      const plan = await buildDialPlan(api);
      const res = await patch({ extensionLength: 5 });
      expect(res.statusCode).toBe(409);
      const body = res.json<DialPlanProblemBody>();
      const mismatched = body.errors.filter((e) => e.code === 'extension_length_mismatch').map((e) => e.message);
      for (const id of [plan.bob, plan.dirk, plan.carla]) expect(mismatched).toContainEqual(expect.stringContaining(`[user ${id}]`));
      for (const id of [plan.amsterdamRange, plan.organizationRange]) expect(mismatched).toContainEqual(expect.stringContaining(`[virtualExtensionRange ${id}]`));
      expect(body.conflictsWith).toBeDefined();
    });

    it('switches to enhanced mode, and refuses going back while a range prefix is no E.164 start, naming the range', async () => {
      await buildDialPlan(api);
      expect((await patch({ virtualExtensionMode: 'enhanced', phoneContext: 'acme.example' })).json().virtualExtensionMode).toBe('enhanced');
      const privateRange = await post(api, '/v1/virtual-extension-ranges', { name: 'Private block', prefix: '4455', patterns: ['3XXX'] });
      const res = await patch({ virtualExtensionMode: 'standard' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<DialPlanProblemBody>()).toMatchObject({
        code: 'conflict',
        conflictsWith: { type: 'virtualExtensionRange', id: privateRange.id },
        errors: [{ field: '/virtualExtensionMode', code: 'range_prefix_mode', message: expect.stringContaining('Private block') }],
      });
    });
  });
});
