/**
 * Internal calls on real SIP (issue 6, point 10): a user's registered phone dials an extension; the
 * INVITE is authenticated with the device's digest credentials, the dial plan resolves the digits to a
 * colleague, and the colleague's registered phone rings and answers. Digits that reach nothing get 404.
 * Virtual extensions and outside numbers leave through the trunk (as E.164, or in enhanced mode as the
 * ESN with the organization's phone-context), and so do emergency numbers, as dialled.
 */
import { expect, it } from 'vitest';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const phones = suite.peers;
/** Phones call from an address no trunk covers (the trunk of the suite is 127.0.0.1; 127.0.0.2 is its stranger). */
const phoneIp = '127.0.0.3';
/** The INVITE's Request-URI, which the digest `uri` must repeat (RFC 3261 §22.4); sipp adds the `sip:`. */
const requestUri = (digits: string): string => `${digits}@127.0.0.1:${suite.ringroute.sipPort}`;

describeWithSipp('internal calls from registered phones', () => {
  it("a phone dials a colleague's extension: authenticated with digest, resolved by the dial plan, the colleague's phone answers", async () => {
    const location = (await suite.ringroute.request('POST', '/v1/locations', { name: 'Head office', timeZone: 'Europe/Amsterdam', routingPrefix: '861' }, 201)) as { id: string };
    const dirk = { username: 'dirk-phone', password: 'dirk device password' };
    const bob = { username: 'bob-phone', password: 'bob device password' };
    await suite.ringroute.request('POST', '/v1/users', { firstName: 'Dirk', lastName: 'de Vries', locationId: location.id, extension: '1001', devices: [{ name: 'Desk', ...dirk }] }, 201);
    const bobUser = (await suite.ringroute.request('POST', '/v1/users', { firstName: 'Bob', lastName: 'Smit', locationId: location.id, extension: '1002', devices: [{ name: 'Desk', ...bob }] }, 201)) as {
      id: string;
    };
    const bobPhone = await phones.start('answer', { pauseMs: 100 });
    const registered = await runUac('register-contact', { port: suite.ringroute.sipPort, service: bob.username, auth: bob, keys: { contact_port: String(bobPhone.port) } });
    expectPassed(registered, "Bob's phone registers");
    const before = await suite.ringroute.callCount();

    const call = await runUac('device-call', { port: suite.ringroute.sipPort, service: '1002', auth: { ...dirk, uri: requestUri('1002') }, keys: { device_user: dirk.username }, pauseMs: 100, localIp: phoneIp });
    const [bobRun] = await settle([bobPhone]);
    expectPassed(call, "Dirk's phone (INVITE, 401, INVITE with credentials, 200, ACK, BYE)");
    expectPassed(bobRun, "Bob's phone");

    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({
      result: 'answered',
      numberId: null,
      dialledNumber: '1002',
      caller: { number: '8611001', kind: 'unknown', raw: 'dirk-phone' },
      answeredBy: { destination: `user:${bobUser.id}` },
    });
  });

  it('digits the dial plan does not know get 404; a phone with a wrong password gets 403', async () => {
    const location = (await suite.ringroute.request('POST', '/v1/locations', { name: 'Branch', timeZone: 'Europe/Amsterdam', routingPrefix: '862' }, 201)) as { id: string };
    const carla = { username: 'carla-phone', password: 'carla device password' };
    await suite.ringroute.request('POST', '/v1/users', { firstName: 'Carla', lastName: 'Lopes', locationId: location.id, extension: '1003', devices: [{ name: 'Desk', ...carla }] }, 201);

    const unknown = await runUac('device-call', { port: suite.ringroute.sipPort, service: '7777', auth: { ...carla, uri: requestUri('7777') }, keys: { device_user: carla.username }, localIp: phoneIp });
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.errors).toContain("received 'SIP/2.0 404 Not Found");

    const wrong = await runUac('device-call', { port: suite.ringroute.sipPort, service: '1003', auth: { ...carla, password: 'not it', uri: requestUri('1003') }, keys: { device_user: carla.username }, localIp: phoneIp });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.errors).toContain("received 'SIP/2.0 403 Forbidden");
  });

  it('0 + a national number leaves through the trunk as E.164, the caller shown by name and ESN; a virtual extension is called at its number', async () => {
    const location = (await suite.ringroute.request('POST', '/v1/locations', { name: 'Sales office', timeZone: 'Europe/Amsterdam', routingPrefix: '863' }, 201)) as { id: string };
    const dirk = { username: 'dirk-sales', password: 'dirk sales password' };
    await suite.ringroute.request('POST', '/v1/users', { firstName: 'Dirk', lastName: 'de Vries', locationId: location.id, extension: '1001', devices: [{ name: 'Desk', ...dirk }] }, 201);
    await suite.ringroute.request('POST', '/v1/virtual-extensions', { displayName: 'Anna mobile', extension: '5005', phoneNumber: '06 8765 4321' }, 201);
    const network = await phones.start('outside-check', { calls: 2, pauseMs: 50 });
    await suite.ringroute.request('PATCH', `/v1/trunks/${suite.trunkId}`, { port: network.port });

    for (const [digits, number] of [
      ['0612345678', '+31612345678'],
      ['5005', '+31687654321'],
    ] as const) {
      const before = await suite.ringroute.callCount();
      const call = await runUac('device-call', { port: suite.ringroute.sipPort, service: digits, auth: { ...dirk, uri: requestUri(digits) }, keys: { device_user: dirk.username }, pauseMs: 50, localIp: phoneIp });
      expectPassed(call, `Dirk's phone dialling ${digits}`);
      const record = await suite.ringroute.callAfter(before);
      expect(record).toMatchObject({ result: 'answered', dialledNumber: digits, caller: { number: '8631001' }, answeredBy: { destination: number } });
    }
    const [networkRun] = await settle([network]);
    expectPassed(networkRun, 'the phone network (checks the E.164 Request-URI and the From "Dirk de Vries" <sip:8631001@…>)');
  });

  it("enhanced mode: a virtual extension and a private range leave as the ESN with the organization's phone-context, through the chosen outbound trunk", async () => {
    const location = (await suite.ringroute.request('POST', '/v1/locations', { name: 'Porto office', timeZone: 'Europe/Lisbon', routingPrefix: '864' }, 201)) as { id: string };
    const dirk = { username: 'dirk-porto', password: 'dirk porto password' };
    await suite.ringroute.request('POST', '/v1/users', { firstName: 'Dirk', lastName: 'de Vries', locationId: location.id, extension: '1001', devices: [{ name: 'Desk', ...dirk }] }, 201);
    await suite.ringroute.request('POST', '/v1/virtual-extensions', { displayName: 'Rui mobile', extension: '5006', phoneNumber: '+351 91 234 5678', locationId: location.id }, 201);
    await suite.ringroute.request('PATCH', '/v1/organization/dial-plan', { virtualExtensionMode: 'enhanced', phoneContext: 'Acme.Example' }, 200);
    // A range of private numbers only the provider knows: its prefix is no E.164 number, so only enhanced mode allows it.
    const range = (await suite.ringroute.request('POST', '/v1/virtual-extension-ranges', { name: 'Porto lab', prefix: '4455', patterns: ['7XXX'], locationId: location.id }, 201)) as {
      id: string;
    };

    // The provider for private numbers is a second trunk, chosen as the outbound trunk; the suite's own trunk is not called.
    const provider = await phones.start('private-number-check', { calls: 2, pauseMs: 50 });
    const trunk = (await suite.ringroute.request('POST', '/v1/trunks', { name: 'Private network', host: '127.0.0.1', port: provider.port, sourceAddresses: ['192.0.2.50/32'] }, 201)) as { id: string };
    await suite.ringroute.request('PATCH', '/v1/organization/dial-plan', { outboundTrunkId: trunk.id }, 200);
    try {
      for (const [digits, esn] of [
        ['5006', '8645006'],
        ['7123', '8647123'],
      ] as const) {
        const before = await suite.ringroute.callCount();
        const call = await runUac('device-call', { port: suite.ringroute.sipPort, service: digits, auth: { ...dirk, uri: requestUri(digits) }, keys: { device_user: dirk.username }, pauseMs: 50, localIp: phoneIp });
        expectPassed(call, `Dirk's phone dialling ${digits}`);
        const record = await suite.ringroute.callAfter(before);
        expect(record).toMatchObject({ result: 'answered', dialledNumber: digits, caller: { number: '8641001' }, answeredBy: { destination: `tel:${esn};phone-context=acme.example` } });
      }
      const [providerRun] = await settle([provider]);
      expectPassed(providerRun, 'the provider (checks sip:ESN;phone-context=acme.example@…;user=phone in the Request-URI and To, and the From)');
    } finally {
      // Back to the suite's standard dial plan for whatever runs next.
      await suite.ringroute.request('DELETE', `/v1/virtual-extension-ranges/${range.id}`, undefined, 204);
      await suite.ringroute.request('PATCH', '/v1/organization/dial-plan', { virtualExtensionMode: 'standard', phoneContext: null, outboundTrunkId: null }, 200);
    }
  });

  it("112, dialled directly or after the outside dial digit, goes to the carrier as 112 with the location's number to call back", async () => {
    const location = (await suite.ringroute.request(
      'POST',
      '/v1/locations',
      { name: 'Warehouse', timeZone: 'Europe/Amsterdam', routingPrefix: '865', emergencyCallbackNumber: '020 555 0100' },
      201,
    )) as { id: string };
    const dirk = { username: 'dirk-warehouse', password: 'dirk warehouse password' };
    await suite.ringroute.request('POST', '/v1/users', { firstName: 'Dirk', lastName: 'de Vries', locationId: location.id, extension: '1001', devices: [{ name: 'Desk', ...dirk }] }, 201);
    const carrier = await phones.start('emergency-check', { calls: 2, pauseMs: 50 });
    await suite.ringroute.request('PATCH', `/v1/trunks/${suite.trunkId}`, { port: carrier.port });

    for (const digits of ['112', '0112']) {
      const before = await suite.ringroute.callCount();
      const call = await runUac('device-call', { port: suite.ringroute.sipPort, service: digits, auth: { ...dirk, uri: requestUri(digits) }, keys: { device_user: dirk.username }, pauseMs: 50, localIp: phoneIp });
      expectPassed(call, `Dirk's phone dialling ${digits}`);
      const record = await suite.ringroute.callAfter(before);
      expect(record).toMatchObject({ result: 'answered', dialledNumber: digits, caller: { number: '8651001' }, answeredBy: { destination: 'emergency:112', label: 'Emergency services' } });
    }
    const [carrierRun] = await settle([carrier]);
    expectPassed(carrierRun, 'the carrier (checks sip:112@… and the callback number +31205550100 in From and P-Asserted-Identity)');
  });
});
