import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NumberId, OrganizationId, ScheduleId } from '../../src/domain/ids.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { system } from '../store/store-test-data.ts';

const nlHolidays = readFileSync(new URL('../fixtures/ics/nl-holidays-2026-2027.ics', import.meta.url), 'utf8');

const office = {
  name: 'Office hours',
  timeZone: 'Europe/Amsterdam',
  weekly: {
    mon: [{ from: '09:00', to: '17:30' }],
    tue: [{ from: '09:00', to: '17:30' }],
    wed: [{ from: '09:00', to: '17:30' }],
    thu: [{ from: '09:00', to: '17:30' }],
    fri: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:30' }],
  },
  exceptions: [{ kind: 'date', name: 'Christmas Eve', date: '2026-12-24', state: 'open', hours: [{ from: '09:00', to: '15:00' }] }],
};

const closedDays = { sat: [], sun: [] };

describe.each(storeDialects())('schedules API ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  /** A request with headers of its own (If-Match, a content type). */
  function send(method: 'POST' | 'PUT' | 'PATCH' | 'GET', url: string, headers: Record<string, string>, payload?: string | object, token = api.rootToken) {
    return api.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload !== undefined ? { payload } : {}) });
  }

  async function createSchedule(body: object = office) {
    const res = await api.call('POST', '/v1/schedules', api.rootToken, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; version: number; exceptions: unknown[] }>();
  }

  async function importIcs(id: string, text: string, headers: Record<string, string> = {}) {
    return send('POST', `/v1/schedules/${id}/import`, { 'content-type': 'text/calendar; charset=utf-8', ...headers }, text);
  }

  it('creates a schedule, shows it the same way everywhere, and lists and searches it', async () => {
    const res = await api.call('POST', '/v1/schedules', api.rootToken, office);
    expect(res.statusCode).toBe(201);
    const schedule = res.json();
    expect(schedule).toEqual({
      id: expect.stringMatching(/^sch_/),
      name: 'Office hours',
      timeZone: 'Europe/Amsterdam',
      weekly: { ...office.weekly, ...closedDays },
      exceptions: office.exceptions,
      override: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/schedules/${schedule.id}`);
    expect(res.headers.etag).toBe('"1"');
    const read = await api.call('GET', `/v1/schedules/${schedule.id}`, api.rootToken);
    expect(read.json()).toEqual(schedule);
    expect(read.headers.etag).toBe('"1"');

    await createSchedule({ name: 'Support desk', timeZone: 'America/New_York' });
    expect((await api.call('GET', '/v1/schedules', api.rootToken)).json()).toMatchObject({ total: 2, limit: 50, offset: 0 });
    const found = (await api.call('GET', '/v1/schedules?q=OFFICE', api.rootToken)).json();
    expect(found).toEqual({ items: [schedule], total: 1, limit: 50, offset: 0 });
    expect((await api.call('GET', '/v1/schedules?limit=1&offset=1', api.rootToken)).json().items.map((s: { name: string }) => s.name)).toEqual(['Support desk']);
  });

  it.each([
    ['a time zone that does not exist', { timeZone: 'Europe/Atlantis' }, '/timeZone', 'unknown_time_zone'],
    ['a fixed offset instead of a place', { timeZone: '+01:00' }, '/timeZone', 'unknown_time_zone'],
    ['an hour past 24', { weekly: { mon: [{ from: '09:00', to: '25:00' }] } }, '/weekly/mon/0/to', undefined],
    ['an unknown exception kind', { exceptions: [{ kind: 'lunar', name: 'x' }] }, '/exceptions/0/kind', 'unknown_kind'],
    ['a date that does not exist', { exceptions: [{ kind: 'date', name: 'x', date: '2026-02-30' }] }, '/exceptions/0/date', undefined],
    ['an override without an offset', { override: { state: 'closed', until: '2026-12-24T15:00' } }, '/override/until', 'invalid_instant'],
    ['no name', { name: undefined }, '/name', 'required'],
    ['an unknown field', { colour: 'red' }, '/colour', 'additionalProperties'],
  ])('refuses %s with a problem naming the field', async (_what, change, field, code) => {
    const res = await api.call('POST', '/v1/schedules', api.rootToken, { ...office, ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, ...(code ? { code } : {}) }));
    expect((await api.call('GET', '/v1/schedules', api.rootToken)).json().total).toBe(0);
  });

  it('replaces with PUT, merges top-level fields with PATCH and checks the whole result', async () => {
    const { id } = await createSchedule();
    const put = await api.call('PUT', `/v1/schedules/${id}`, api.rootToken, { name: 'Weekends', timeZone: 'Australia/Sydney', weekly: { sat: [{ from: '10:00', to: '14:00' }] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ id, name: 'Weekends', timeZone: 'Australia/Sydney', exceptions: [], override: null, version: 2 });
    expect(put.headers.etag).toBe('"2"');

    const override = { state: 'closed', until: '2026-12-24T15:00:00+01:00', reason: 'Christmas party' };
    const patched = await api.call('PATCH', `/v1/schedules/${id}`, api.rootToken, { override });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Weekends',
      weekly: { sat: [{ from: '10:00', to: '14:00' }], mon: [] },
      override: { state: 'closed', until: '2026-12-24T14:00:00Z', reason: 'Christmas party' },
      version: 3,
    });
    // PATCH null ends the override; the other fields stay.
    expect((await api.call('PATCH', `/v1/schedules/${id}`, api.rootToken, { override: null })).json()).toMatchObject({ override: null, name: 'Weekends', version: 4 });

    const bad = await api.call('PATCH', `/v1/schedules/${id}`, api.rootToken, { weekly: { mon: [{ from: '17:00', to: '09:00' }, { from: '08:00', to: '10:00' }] }, exceptions: [{ kind: 'yearly', name: 'x', month: 13, day: 1 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('/exceptions/0/month');
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).json().version).toBe(4);
    expect((await api.call('PATCH', `/v1/schedules/${id}`, api.rootToken, {})).statusCode).toBe(400);
  });

  it('changes only the version named in If-Match', async () => {
    const { id } = await createSchedule();
    const stale = await send('PUT', `/v1/schedules/${id}`, { 'if-match': '"7"' }, office);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', conflictsWith: { type: 'schedule', id } });
    const ok = await send('PATCH', `/v1/schedules/${id}`, { 'if-match': '"1"' }, { name: 'Renamed' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await send('PATCH', `/v1/schedules/${id}`, { 'if-match': '"1"' }, { name: 'Again' })).statusCode).toBe(409);
    expect((await send('PATCH', `/v1/schedules/${id}`, { 'if-match': 'yesterday' }, { name: 'Again' })).json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'headers/if-match' }] });
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).json()).toMatchObject({ name: 'Renamed', version: 2 });
  });

  it('imports a holiday calendar: appends its events, lists what it skipped, and routes by them', async () => {
    const { id } = await createSchedule();
    const res = await importIcs(id, nlHolidays);
    expect(res.statusCode, res.body).toBe(200);
    const { schedule, imported, skipped } = res.json();
    expect(imported).toBe(17);
    expect(skipped).toEqual([{ index: 12, reason: expect.stringContaining('CANCELLED') }]);
    expect(schedule.version).toBe(2);
    expect(schedule.exceptions).toHaveLength(18);
    // The schedule's own exception stays first (it decides Christmas Eve), the file's follow in order.
    expect(schedule.exceptions[0]).toEqual(office.exceptions[0]);
    expect(schedule.exceptions[1]).toEqual({ kind: 'rrule', name: 'Nieuwjaarsdag', state: 'closed', rrule: 'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1', start: '2026-01-01' });
    expect(schedule.exceptions).toContainEqual({ kind: 'date', name: 'Teamoverleg (telefoon dicht)', state: 'closed', date: '2026-12-23', hours: [{ from: '12:00', to: '13:30' }] });
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).json()).toEqual(schedule);

    // The file's yearly holidays recur after the years it lists; other days keep the weekly hours.
    const monday = (await api.call('GET', `/v1/schedules/${id}/state?at=2027-12-27T10:00:00%2B01:00`, api.rootToken)).json();
    expect(monday).toMatchObject({ open: true, source: { kind: 'weekly', day: 'mon' } });
    const tweede = (await api.call('GET', `/v1/schedules/${id}/state?at=2030-12-26T10:00:00%2B01:00`, api.rootToken)).json();
    expect(tweede).toMatchObject({ open: false, source: { kind: 'exception', name: 'Tweede Kerstdag' } });
    const meeting = (await api.call('GET', `/v1/schedules/${id}/state?at=2026-12-23T12:30:00%2B01:00`, api.rootToken)).json();
    expect(meeting).toMatchObject({ open: false, source: { kind: 'exception', name: 'Teamoverleg (telefoon dicht)' } });
  });

  it('imports only as many events as the schedule has room for, and says which it left out', async () => {
    const start = Date.UTC(2030, 0, 1);
    const dates = Array.from({ length: 360 }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
    const { id } = await createSchedule({ ...office, exceptions: dates.map((date) => ({ kind: 'date', name: `Day ${date}`, date })) });
    const res = await importIcs(id, nlHolidays);
    expect(res.statusCode, res.body).toBe(200);
    const { schedule, imported, skipped } = res.json();
    expect(imported).toBe(6);
    expect(schedule.exceptions).toHaveLength(366);
    expect(skipped).toHaveLength(12);
    expect(skipped.filter((s: { reason: string }) => s.reason.includes('more than 366 exceptions (it has 360'))).toHaveLength(11);
  });

  it('refuses a file that is not iCalendar with invalid_ics, and a body that is not a calendar', async () => {
    const { id } = await createSchedule();
    const broken = await importIcs(id, 'BEGIN:VCALENDAR\nthis is not a calendar\n');
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(broken.json()).toMatchObject({ code: 'invalid_ics', errors: [expect.objectContaining({ code: 'invalid_ics' })] });
    const notCalendar = await importIcs(id, 'BEGIN:VCARD\nVERSION:4.0\nFN:Anna\nEND:VCARD\n');
    expect(notCalendar.json()).toMatchObject({ code: 'invalid_ics' });
    const json = await send('POST', `/v1/schedules/${id}/import`, { 'content-type': 'application/json' }, { ics: nlHolidays });
    expect(json.statusCode).toBe(400);
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).json()).toMatchObject({ version: 1, exceptions: office.exceptions });
  });

  it('answers whether the schedule is open at a moment, and why', async () => {
    const { id } = await createSchedule();
    const state = (at: string) => api.call('GET', `/v1/schedules/${id}/state?at=${encodeURIComponent(at)}`, api.rootToken);
    // Christmas Eve has short hours: closed at 17:29:55 though a Thursday is open until 17:30.
    const eve = await state('2026-12-24T17:29:55+01:00');
    expect(eve.statusCode, eve.body).toBe(200);
    expect(eve.json()).toMatchObject({ at: '2026-12-24T16:29:55.000Z', open: false, source: { kind: 'exception', index: 0, name: 'Christmas Eve' } });
    expect(eve.json().reason).toContain('Christmas Eve');
    const morning = (await state('2026-12-24T14:59:00+01:00')).json();
    expect(morning).toMatchObject({ open: true, changesAt: '2026-12-24T14:00:00.000Z' });
    const wednesday = (await state('2026-12-23T17:29:55+01:00')).json();
    expect(wednesday).toMatchObject({ open: true, source: { kind: 'weekly', day: 'wed', range: { from: '09:00', to: '17:30' } }, changesAt: '2026-12-23T16:30:00.000Z' });
    // Without `at`: now.
    const now = await api.call('GET', `/v1/schedules/${id}/state`, api.rootToken);
    expect(now.statusCode).toBe(200);
    expect(Math.abs(Date.parse(now.json().at) - Date.now())).toBeLessThan(60_000);
    expect((await state('Christmas Eve')).statusCode).toBe(400);
  });

  it('refuses to delete a schedule a number routes by, naming the number, then deletes it once unused', async () => {
    const { id } = await createSchedule();
    const number = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Main line' })).json<{ id: string }>();
    const org = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>();
    const orgId = org.id as OrganizationId;
    const numberId = number.id as NumberId;
    const stored = await api.store.numbers.get(orgId, numberId);
    if (!stored) throw new Error('number not stored');
    // The flow API is the lead's to write; the stored flow is what the delete check reads.
    await api.store.transaction(system, (tx) =>
      tx.numbers.update(orgId, numberId, {
        flow: { ...stored.flow, rules: [{ name: 'Closed', scheduleId: id as ScheduleId, when: 'closed', target: { type: 'hangup', reason: 'unavailable' } }] },
      }),
    );

    const refused = await api.call('DELETE', `/v1/schedules/${id}`, api.rootToken);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', conflictsWith: { type: 'number', id: number.id } });
    expect(refused.json().detail).toContain('+31201234567');
    expect(refused.json().errors).toEqual([expect.objectContaining({ code: 'in_use', message: expect.stringContaining(number.id) })]);
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).statusCode).toBe(200);

    await api.store.transaction(system, (tx) => tx.numbers.update(orgId, numberId, { flow: stored.flow }));
    expect((await api.call('DELETE', `/v1/schedules/${id}`, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/v1/schedules/${id}`, api.rootToken)).statusCode).toBe(404);
  });

  it('is live for the next call: the snapshot holds the schedule as soon as PUT returns', async () => {
    await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Main line' });
    const orgId = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>().id as OrganizationId;
    const { id } = await createSchedule();
    expect(api.live.current().organization(orgId)?.schedules.get(id)).toMatchObject({ name: 'Office hours', version: 1 });
    await api.call('PUT', `/v1/schedules/${id}`, api.rootToken, { ...office, name: 'New hours', weekly: { sun: [{ from: '10:00', to: '12:00' }] } });
    expect(api.live.current().organization(orgId)?.schedules.get(id)).toMatchObject({ name: 'New hours', version: 2, weekly: { sun: [{ from: '10:00', to: '12:00' }], mon: [] } });
    await api.call('DELETE', `/v1/schedules/${id}`, api.rootToken);
    expect(api.live.current().organization(orgId)?.schedules.has(id)).toBe(false);
  });

  it('lets a viewer token read but not change', async () => {
    const { id } = await createSchedule();
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Viewer', role: 'viewer' })).json<{ secret: string }>().secret;
    expect((await api.call('GET', '/v1/schedules', viewer)).statusCode).toBe(200);
    expect((await api.call('GET', `/v1/schedules/${id}`, viewer)).statusCode).toBe(200);
    expect((await api.call('GET', `/v1/schedules/${id}/state?at=2026-12-24T12:00:00Z`, viewer)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/v1/schedules', office],
      ['PUT', `/v1/schedules/${id}`, office],
      ['PATCH', `/v1/schedules/${id}`, { name: 'x' }],
      ['DELETE', `/v1/schedules/${id}`, undefined],
    ] as const) {
      const res = await api.call(method, url, viewer, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect((await importIcs(id, nlHolidays, { authorization: `Bearer ${viewer}` })).statusCode).toBe(403);
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).json().version).toBe(1);
  });

  it("answers another organization's schedule with 404, whatever the route", async () => {
    const { id } = await createSchedule();
    const other = await api.newOrganization('Globex');
    for (const [method, url, body] of [
      ['GET', `/v1/schedules/${id}`, undefined],
      ['GET', `/v1/schedules/${id}/state`, undefined],
      ['PUT', `/v1/schedules/${id}`, office],
      ['PATCH', `/v1/schedules/${id}`, { name: 'Hijacked' }],
      ['DELETE', `/v1/schedules/${id}`, undefined],
    ] as const) {
      expect((await api.call(method, url, other.token, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await importIcs(id, nlHolidays, { authorization: `Bearer ${other.token}` })).statusCode).toBe(404);
    expect((await api.call('GET', '/v1/schedules', other.token)).json().total).toBe(0);
    expect((await api.call('GET', `/v1/schedules/${id}`, api.rootToken)).json()).toMatchObject({ name: 'Office hours', version: 1 });
    expect((await api.call('GET', '/v1/schedules/not-an-id', api.rootToken)).statusCode).toBe(404);
  });
});
