/**
 * Users' SIP phones register with ringroute (RFC 3261 §10): a real sipp phone registers with digest
 * authentication against the device credentials set through the API; the binding is listed on the
 * user; a wrong password is refused and registers nothing.
 */
import { expect, it } from 'vitest';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();

async function userWithDevice(username: string, password: string): Promise<string> {
  const location = (await suite.ringroute.request('POST', '/v1/locations', { name: `Office ${username}`, timeZone: 'Europe/Amsterdam', routingPrefix: `8${Math.floor(10 + Math.random() * 89)}` }, 201)) as { id: string };
  const user = (await suite.ringroute.request(
    'POST',
    '/v1/users',
    { firstName: 'Dirk', lastName: 'de Vries', locationId: location.id, devices: [{ name: 'Desk phone', username, password }] },
    201,
  )) as { id: string };
  return user.id;
}

describeWithSipp('device registration', () => {
  it('a phone registers with digest and its binding is listed on the user', async () => {
    const userId = await userWithDevice('dirk-desk', 'a long device password');
    const phone = await runUac('register', { port: suite.ringroute.sipPort, service: 'dirk-desk', auth: { username: 'dirk-desk', password: 'a long device password' } });
    expectPassed(phone, 'phone (REGISTER, 401, REGISTER with credentials, 200 with the binding)');
    const registrations = (await suite.ringroute.request('GET', `/v1/users/${userId}/registrations`)) as { items: { contact: string }[] } | { contact: string }[];
    const items = Array.isArray(registrations) ? registrations : registrations.items;
    expect(items.map((r) => r.contact)).toEqual([expect.stringMatching(/^sip:dirk-desk@127\.0\.0\.1:\d+$/)]);
  });

  it('a wrong password gets 403 and registers nothing', async () => {
    const userId = await userWithDevice('ben-soft', 'the right password');
    const phone = await runUac('register', { port: suite.ringroute.sipPort, service: 'ben-soft', auth: { username: 'ben-soft', password: 'a wrong password' } });
    expect(phone.exitCode).not.toBe(0);
    expect(phone.errors).toContain('403');
    const registrations = (await suite.ringroute.request('GET', `/v1/users/${userId}/registrations`)) as { items: unknown[] } | unknown[];
    expect(Array.isArray(registrations) ? registrations : registrations.items).toEqual([]);
  });
});
