/**
 * An organization whose phones only call each other has users and no business number. After a
 * restart nothing has loaded its dial plan yet (only organizations with numbers are loaded at start),
 * so the first call from one of its phones loads it: the colleague's phone still rings.
 */
import { afterAll, afterEach, expect, it } from 'vitest';
import { api, startServer, temporaryDataDir, type ServerProcess } from '../cli/support/ringroute-process.ts';
import { expectPassed } from './support/calls-suite.ts';
import { runUac, settle, UasPool } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const bootstrapToken = 'rr_calls_restart_admin_token_0123456789';
const phoneIp = '127.0.0.3';
const dataDir = temporaryDataDir();
const phones = new UasPool();
let server: ServerProcess | undefined;

const start = async (): Promise<{ server: ServerProcess; sipPort: number }> => {
  server = await startServer({ DATA_DIR: dataDir.path, RINGROUTE_BOOTSTRAP_TOKEN: bootstrapToken, RINGROUTE_COUNTRY: 'NL', RINGROUTE_SIP_DIGEST: 'MD5' });
  if (server.sipPort === null) throw new Error(`no SIP address:\n${server.stdout()}`);
  return { server, sipPort: server.sipPort };
};

afterEach(() => phones.stopAll());
afterAll(async () => {
  await phones.stopAll();
  await server?.stop();
  dataDir.remove();
});

describeWithSipp('internal calls after a restart', () => {
  it('a phone of an organization without numbers reaches a colleague after a restart', async () => {
    const first = await start();
    const created = await api(first.server, bootstrapToken, 'POST', '/v1/organizations', { name: 'Remote team', country: 'NL' });
    expect(created.status).toBe(201);
    const token = (created.body as { token: { secret: string } }).token.secret;
    const call = async (method: string, path: string, body: unknown) => {
      const res = await api(server ?? first.server, token, method, path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { id: string };
    };
    const location = await call('POST', '/v1/locations', { name: 'Home workers', timeZone: 'Europe/Amsterdam', routingPrefix: '871' });
    const dirk = { username: 'dirk-remote', password: 'dirk remote password' };
    const bob = { username: 'bob-remote', password: 'bob remote password' };
    await call('POST', '/v1/users', { firstName: 'Dirk', lastName: 'de Vries', locationId: location.id, extension: '2001', devices: [{ name: 'Softphone', ...dirk }] });
    const bobUser = await call('POST', '/v1/users', { firstName: 'Bob', lastName: 'Smit', locationId: location.id, extension: '2002', devices: [{ name: 'Softphone', ...bob }] });
    await first.server.stop();

    const { sipPort } = await start();
    const bobPhone = await phones.start('answer', { pauseMs: 100 });
    expectPassed(await runUac('register-contact', { port: sipPort, service: bob.username, auth: bob, keys: { contact_port: String(bobPhone.port) } }), "Bob's phone registers");
    const dialled = await runUac('device-call', {
      port: sipPort,
      service: '2002',
      auth: { ...dirk, uri: `2002@127.0.0.1:${sipPort}` },
      keys: { device_user: dirk.username },
      pauseMs: 100,
      localIp: phoneIp,
    });
    const [bobRun] = await settle([bobPhone]);
    expectPassed(dialled, "Dirk's phone dialling 2002");
    expectPassed(bobRun, "Bob's phone");
    // Records are written a moment after the call ends.
    let records: { items: { result: string; answeredBy: { destination: string } | null }[] } = { items: [] };
    for (let i = 0; i < 50 && records.items.length === 0; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      records = (await api(server ?? first.server, token, 'GET', '/v1/calls?limit=1', undefined)).body as typeof records;
    }
    expect(records.items[0]).toMatchObject({ result: 'answered', answeredBy: { destination: `user:${bobUser.id}` } });
  });
});
