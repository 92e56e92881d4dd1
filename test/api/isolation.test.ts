import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/domain/call-record.ts';
import type { OrganizationId } from '../../src/domain/ids.ts';
import { callRecord } from '../store/call-record-fixture.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Operation {
  method: Method;
  path: string;
  requestBody?: unknown;
  security?: unknown[];
}

/**
 * Walks every operation of the OpenAPI document with another organization's token, pointed at the first
 * organization's records, and proves it sees and changes nothing of them. A new route without a body
 * below makes this test fail, so no route escapes the walk.
 */
const bodies: Record<string, unknown> = {
  'POST /v1/organizations': { name: 'Sneaky', country: 'NL' },
  'PATCH /v1/organization': { name: 'Renamed by B', allowedCountries: ['GB'] },
  'POST /v1/tokens': { name: 'B token', role: 'admin' },
  'POST /v1/numbers': { phoneNumber: '+31 20 555 0199', label: 'B number' },
  'PATCH /v1/numbers/{id}': { label: 'Hijacked' },
  'PUT /v1/numbers/{id}/destinations': { strategy: 'simultaneous', destinations: [{ to: '+31 6 1234 0000' }] },
  'POST /v1/calls/simulate': { to: '+31 20 123 4567' },
  'POST /v1/trunks': { name: 'B trunk', host: 'sip.b.example', sourceAddresses: ['198.51.100.0/24'] },
  'PATCH /v1/trunks/{id}': { name: 'Hijacked', sourceAddresses: ['198.51.100.0/24'] },
  'POST /v1/schedules': { name: 'B schedule', timeZone: 'Europe/London' },
  'PUT /v1/schedules/{id}': { name: 'Hijacked', timeZone: 'Europe/London' },
  'PATCH /v1/schedules/{id}': { name: 'Hijacked' },
  'POST /v1/schedules/{id}/import': 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
  'POST /v1/rosters': { name: 'B roster', timeZone: 'Europe/London', members: [{ to: '+44 20 7946 0958' }], rotation: { every: 1, unit: 'days', handoverTime: '08:00', startDate: '2026-01-01' } },
  'PUT /v1/rosters/{id}': { name: 'Hijacked', timeZone: 'Europe/London', members: [{ to: '+44 20 7946 0958' }], rotation: { every: 1, unit: 'days', handoverTime: '08:00', startDate: '2026-01-01' } },
  'PATCH /v1/rosters/{id}': { name: 'Hijacked' },
  'POST /v1/queues': { name: 'B queue', members: [{ to: '+44 20 7946 0958' }] },
  'PUT /v1/queues/{id}': { name: 'Hijacked', members: [{ to: '+44 20 7946 0958' }] },
  'PATCH /v1/queues/{id}': { name: 'Hijacked' },
  // The lead's flow route (in progress); here so the walk reaches the routes after it.
  'PUT /v1/numbers/{id}/flow': { target: { type: 'hangup', reason: 'busy' } },
  'PUT /v1/organization/filter': { mode: 'block', entries: [{ match: '+44 7700*' }] },
  'PATCH /v1/organization/dial-plan': { extensionLength: 5 },
  'POST /v1/locations': { name: 'B site', timeZone: 'Europe/London', routingPrefix: '801' },
  'PUT /v1/locations/{id}': { name: 'Hijacked', timeZone: 'Europe/London', routingPrefix: '809' },
  'PATCH /v1/locations/{id}': { name: 'Hijacked' },
  'POST /v1/users': { firstName: 'B user', locationId: 'loc_00000000000000000000zz' },
  'PUT /v1/users/{id}': { firstName: 'Hijacked', locationId: 'loc_00000000000000000000zz' },
  'PATCH /v1/users/{id}': { firstName: 'Hijacked' },
  'POST /v1/virtual-extension-ranges': { name: 'B block', prefix: '+3120555', patterns: ['2XXX'] },
  'PUT /v1/virtual-extension-ranges/{id}': { name: 'Hijacked', prefix: '+3120555', patterns: ['2XXX'] },
  'PATCH /v1/virtual-extension-ranges/{id}': { addPatterns: ['3XXX'] },
  // Set once A's records exist: B dials from A's user.
  'POST /v1/dial-plan/resolve': undefined,
  'POST /v1/virtual-extensions': { displayName: 'B', extension: '5001', phoneNumber: '+44 20 7946 0958' },
  'PUT /v1/virtual-extensions/{id}': { displayName: 'Hijacked', extension: '5001', phoneNumber: '+44 20 7946 0958' },
  'PATCH /v1/virtual-extensions/{id}': { displayName: 'Hijacked' },
  'POST /v1/virtual-extensions/validate': { phoneNumbers: ['+44 20 7946 0958'] },
  'POST /v1/virtual-extensions/import': 'Extension,Phone Number,Display Name\n5001,+442079460958,B\n',
};

describe('organization isolation over every route in the OpenAPI document', () => {
  const dialect = storeDialects()[0]!;
  let api: TestApi;
  let a: {
    numberId: string;
    tokenId: string;
    trunkId: string;
    orgId: string;
    viewerSecret: string;
    callId: string;
    scheduleId: string;
    rosterId: string;
    queueId: string;
    locationId: string;
    userId: string;
    rangeId: string;
    virtualExtensionId: string;
    taskId: string;
  };
  let b: { token: string };
  // Call control holds calls of every organization; A has one in progress.
  let activeCalls: CallRecord[] = [];

  beforeAll(async () => {
    api = await startTestApi(dialect, { activeCalls: (organizationId) => activeCalls.filter((c) => c.organizationId === organizationId) });
    const number = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'A-private-label' })).json();
    await api.call('PUT', `/v1/numbers/${number.id}/destinations`, api.rootToken, {
      strategy: 'simultaneous',
      destinations: [{ to: '+31 6 1234 5678', label: 'A-private-mobile' }],
    });
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'A viewer', role: 'viewer' })).json();
    const org = (await api.call('GET', '/v1/organization', api.rootToken)).json();
    const trunk = (
      await api.call('POST', '/v1/trunks', api.rootToken, {
        name: 'A-private-trunk',
        host: 'sip.a-private.example',
        username: 'a-user',
        password: 'A-private-password',
        sourceAddresses: ['192.0.2.0/24'],
      })
    ).json();
    const call = callRecord(org.id as OrganizationId, {
      numberId: number.id,
      caller: { number: '+31612349999', kind: 'number', raw: 'A-private-caller' },
      sipCallId: 'A-private-call@carrier.example',
    });
    await api.store.calls.save([call]);
    activeCalls = [{ ...call, id: callRecord(org.id as OrganizationId).id, endedAt: null, result: null }];
    const schedule = (
      await api.call('POST', '/v1/schedules', api.rootToken, {
        name: 'A-private-schedule',
        timeZone: 'Europe/Amsterdam',
        exceptions: [{ kind: 'date', name: 'A-private-holiday', date: '2026-12-24' }],
      })
    ).json();
    const roster = (
      await api.call('POST', '/v1/rosters', api.rootToken, {
        name: 'A-private-roster',
        timeZone: 'Europe/Amsterdam',
        members: [{ to: '+31 6 1234 7777', label: 'A-private-member' }],
        rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-23' },
      })
    ).json();
    const queue = (await api.call('POST', '/v1/queues', api.rootToken, { name: 'A-private-queue', members: [{ to: '+31 6 1234 8888', label: 'A-private-agent' }] })).json();
    await api.call('PUT', '/v1/organization/filter', api.rootToken, { mode: 'block', entries: [{ match: '+31 6 1234 6666', label: 'A-private-pest' }] });
    const location = (await api.call('POST', '/v1/locations', api.rootToken, { name: 'A-private-site', timeZone: 'Europe/Amsterdam', routingPrefix: '801' })).json();
    const user = (
      await api.call('POST', '/v1/users', api.rootToken, {
        firstName: 'A-private-person',
        locationId: location.id,
        extension: '1001',
        email: 'a-private@example.com',
        devices: [{ username: 'a-private-device', password: 'A-private-sip-password' }],
      })
    ).json();
    const range = (await api.call('POST', '/v1/virtual-extension-ranges', api.rootToken, { name: 'A-private-block', prefix: '+3120555', patterns: ['2XXX'], locationId: location.id })).json();
    bodies['POST /v1/dial-plan/resolve'] = { digits: '1001', from: { userId: user.id } };
    const virtualExtension = (
      await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'A-private-ana', extension: '5001', phoneNumber: '+351 21 234 5678' })
    ).json();
    const imported = await api.app.inject({
      method: 'POST',
      url: '/v1/virtual-extensions/import?fileName=A-private-file.csv',
      headers: { authorization: `Bearer ${api.rootToken}`, 'content-type': 'text/csv' },
      payload: 'Extension,Phone Number,Display Name\n5002,+351 21 234 5679,A-private-imported\n',
    });
    expect(imported.statusCode, imported.body).toBe(202);
    // The import runs after the 202: let it finish, so A's state does not change under the walk.
    for (let i = 0; i < 200; i++) {
      const task = (await api.call('GET', `/v1/tasks/${imported.json().id}`, api.rootToken)).json();
      if (task.status !== 'queued' && task.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    a = {
      locationId: location.id,
      userId: user.id,
      rangeId: range.id,
      numberId: number.id,
      tokenId: viewer.id,
      trunkId: trunk.id,
      orgId: org.id,
      viewerSecret: viewer.secret,
      callId: call.id,
      scheduleId: schedule.id,
      rosterId: roster.id,
      queueId: queue.id,
      virtualExtensionId: virtualExtension.id,
      taskId: imported.json().id,
    };
    b = await api.newOrganization('Beta');
  });
  afterAll(async () => {
    await api.close();
  });

  /** Everything organization A can see, minus bookkeeping that reading itself changes. */
  async function stateOfA() {
    const get = async (url: string) => {
      const res = await api.call('GET', url, api.rootToken);
      return JSON.parse(res.body.replace(/"lastUsedAt":(null|"[^"]*")/g, '"lastUsedAt":"-"'));
    };
    return {
      organization: await get('/v1/organization'),
      numbers: await get('/v1/numbers'),
      number: await get(`/v1/numbers/${a.numberId}`),
      destinations: await get(`/v1/numbers/${a.numberId}/destinations`),
      tokens: await get('/v1/tokens'),
      trunks: await get('/v1/trunks'),
      trunk: await get(`/v1/trunks/${a.trunkId}`),
      audit: await get('/v1/audit?limit=500'),
      calls: await get('/v1/calls'),
      call: await get(`/v1/calls/${a.callId}`),
      activeCalls: await get('/v1/calls/active'),
      schedules: await get('/v1/schedules'),
      schedule: await get(`/v1/schedules/${a.scheduleId}`),
      rosters: await get('/v1/rosters'),
      roster: await get(`/v1/rosters/${a.rosterId}`),
      queues: await get('/v1/queues'),
      queue: await get(`/v1/queues/${a.queueId}`),
      filter: await get('/v1/organization/filter'),
      dialPlan: await get('/v1/organization/dial-plan'),
      locations: await get('/v1/locations'),
      users: await get('/v1/users'),
      registrations: await get(`/v1/users/${a.userId}/registrations`),
      ranges: await get('/v1/virtual-extension-ranges'),
      virtualExtensions: await get('/v1/virtual-extensions'),
      virtualExtension: await get(`/v1/virtual-extensions/${a.virtualExtensionId}`),
      task: await get(`/v1/tasks/${a.taskId}`),
    };
  }

  it('covers every /v1 operation, and B neither sees nor changes anything of A', async () => {
    const doc = (await api.call('GET', '/openapi.json', null)).json<{ paths: Record<string, Record<string, Operation>> }>();
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ ...op, method: method.toUpperCase() as Method, path })),
    );
    const v1 = operations.filter((op) => op.path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(15);

    const before = await stateOfA();
    const secrets = [
      a.numberId,
      a.tokenId,
      a.trunkId,
      a.orgId,
      a.callId,
      a.scheduleId,
      a.rosterId,
      a.queueId,
      'A-private-queue',
      'A-private-agent',
      '+31612348888',
      'A-private-schedule',
      'A-private-holiday',
      'A-private-roster',
      'A-private-member',
      '+31612347777',
      'A-private-pest',
      '+31612346666',
      'A-private-label',
      'A-private-mobile',
      'A-private-trunk',
      'sip.a-private.example',
      'A-private-password',
      'A-private-caller',
      'A-private-call@',
      a.viewerSecret,
      a.locationId,
      a.userId,
      a.rangeId,
      'A-private-site',
      'A-private-person',
      'a-private@example.com',
      'a-private-device',
      'A-private-sip-password',
      'A-private-block',
      'A-private-ana',
      'A-private-imported',
      'A-private-file',
    ];
    const dialPlanTargets: readonly (readonly [string, string])[] = [
      ['/v1/locations', a.locationId],
      ['/v1/users', a.userId],
      ['/v1/virtual-extension-ranges', a.rangeId],
      ['/v1/virtual-extensions', a.virtualExtensionId],
      ['/v1/tasks', a.taskId],
    ];

    for (const op of v1) {
      const key = `${op.method} ${op.path}`;
      expect(op.security, `${key} must require a token`).toEqual([{ bearer: [] }]);
      if (op.requestBody !== undefined && !(key in bodies)) throw new Error(`no request body for ${key}: add one to the walk`);
      const dialPlanTarget = dialPlanTargets.find(([prefix]) => op.path.startsWith(prefix))?.[1];
      const targetId = dialPlanTarget ?? (op.path.startsWith('/v1/tokens')
        ? a.tokenId
        : op.path.startsWith('/v1/trunks')
          ? a.trunkId
          : op.path.startsWith('/v1/calls/')
            ? a.callId
            : op.path.startsWith('/v1/schedules')
              ? a.scheduleId
              : op.path.startsWith('/v1/rosters')
                ? a.rosterId
                : op.path.startsWith('/v1/queues')
                  ? a.queueId
                  : a.numberId);
      const url = op.path.replace('{id}', targetId);
      const res = await api.call(op.method, url, b.token, bodies[key]);

      // Echoing back the id B itself sent (in a 404) tells B nothing; anything else of A's would.
      const sentId = op.path.includes('{id}') ? targetId : key === 'POST /v1/dial-plan/resolve' ? a.userId : null;
      const body = sentId !== null ? res.body.replaceAll(sentId, '<sent id>') : res.body;
      for (const secret of secrets) expect(body, `${key} leaked ${secret}`).not.toContain(secret);
      if (op.path.includes('{id}')) expect(res.statusCode, key).toBe(404);
      if (key === 'POST /v1/organizations' || key === 'GET /v1/organizations') expect(res.statusCode, key).toBe(403);
      if (key === 'POST /v1/calls/simulate') expect(res.statusCode, key).toBe(404);
      expect(res.statusCode, `${key}: ${res.body}`).toBeLessThan(500);

      // Without a token nothing answers at all.
      expect((await api.call(op.method, url, null, bodies[key])).statusCode, key).toBe(401);
    }

    expect(await stateOfA()).toEqual(before);
  });
});
