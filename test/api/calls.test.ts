import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActiveCallSource } from '../../src/api/active-calls.ts';
import type { CallRecord } from '../../src/domain/call-record.ts';
import type { NumberId, OrganizationId } from '../../src/domain/ids.ts';
import { callRecord } from '../store/call-record-fixture.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

/** Call control's side of the boundary: the calls it holds in memory, of every organization. */
class FakeCallControl implements ActiveCallSource {
  calls: CallRecord[] = [];
  activeCalls(organizationId: OrganizationId): readonly CallRecord[] {
    return this.calls.filter((c) => c.organizationId === organizationId);
  }
}

/** A record as the API shows it: JSON, without the organization. */
function shown(record: CallRecord) {
  const { organizationId: _organizationId, ...rest } = record;
  return JSON.parse(JSON.stringify(rest)) as unknown;
}

describe.each(storeDialects())('calls API ($name)', (dialect) => {
  let api: TestApi;
  let control: FakeCallControl;
  let acme: OrganizationId;
  beforeEach(async () => {
    control = new FakeCallControl();
    api = await startTestApi(dialect, control);
    acme = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: OrganizationId }>().id;
  });
  afterEach(async () => {
    await api.close();
  });

  const list = async (query: string, token = api.rootToken) => {
    const res = await api.call('GET', `/v1/calls${query}`, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { id: string }[]; total: number; limit: number; offset: number }>();
  };

  it('lists saved calls newest first with paging and a total, and shows one whole', async () => {
    const calls = Array.from({ length: 5 }, (_, i) => callRecord(acme, { startedAt: `2026-03-02T09:0${i}:00.000Z` }));
    await api.store.calls.save(calls);

    const all = await list('');
    expect(all).toMatchObject({ total: 5, limit: 50, offset: 0 });
    expect(all.items.map((c) => c.id)).toEqual([...calls].reverse().map((c) => c.id));
    expect(all.items[4]).toEqual(shown(calls[0]!));

    const page = await list('?limit=2&offset=1');
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(page.items.map((c) => c.id)).toEqual([calls[3]!.id, calls[2]!.id]);

    const one = await api.call('GET', `/v1/calls/${calls[2]!.id}`, api.rootToken);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(shown(calls[2]!));
  });

  it('filters by result, number, caller and dialled number typed as people type them, and by time', async () => {
    const sales = 'num_0000000000sssssssssss1' as NumberId;
    const fromMobile = callRecord(acme, { startedAt: '2026-03-02T09:00:00.000Z', numberId: sales });
    const missed = callRecord(acme, {
      startedAt: '2026-03-02T10:00:00.000Z',
      result: 'noAnswer',
      dialledNumber: '+31201234568',
      caller: { number: '+442079460958', kind: 'number', raw: '+442079460958' },
    });
    const withheld = callRecord(acme, { startedAt: '2026-03-02T11:00:00.000Z', caller: { number: 'anonymous', kind: 'anonymous', raw: 'Anonymous' } });
    await api.store.calls.save([fromMobile, missed, withheld]);

    const ids = async (query: string) => (await list(query)).items.map((c) => c.id);
    expect(await ids('?result=noAnswer')).toEqual([missed.id]);
    expect(await ids(`?numberId=${sales}`)).toEqual([fromMobile.id]);
    // The organization is Dutch: 06 … is a Dutch mobile.
    expect(await ids(`?caller=${encodeURIComponent('06 1234 5678')}`)).toEqual([fromMobile.id]);
    expect(await ids(`?caller=${encodeURIComponent('+44 20 7946 0958')}`)).toEqual([missed.id]);
    expect(await ids('?caller=Anonymous')).toEqual([withheld.id]);
    expect(await ids(`?dialledNumber=${encodeURIComponent('020 123 4568')}`)).toEqual([missed.id]);
    expect(await ids(`?since=${encodeURIComponent('2026-03-02T11:00:00+01:00')}`)).toEqual([withheld.id, missed.id]);
    expect(await ids('?until=2026-03-02T10:00:00Z')).toEqual([fromMobile.id]);
    expect(await ids(`?result=answered&since=2026-03-02T09:30:00Z`)).toEqual([withheld.id]);
    expect((await list('?result=noAnswer&limit=1')).total).toBe(1);
  });

  it.each([
    ['a caller that is no phone number', '?caller=12345', 'querystring/caller', 'invalid_phone_number'],
    ['a dialled number that is no phone number', '?dialledNumber=hello', 'querystring/dialledNumber', 'invalid_phone_number'],
    ['an unknown result', '?result=maybe', 'querystring/result', 'enum'],
    ['a time without a zone', '?since=2026-03-02T10:00:00', 'querystring/since', 'format'],
    ['a number id that is not one', '?numberId=trk_0000000000aaaaaaaaaaaa', 'querystring/numberId', 'invalid_id'],
    ['a page too large', '?limit=501', 'querystring/limit', 'maximum'],
    ['an unknown filter', '?calller=%2B31612345678', 'querystring/calller', 'additionalProperties'],
  ])('refuses %s with 400 naming the field', async (_what, query, field, code) => {
    const res = await api.call('GET', `/v1/calls${query}`, api.rootToken);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field, code })] });
  });

  it('lets a viewer token read calls', async () => {
    const record = callRecord(acme);
    await api.store.calls.save([record]);
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Viewer', role: 'viewer' })).json<{ secret: string }>();
    expect((await list('', viewer.secret)).items.map((c) => c.id)).toEqual([record.id]);
    expect((await api.call('GET', `/v1/calls/${record.id}`, viewer.secret)).statusCode).toBe(200);
    expect((await api.call('GET', '/v1/calls/active', viewer.secret)).statusCode).toBe(200);
    expect((await api.call('GET', '/v1/calls', null)).statusCode).toBe(401);
  });

  it("shows another organization none of them: an empty list, 404 for the id, no active calls", async () => {
    const record = callRecord(acme);
    await api.store.calls.save([record]);
    control.calls = [{ ...record, endedAt: null, result: null }];
    const beta = await api.newOrganization('Beta');

    expect(await list('', beta.token)).toMatchObject({ items: [], total: 0 });
    const other = await api.call('GET', `/v1/calls/${record.id}`, beta.token);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('not_found');
    expect((await api.call('GET', '/v1/calls/active', beta.token)).json()).toMatchObject({ items: [], total: 0 });
    expect((await api.call('GET', '/v1/calls/cal_0000000000aaaaaaaaaaaa', api.rootToken)).statusCode).toBe(404);
    expect((await api.call('GET', '/v1/calls/not-an-id', api.rootToken)).statusCode).toBe(404);
  });

  it('lists the calls in progress from call control, newest first, paged, and never as a call id', async () => {
    const ringing = (startedAt: string): CallRecord => ({
      ...callRecord(acme, { startedAt }),
      answeredAt: null,
      endedAt: null,
      durationSeconds: null,
      result: null,
      endCause: null,
      hungUpBy: null,
      answeredBy: null,
      legs: [],
      timeline: [{ atSeconds: 0, at: startedAt, event: 'ringing', legId: 'leg-1', destination: '+31687654321' }],
    });
    const older = ringing('2026-03-02T09:00:00.000Z');
    const newer = ringing('2026-03-02T09:00:30.000Z');
    control.calls = [older, newer];

    const res = await api.call('GET', '/v1/calls/active', api.rootToken);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ items: [shown(newer), shown(older)], total: 2, limit: 50, offset: 0 });
    expect((await api.call('GET', '/v1/calls/active?limit=1&offset=1', api.rootToken)).json()).toMatchObject({ items: [{ id: older.id }], total: 2 });
    // In progress is not stored: the list of finished calls does not have them.
    expect(await list('')).toMatchObject({ items: [], total: 0 });
  });

  it('answers no active calls when the node has no call control', async () => {
    const plain = await startTestApi(dialect);
    try {
      expect((await plain.call('GET', '/v1/calls/active', plain.rootToken)).json()).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    } finally {
      await plain.close();
    }
  });

  it('keeps simulating calls at POST /v1/calls/simulate', async () => {
    await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '020 123 4567', destinations: { strategy: 'simultaneous', destinations: [{ to: '06 1234 5678' }] } });
    const res = await api.call('POST', '/v1/calls/simulate', api.rootToken, { to: '020 123 4567', behaviour: { '06 1234 5678': 'answer' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().outcome.result).toBe('answered');
  });
});
