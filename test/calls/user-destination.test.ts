/**
 * A user as a ring destination, on real SIP: ringing `user:usr_…` rings the devices the user has
 * registered (RFC 3261 §10), found in the registrar's bindings when the leg starts. A sipp phone
 * registers with digest, its Contact pointing at a sipp UAS that plays the phone; a trunk call to the
 * business number then reaches that UAS. A user with nothing registered is unreachable, and the
 * flow goes on to its no-answer target.
 */
import { expect, it } from 'vitest';
import { callsSuite, expectPassed, legOf } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const phones = suite.peers;

let prefixes = 40;

/** A user in a new location, with one SIP device when `device` is given. */
async function createUser(firstName: string, device?: { username: string; password: string }): Promise<string> {
  prefixes += 1;
  const location = (await suite.ringroute.request('POST', '/v1/locations', { name: `Office ${firstName}`, timeZone: 'Europe/Amsterdam', routingPrefix: `8${prefixes}` }, 201)) as { id: string };
  const user = (await suite.ringroute.request(
    'POST',
    '/v1/users',
    { firstName, lastName: 'Jansen', locationId: location.id, ...(device ? { devices: [{ name: 'Desk phone', ...device }] } : {}) },
    201,
  )) as { id: string };
  return user.id;
}

/** Registers `device` with digest, its Contact pointing at the sipp UAS `phonePort` (RFC 3261 §10.2.1). */
async function register(device: { username: string; password: string }, phonePort: number): Promise<void> {
  const run = await runUac('register-contact', { port: suite.ringroute.sipPort, service: device.username, auth: device, keys: { contact_port: String(phonePort) } });
  expectPassed(run, `registration of ${device.username} (REGISTER, 401, REGISTER with credentials, 200)`);
}

/** A user with one device per entry, each registered at its own sipp phone. */
async function userWithPhones(firstName: string, phones: readonly { readonly port: number }[]): Promise<string> {
  prefixes += 1;
  const location = (await suite.ringroute.request('POST', '/v1/locations', { name: `Office ${firstName}`, timeZone: 'Europe/Amsterdam', routingPrefix: `8${prefixes}` }, 201)) as { id: string };
  const devices = phones.map((_, i) => ({ name: `Phone ${i + 1}`, username: `${firstName.toLowerCase()}-${i + 1}`, password: `device password ${i + 1} of ${firstName}` }));
  const user = (await suite.ringroute.request('POST', '/v1/users', { firstName, lastName: 'Smit', locationId: location.id, devices }, 201)) as { id: string };
  for (const [i, phone] of phones.entries()) {
    const device = devices[i];
    if (device) await register(device, phone.port);
  }
  return user.id;
}

describeWithSipp('a user as a destination', () => {
  it('rings the device the user registered: the phone behind its Contact answers, and the record names the user leg as answered', async () => {
    const device = { username: 'anna-desk', password: 'a long device password' };
    const userId = await createUser('Anna', device);
    const phone = await phones.start('answer', { pauseMs: 200 });
    await register(device, phone.port);
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: `user:${userId}`, label: 'Anna' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [phoneRun] = await settle([phone]);

    expectPassed(caller, 'caller (trunk)');
    expectPassed(phoneRun, 'Anna\'s phone (answers)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller', answeredBy: { label: 'Anna' } });
    expect(legOf(record, 'Anna')).toMatchObject({ destination: `user:${userId}`, result: 'answered' });
  });

  it('a user with no registered device is unreachable at once, and the no-answer target rings instead', async () => {
    const userId = await createUser('Bram');
    const fallback = await phones.start('answer', { pauseMs: 200 });
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [{ to: `user:${userId}`, label: 'Bram', ringSeconds: 20 }],
      noAnswer: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: fallback.uri('reception'), label: 'Reception' }] },
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [fallbackRun] = await settle([fallback]);

    expectPassed(caller, 'caller (trunk)');
    expectPassed(fallbackRun, 'reception (answers)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'Reception' } });
    expect(legOf(record, 'Bram')).toMatchObject({ destination: `user:${userId}`, result: 'unreachable', reason: 'no registered device' });
    expect(legOf(record, 'Reception').result).toBe('answered');
  });

  it('with two devices both ring at once: the first to answer gets the call, the other is cancelled as completed elsewhere', async () => {
    const desk = await phones.start('answer', { pauseMs: 1_000 });
    // Fails its call unless the CANCEL says Reason: SIP;cause=200;text="Call completed elsewhere" (RFC 3326).
    const mobile = await phones.start('ring-until-cancel-elsewhere');
    const userId = await userWithPhones('Carla', [desk, mobile]);
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: `user:${userId}`, label: 'Carla' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [deskRun, mobileRun] = await settle([desk, mobile]);

    expectPassed(caller, 'caller (trunk)');
    expectPassed(deskRun, 'desk phone (answers after 1 s)');
    expectPassed(mobileRun, 'softphone (cancelled as completed elsewhere)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'Carla' } });
    expect(record.legs).toHaveLength(1);
    expect(legOf(record, 'Carla')).toMatchObject({ destination: `user:${userId}`, result: 'answered' });
  });

  it('the user leg fails only when every device failed, as busy when one was busy; then the no-answer target runs', async () => {
    const desk = await phones.start('decline');
    const mobile = await phones.start('busy');
    const fallback = await phones.start('answer', { pauseMs: 200 });
    const userId = await userWithPhones('Daan', [desk, mobile]);
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [{ to: `user:${userId}`, label: 'Daan' }],
      noAnswer: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: fallback.uri('reception'), label: 'Reception' }] },
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [deskRun, mobileRun, fallbackRun] = await settle([desk, mobile, fallback]);

    expectPassed(caller, 'caller (trunk)');
    expectPassed(deskRun, 'desk phone (declines)');
    expectPassed(mobileRun, 'softphone (busy)');
    expectPassed(fallbackRun, 'reception (answers)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'Reception' } });
    expect(legOf(record, 'Daan')).toMatchObject({ destination: `user:${userId}`, result: 'busy', status: 486 });
  });
});
