import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrganizationId } from '../../src/domain/ids.ts';
import { queueDefaults } from '../../src/domain/queue.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

/** A support queue of two people, one by mobile number typed the Dutch way, one on a desk phone. */
const support = {
  name: 'Support',
  members: [{ to: '06 1234 5678', label: 'Anna' }, { to: 'sip:ben@pbx.example' }],
  strategy: 'round-robin',
  maxCallers: 5,
};

describe.each(storeDialects())('queues API ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  async function createQueue(body: object = support) {
    const res = await api.call('POST', '/v1/queues', api.rootToken, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; version: number }>();
  }

  async function organizationId(): Promise<OrganizationId> {
    return (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>().id as OrganizationId;
  }

  it("creates a queue with numbers read in the organization's country and every default shown, and finds it by name", async () => {
    const res = await api.call('POST', '/v1/queues', api.rootToken, support);
    expect(res.statusCode, res.body).toBe(201);
    const queue = res.json();
    expect(queue).toEqual({
      id: expect.stringMatching(/^que_/),
      name: 'Support',
      members: [
        { to: '+31612345678', kind: 'phone', label: 'Anna' },
        { to: 'sip:ben@pbx.example', kind: 'sip' },
      ],
      strategy: 'round-robin',
      ringSeconds: queueDefaults.ringSeconds,
      wrapUpSeconds: queueDefaults.wrapUpSeconds,
      retrySeconds: queueDefaults.retrySeconds,
      maxCallers: 5,
      maxWaitSeconds: queueDefaults.maxWaitSeconds,
      whenNoMember: 'join',
      announcements: { everySeconds: queueDefaults.announceEverySeconds, position: true, expectedWait: true },
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/queues/${queue.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect((await api.call('GET', `/v1/queues/${queue.id}`, api.rootToken)).json()).toEqual(queue);

    await createQueue({ ...support, name: 'Sales callbacks' });
    expect((await api.call('GET', '/v1/queues?q=SALES', api.rootToken)).json()).toMatchObject({ total: 1, items: [{ name: 'Sales callbacks' }] });
    const page = (await api.call('GET', '/v1/queues?limit=1&offset=1', api.rootToken)).json();
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ name: 'Sales callbacks' }] });
  });

  it.each([
    ['a member that cannot be a phone number', { members: [{ to: '12' }] }, '/members/0/to', undefined],
    ['no members', { members: [] }, '/members', 'member_count'],
    ['the same member twice', { members: [{ to: '06 1234 5678' }, { to: '+31612345678' }] }, '/members/1/to', 'duplicate_member'],
    ['an unknown strategy', { strategy: 'random' }, '/strategy', 'unknown_strategy'],
    ['a ring time of 2 seconds', { ringSeconds: 2 }, '/ringSeconds', 'out_of_range'],
    ['announcements every 5 seconds', { announcements: { everySeconds: 5 } }, '/announcements/everySeconds', 'out_of_range'],
    ['a field the queue does not have', { music: 'jazz' }, '/music', undefined],
  ])('refuses %s with a problem naming the field, and stores nothing', async (_what, change, field, code) => {
    const res = await api.call('POST', '/v1/queues', api.rootToken, { ...support, ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field, ...(code ? { code } : {}) }));
    expect((await api.call('GET', '/v1/queues', api.rootToken)).json().total).toBe(0);
  });

  it('replaces with PUT (left-out settings go back to their defaults), merges with PATCH, and changes only the version named in If-Match', async () => {
    const { id } = await createQueue();
    const put = await api.call('PUT', `/v1/queues/${id}`, api.rootToken, { name: 'Support', members: [{ to: '+44 20 7946 0958', label: 'Cem' }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ members: [{ to: '+442079460958', label: 'Cem' }], strategy: queueDefaults.strategy, maxCallers: queueDefaults.maxCallers, version: 2 });
    expect(put.headers.etag).toBe('"2"');

    const patched = await api.call('PATCH', `/v1/queues/${id}`, api.rootToken, { whenNoMember: 'overflow', announcements: { everySeconds: 0 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Support',
      members: [{ to: '+442079460958', label: 'Cem' }],
      whenNoMember: 'overflow',
      announcements: { everySeconds: 0, position: true, expectedWait: true },
      version: 3,
    });

    const bad = await api.call('PATCH', `/v1/queues/${id}`, api.rootToken, { maxWaitSeconds: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toContainEqual(expect.objectContaining({ field: '/maxWaitSeconds', code: 'out_of_range' }));

    const withTag = (method: 'PUT' | 'PATCH', tag: string, payload: object) =>
      api.app.inject({ method, url: `/v1/queues/${id}`, headers: { authorization: `Bearer ${api.rootToken}`, 'if-match': tag }, payload });
    const stale = await withTag('PATCH', '"2"', { name: 'Lost' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', conflictsWith: { type: 'queue', id } });
    const stalePut = await withTag('PUT', '"1"', support);
    expect(stalePut.statusCode).toBe(409);
    const current = await withTag('PUT', '"3"', support);
    expect(current.statusCode, current.body).toBe(200);
    expect(current.json()).toMatchObject({ name: 'Support', strategy: 'round-robin', version: 4 });
    expect((await api.call('GET', `/v1/queues/${id}`, api.rootToken)).headers.etag).toBe('"4"');
  });

  it("refuses to delete a queue a number's flow sends calls to, naming the number, then deletes it once unused", async () => {
    const { id } = await createQueue();
    const number = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Main line' })).json<{ id: string }>();
    const menu = { type: 'menu', prompt: 'For support press 2.', options: [{ key: '2', target: { type: 'queue', queueId: id } }] };
    const flow = await api.call('PUT', `/v1/numbers/${number.id}/flow`, api.rootToken, { target: menu });
    expect(flow.statusCode, flow.body).toBe(200);

    const refused = await api.call('DELETE', `/v1/queues/${id}`, api.rootToken);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', conflictsWith: { type: 'number', id: number.id } });
    expect(refused.json().detail).toContain('+31201234567');
    expect((await api.call('GET', `/v1/queues/${id}`, api.rootToken)).statusCode).toBe(200);

    await api.call('PUT', `/v1/numbers/${number.id}/flow`, api.rootToken, { target: { type: 'hangup' } });
    expect((await api.call('DELETE', `/v1/queues/${id}`, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', `/v1/queues/${id}`, api.rootToken)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/v1/queues/${id}`, api.rootToken)).statusCode).toBe(404);
  });

  it("refuses to delete a queue the organization's call filter reroutes to", async () => {
    const { id } = await createQueue();
    const filter = await api.call('PUT', '/v1/organization/filter', api.rootToken, {
      mode: 'block',
      entries: [{ match: 'anonymous', action: { kind: 'reroute', target: { type: 'queue', queueId: id } } }],
    });
    expect(filter.statusCode, filter.body).toBe(200);
    const refused = await api.call('DELETE', `/v1/queues/${id}`, api.rootToken);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ code: 'in_use', message: expect.stringContaining('call filter') }));
  });

  it('is live for the next call: the snapshot holds the queue as soon as PATCH returns, and loses it on delete', async () => {
    await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Main line' });
    const orgId = await organizationId();
    const { id } = await createQueue();
    await api.call('PATCH', `/v1/queues/${id}`, api.rootToken, { name: 'Night support' });
    expect(api.live.current().organization(orgId)?.queues.get(id)).toMatchObject({ name: 'Night support', version: 2 });
    await api.call('DELETE', `/v1/queues/${id}`, api.rootToken);
    expect(api.live.current().organization(orgId)?.queues.has(id)).toBe(false);
  });

  it('records every change in the audit log as a queue change', async () => {
    const { id } = await createQueue();
    await api.call('PATCH', `/v1/queues/${id}`, api.rootToken, { name: 'Helpdesk' });
    const audit = (await api.call('GET', `/v1/audit?resourceType=queue&resourceId=${id}`, api.rootToken)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
  });

  it('lets a viewer token read but not change', async () => {
    const { id } = await createQueue();
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Viewer', role: 'viewer' })).json<{ secret: string }>().secret;
    expect((await api.call('GET', '/v1/queues', viewer)).statusCode).toBe(200);
    expect((await api.call('GET', `/v1/queues/${id}`, viewer)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/v1/queues', support],
      ['PUT', `/v1/queues/${id}`, support],
      ['PATCH', `/v1/queues/${id}`, { name: 'x' }],
      ['DELETE', `/v1/queues/${id}`, undefined],
    ] as const) {
      expect((await api.call(method, url, viewer, body)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await api.call('GET', `/v1/queues/${id}`, api.rootToken)).json().version).toBe(1);
  });

  it("answers another organization's queue with 404, whatever the route, and its flows cannot name it", async () => {
    const { id } = await createQueue();
    const other = await api.newOrganization('Globex');
    for (const [method, url, body] of [
      ['GET', `/v1/queues/${id}`, undefined],
      ['PUT', `/v1/queues/${id}`, support],
      ['PATCH', `/v1/queues/${id}`, { name: 'Hijacked' }],
      ['DELETE', `/v1/queues/${id}`, undefined],
    ] as const) {
      expect((await api.call(method, url, other.token, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await api.call('GET', '/v1/queues', other.token)).json().total).toBe(0);
    const theirs = (await api.call('POST', '/v1/numbers', other.token, { phoneNumber: '+31 20 765 4321', label: 'Globex' })).json<{ id: string }>();
    const borrowed = await api.call('PUT', `/v1/numbers/${theirs.id}/flow`, other.token, { target: { type: 'queue', queueId: id } });
    expect(borrowed.statusCode).toBe(400);
    expect(borrowed.json().errors).toContainEqual(expect.objectContaining({ field: '/target/queueId', code: 'unknown_queue' }));
    expect((await api.call('GET', `/v1/queues/${id}`, api.rootToken)).json()).toMatchObject({ name: 'Support', version: 1 });
  });
});
