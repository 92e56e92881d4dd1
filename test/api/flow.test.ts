import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';

/*
 * The flow document over the API: a number's call filter, its schedule rules and its default target,
 * validated as a whole, and live for the next (simulated) call.
 */

const officeHours = {
  name: 'Office hours',
  timeZone: 'Europe/Amsterdam',
  weekly: {
    mon: [{ from: '09:00', to: '17:30' }],
    tue: [{ from: '09:00', to: '17:30' }],
    wed: [{ from: '09:00', to: '17:30' }],
    thu: [{ from: '09:00', to: '17:30' }],
    fri: [{ from: '09:00', to: '17:30' }],
    sat: [],
    sun: [],
  },
  exceptions: [{ kind: 'date', date: '2026-12-24', name: 'Christmas Eve' }],
};

describe.each(storeDialects())('number flows ($name)', (dialect) => {
  let api: TestApi;
  let id: string;
  let scheduleId: string;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    id = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Sales' })).json().id;
    const schedule = await api.call('POST', '/v1/schedules', api.rootToken, officeHours);
    expect(schedule.statusCode).toBe(201);
    scheduleId = schedule.json().id;
  });
  afterAll(async () => {
    await api.close();
  });

  const put = (body: unknown) => api.call('PUT', `/v1/numbers/${id}/flow`, api.rootToken, body);
  const sim = (body: Record<string, unknown>) => api.call('POST', '/v1/calls/simulate', api.rootToken, { to: '+31201234567', from: '+31 6 1111 2222', ...body });
  const flow = () => ({
    filter: {
      mode: 'block',
      entries: [
        { label: 'Pest', match: '+44 7700*', action: 'reject' },
        { label: 'Biggest customer', match: '06 5555 0000', action: { kind: 'reroute', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '06 8765 4321', label: 'Anna' }] } } },
      ],
    },
    rules: [{ name: 'Evenings, weekends, holidays', scheduleId, when: 'closed', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '06 1234 5678', label: 'Mobile' }] } }],
    target: { type: 'ring', strategy: 'sequential', destinations: [{ to: '030 123 4567', label: 'Office', ringSeconds: 15 }], noAnswer: { type: 'hangup', reason: 'busy' } },
  });

  it('a new number\'s flow has no rules and hangs up "unavailable"', async () => {
    const got = await api.call('GET', `/v1/numbers/${id}/flow`, api.rootToken);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ rules: [], target: { type: 'hangup', reason: 'unavailable' } });
  });

  it('stores filter, rules and target normalised (numbers in E.164), and /destinations shows the default target', async () => {
    const res = await put(flow());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.filter.entries[1]).toMatchObject({ label: 'Biggest customer', action: { kind: 'reroute', target: { destinations: [{ to: '+31687654321', label: 'Anna' }] } } });
    expect(body.rules).toEqual([expect.objectContaining({ name: 'Evenings, weekends, holidays', scheduleId, when: 'closed', target: expect.objectContaining({ destinations: [expect.objectContaining({ to: '+31612345678' })] }) })]);
    expect((await api.call('GET', `/v1/numbers/${id}/flow`, api.rootToken)).json()).toEqual(body);
    const destinations = (await api.call('GET', `/v1/numbers/${id}/destinations`, api.rootToken)).json();
    expect(destinations).toMatchObject({ strategy: 'sequential', destinations: [{ to: '+31301234567', label: 'Office' }], noAnswer: { type: 'hangup', reason: 'busy' } });
  });

  it('the next simulated call follows it: office hours ring the office, evenings the mobile, Christmas Eve names the holiday', async () => {
    await put(flow());
    const monday = (await sim({ at: '2026-11-23T10:00:00+01:00', behaviour: { Office: 'answer' } })).json();
    expect(monday.outcome).toMatchObject({ result: 'answered', label: 'Office' });
    const evening = (await sim({ at: '2026-11-23T19:00:00+01:00', behaviour: { Mobile: 'answer' } })).json();
    expect(evening.outcome).toMatchObject({ result: 'answered', label: 'Mobile' });
    const christmasEve = (await sim({ at: '2026-12-24T11:00:00+01:00', behaviour: { Mobile: 'answer' } })).json();
    expect(christmasEve.outcome).toMatchObject({ result: 'answered', label: 'Mobile' });
    expect(JSON.stringify(christmasEve.trace)).toContain('Christmas Eve');
  });

  it('blocks the pest (603, the entry named) and sends the biggest customer to Anna, in any format the caller came in', async () => {
    await put(flow());
    const pest = (await sim({ at: '2026-11-23T10:00:00+01:00', from: '+44 7700 900123' })).json();
    expect(pest.outcome).toMatchObject({ result: 'rejected', status: 603 });
    expect(pest.trace.find((e: { code: string }) => e.code === 'filter.blocked').message).toContain('+447700900123');
    const vip = (await sim({ at: '2026-11-23T10:00:00+01:00', from: '0655550000', behaviour: { Anna: 'answer' } })).json();
    expect(vip.outcome).toMatchObject({ result: 'answered', label: 'Anna' });
  });

  it('refuses a rule naming an unknown schedule and bad reroute targets field by field (an announcement entry is fine), keeping the old flow', async () => {
    await put(flow());
    const before = (await api.call('GET', `/v1/numbers/${id}/flow`, api.rootToken)).json();
    const bad = flow();
    bad.rules[0]!.scheduleId = 'sch_01m8000000000000000000';
    const res = await put({
      ...bad,
      filter: {
        mode: 'block',
        entries: [
          { match: '+44 7700*', action: { kind: 'announcement', text: 'Go away' } },
          { match: '+44 20*', action: { kind: 'reroute', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: 'not a number' }] } } },
          { match: '+44 30*', action: { kind: 'reroute', target: { type: 'teleport' } } },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: '/rules/0/scheduleId', code: 'unknown_schedule' }),
        expect.objectContaining({ field: '/filter/entries/1/action/target/destinations/0/to', code: 'invalid_phone_number' }),
        expect.objectContaining({ field: '/filter/entries/2/action/target', code: 'invalid_target' }),
      ]),
    );
    expect(res.json().errors).toHaveLength(3);
    expect((await api.call('GET', `/v1/numbers/${id}/flow`, api.rootToken)).json()).toEqual(before);
  });

  it('PUT /destinations changes only the default target: the rules and the filter stay', async () => {
    await put(flow());
    const res = await api.call('PUT', `/v1/numbers/${id}/destinations`, api.rootToken, { strategy: 'simultaneous', destinations: [{ to: '030 765 4321', label: 'Desk' }] });
    expect(res.statusCode).toBe(200);
    const after = (await api.call('GET', `/v1/numbers/${id}/flow`, api.rootToken)).json();
    expect(after.rules).toHaveLength(1);
    expect(after.filter.entries).toHaveLength(2);
    expect(after.target.destinations).toEqual([expect.objectContaining({ to: '+31307654321', label: 'Desk' })]);
  });

  it('a ring may name a roster (roster:ros_…): the call rings whoever is on call then; an unknown roster is refused', async () => {
    const roster = await api.call('POST', '/v1/rosters', api.rootToken, {
      name: 'Support on call',
      timeZone: 'Europe/Amsterdam',
      members: [
        { to: '06 1111 1111', label: 'Anna' },
        { to: '06 2222 2222', label: 'Ben' },
      ],
      rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-16' },
    });
    expect(roster.statusCode).toBe(201);
    const rosterId = roster.json().id as string;
    const res = await api.call('PUT', `/v1/numbers/${id}/destinations`, api.rootToken, { strategy: 'simultaneous', destinations: [{ to: `roster:${rosterId}`, label: 'On call' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().destinations).toEqual([expect.objectContaining({ to: `roster:${rosterId}`, kind: 'roster', label: 'On call' })]);
    const week1 = (await sim({ at: '2026-11-18T12:00:00+01:00', behaviour: { 'On call': 'answer' } })).json();
    expect(week1.outcome).toMatchObject({ result: 'answered', destination: '+31611111111' });
    const week2 = (await sim({ at: '2026-11-25T12:00:00+01:00', behaviour: { 'On call': 'answer' } })).json();
    expect(week2.outcome).toMatchObject({ result: 'answered', destination: '+31622222222' });

    const unknown = await api.call('PUT', `/v1/numbers/${id}/destinations`, api.rootToken, { strategy: 'simultaneous', destinations: [{ to: 'roster:ros_01m8000000000000000000' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: '/destinations/0/to', code: 'unknown_roster' })]);
  });

  it('a ring may name a user (user:usr_…), shown by its label in a simulation; an unknown or malformed user is refused at the field', async () => {
    const location = await api.call('POST', '/v1/locations', api.rootToken, { name: 'Head office', timeZone: 'Europe/Amsterdam', routingPrefix: '811', outsideDialDigit: '0' });
    expect(location.statusCode, location.body).toBe(201);
    const user = await api.call('POST', '/v1/users', api.rootToken, { firstName: 'Hanna', lastName: 'Visser', locationId: location.json().id, extension: '2001' });
    expect(user.statusCode, user.body).toBe(201);
    const userId = user.json().id as string;
    const res = await api.call('PUT', `/v1/numbers/${id}/destinations`, api.rootToken, { strategy: 'simultaneous', destinations: [{ to: ` User:${userId} `, label: 'Hanna' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().destinations).toEqual([expect.objectContaining({ to: `user:${userId}`, kind: 'user', label: 'Hanna' })]);
    const answered = (await sim({ at: '2026-11-18T12:00:00+01:00', behaviour: { Hanna: 'answer' } })).json();
    expect(answered.outcome).toMatchObject({ result: 'answered', destination: `user:${userId}` });
    const byId = (await sim({ at: '2026-11-18T12:00:00+01:00', behaviour: { [`user:${userId}`]: 'busy' } })).json();
    expect(byId.timeline.find((e: { event: string }) => e.event === 'busy')).toMatchObject({ destination: `user:${userId}` });

    const flow = await put({ target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '030 123 4567' }], noAnswer: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: 'user:usr_01m8000000000000000000' }] } } });
    expect(flow.statusCode).toBe(400);
    expect(flow.json().errors).toEqual([expect.objectContaining({ field: '/target/noAnswer/destinations/0/to', code: 'unknown_user' })]);
    const malformed = await api.call('PUT', `/v1/numbers/${id}/destinations`, api.rootToken, { strategy: 'simultaneous', destinations: [{ to: 'user:bob' }] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors).toEqual([expect.objectContaining({ field: '/destinations/0/to', code: 'invalid_user' })]);
  });

  it('a number target continues in another number\'s flow; a loop is refused with the way round; a number in use cannot be deleted', async () => {
    const support = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 555 0000', label: 'Support' })).json().id as string;
    await api.call('PUT', `/v1/numbers/${support}/destinations`, api.rootToken, { strategy: 'simultaneous', destinations: [{ to: '06 3333 3333', label: 'Support desk' }] });
    const res = await put({ target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '030 123 4567', label: 'Office', ringSeconds: 5 }], noAnswer: { type: 'number', numberId: support } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().target.noAnswer).toEqual({ type: 'number', numberId: support });

    // Office does not answer: the call goes on as a call to Support, whose desk answers.
    const result = (await sim({ at: '2026-11-23T10:00:00+01:00', behaviour: { 'Support desk': 'answer' } })).json();
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Support desk' });
    expect(result.trace.find((e: { code: string }) => e.code === 'number.followed').message).toContain('Support');

    // Support → Sales would close the loop Sales → Support → Sales.
    const loop = await api.call('PUT', `/v1/numbers/${support}/flow`, api.rootToken, { target: { type: 'number', numberId: id } });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().errors).toEqual([expect.objectContaining({ field: '/target/numberId', code: 'loop', message: expect.stringContaining('+31205550000 → +31201234567 → +31205550000') })]);
    const unknown = await put({ target: { type: 'number', numberId: 'num_01m8000000000000000000' } });
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: '/target/numberId', code: 'unknown_number' })]);

    const inUse = await api.call('DELETE', `/v1/numbers/${support}`, api.rootToken);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().detail).toContain('+31201234567');
    await put(flow());
    expect((await api.call('DELETE', `/v1/numbers/${support}`, api.rootToken)).statusCode).toBe(204);
  });

  it('a viewer may read the flow but not change it; another organization gets 404', async () => {
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Wallboard', role: 'viewer' })).json().secret as string;
    expect((await api.call('GET', `/v1/numbers/${id}/flow`, viewer)).statusCode).toBe(200);
    expect((await api.call('PUT', `/v1/numbers/${id}/flow`, viewer, flow())).statusCode).toBe(403);
    const other = await api.newOrganization('Globex');
    expect((await api.call('GET', `/v1/numbers/${id}/flow`, other.token)).statusCode).toBe(404);
    expect((await api.call('PUT', `/v1/numbers/${id}/flow`, other.token, flow())).statusCode).toBe(404);
  });
});
