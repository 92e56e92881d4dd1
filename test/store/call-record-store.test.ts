import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/domain/call-record.ts';
import type { CallId, NumberId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import type { Store, StoreChange } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { callRecord } from './call-record-fixture.ts';
import { amsterdamNumber, createNumber, createOrganization } from './store-test-data.ts';

const all = { limit: 500, offset: 0 };
const ids = (records: readonly CallRecord[]) => records.map((r) => r.id);

/** `n` calls one minute apart from 09:00, oldest first. */
function minuteApart(organization: Organization, n: number, overrides: (i: number) => Partial<CallRecord> = () => ({})): CallRecord[] {
  return Array.from({ length: n }, (_, i) =>
    callRecord(organization.id, { startedAt: new Date(Date.parse('2026-03-02T09:00:00.000Z') + i * 60_000).toISOString(), ...overrides(i) }),
  );
}

describe.each(storeDialects())('call records ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  let globex: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
    globex = await createOrganization(store, 'Globex');
  });
  afterEach(() => store.close());

  it('saves a record and reads back the same document, only within its organization', async () => {
    const record = callRecord(acme.id);
    await store.calls.save([record]);
    expect(await store.calls.get(acme.id, record.id)).toEqual(record);
    expect(await store.calls.get(globex.id, record.id)).toBeNull();
    expect(await store.calls.get(acme.id, 'cal_0000000000aaaaaaaaaaaa' as CallId)).toBeNull();
    expect(await store.calls.list(globex.id, all)).toEqual({ items: [], total: 0 });
  });

  it('replaces a record saved again with the same id (in progress, then finished), keeping one copy', async () => {
    const finished = callRecord(acme.id);
    const ringing: CallRecord = { ...finished, answeredAt: null, endedAt: null, durationSeconds: null, result: null, endCause: null, hungUpBy: null, answeredBy: null };
    await store.calls.save([ringing]);
    expect(await store.calls.list(acme.id, { ...all, result: 'answered' })).toEqual({ items: [], total: 0 });
    await store.calls.save([finished]);
    expect(await store.calls.get(acme.id, finished.id)).toEqual(finished);
    expect(await store.calls.list(acme.id, all)).toEqual({ items: [finished], total: 1 });
    expect((await store.calls.list(acme.id, { ...all, result: 'answered' })).total).toBe(1);
  });

  it('saves a batch of 200 in one go, the last copy of a repeated id winning, and changes no configuration', async () => {
    const changes: StoreChange[] = [];
    store.onChange((c) => {
      changes.push(...c);
    });
    const batch = minuteApart(acme, 200);
    const first = batch[0]!;
    const again = { ...first, endCause: 'destination hung up', hungUpBy: 'callee' as const };
    await store.calls.save([...batch, again]);
    const page = await store.calls.list(acme.id, all);
    expect(page.total).toBe(200);
    expect(await store.calls.get(acme.id, first.id)).toEqual(again);
    expect(changes).toEqual([]);
    expect((await store.audit.list(acme.id, all)).items.map((e) => e.resourceType)).toEqual(['organization']);
    await store.calls.save([]);
  });

  it('saves all of a batch or none of it, across the statements a large batch takes', async () => {
    const batch = minuteApart(acme, 300);
    // A bug upstream (a record without a dialled number) fails the batch in the database, late in it.
    batch[280] = { ...batch[280]!, dialledNumber: null as unknown as string };
    await expect(store.calls.save(batch)).rejects.toThrow();
    expect(await store.calls.list(acme.id, all)).toEqual({ items: [], total: 0 });
    await expect(store.calls.save([{ ...callRecord(acme.id), startedAt: 'not a time' }])).rejects.toThrow(/startedAt/);
  });

  it('lists newest first by start time, then by the order saved, with paging and a total', async () => {
    const calls = minuteApart(acme, 6);
    // Saved out of order: the list sorts by when the call started, not when it was saved.
    await store.calls.save([calls[3]!, calls[0]!, calls[5]!]);
    await store.calls.save([calls[1]!, calls[4]!, calls[2]!]);
    // Two calls in the same millisecond: the one saved later is listed first.
    const sameInstant = [callRecord(acme.id, { startedAt: '2026-03-03T00:00:00.000Z' }), callRecord(acme.id, { startedAt: '2026-03-03T00:00:00.000Z' })];
    await store.calls.save(sameInstant);
    await store.calls.save(minuteApart(globex, 3));

    const newestFirst = [sameInstant[1]!, sameInstant[0]!, ...[...calls].reverse()];
    expect(ids((await store.calls.list(acme.id, all)).items)).toEqual(ids(newestFirst));
    const page = await store.calls.list(acme.id, { limit: 3, offset: 2 });
    expect(page.total).toBe(8);
    expect(ids(page.items)).toEqual(ids(newestFirst.slice(2, 5)));
    expect((await store.calls.list(acme.id, { limit: 3, offset: 8 })).items).toEqual([]);
  });

  it('sorts by the instant even when records were written with an offset', async () => {
    const utc = callRecord(acme.id, { startedAt: '2026-03-02T09:30:00.000Z' });
    // 10:00 in Amsterdam is 09:00 UTC: older than `utc` though its text sorts after it.
    const amsterdam = callRecord(acme.id, { startedAt: '2026-03-02T10:00:00+01:00' });
    await store.calls.save([utc, amsterdam]);
    expect(ids((await store.calls.list(acme.id, all)).items)).toEqual([utc.id, amsterdam.id]);
    expect(ids((await store.calls.list(acme.id, { ...all, until: '2026-03-02T09:30:00Z' })).items)).toEqual([amsterdam.id]);
    expect(await store.calls.get(acme.id, amsterdam.id)).toEqual(amsterdam);
  });

  it('filters by result, number, caller, dialled number and time, together', async () => {
    const sales = 'num_0000000000sssssssssss1' as NumberId;
    const calls = minuteApart(acme, 8, (i) => ({
      result: i % 2 === 0 ? 'answered' : 'noAnswer',
      numberId: i < 4 ? sales : null,
      dialledNumber: i < 4 ? '+31201234567' : '+31201234568',
      caller: i % 4 === 0 ? { number: 'anonymous', kind: 'anonymous', raw: 'Anonymous' } : { number: `+3161234500${i}`, kind: 'number', raw: `061234500${i}` },
    }));
    await store.calls.save(calls);
    // The same caller and number at another organization are not Acme's calls.
    await store.calls.save(minuteApart(globex, 2, () => ({ numberId: sales, caller: { number: '+31612345001', kind: 'number', raw: '' } })));

    const list = async (query: Record<string, string>) => ids((await store.calls.list(acme.id, { ...all, ...query })).items);
    const newest = (indexes: number[]) => indexes.sort((a, b) => b - a).map((i) => calls[i]!.id);

    expect(await list({ result: 'answered' })).toEqual(newest([0, 2, 4, 6]));
    expect(await list({ result: 'callerHungUp' })).toEqual([]);
    expect(await list({ numberId: sales })).toEqual(newest([0, 1, 2, 3]));
    expect(await list({ caller: '+31612345001' })).toEqual(newest([1]));
    expect(await list({ caller: 'anonymous' })).toEqual(newest([0, 4]));
    expect(await list({ dialledNumber: '+31201234568' })).toEqual(newest([4, 5, 6, 7]));
    expect(await list({ since: calls[2]!.startedAt, until: calls[5]!.startedAt })).toEqual(newest([2, 3, 4]));
    expect(await list({ since: '2026-03-02T10:03:00+01:00' })).toEqual(newest([3, 4, 5, 6, 7]));
    expect(await list({ result: 'noAnswer', numberId: sales, since: calls[2]!.startedAt })).toEqual(newest([3]));
    const page = await store.calls.list(acme.id, { limit: 1, offset: 1, result: 'answered' });
    expect(page).toEqual({ items: [calls[4]], total: 4 });
  });

  it('forgets the number of its calls when the number is deleted, and keeps the calls', async () => {
    const number = await createNumber(store, acme.id, amsterdamNumber(1));
    const record = callRecord(acme.id, { numberId: number.id, dialledNumber: number.phoneNumber });
    await store.calls.save([record]);
    expect((await store.calls.list(acme.id, { ...all, numberId: number.id })).total).toBe(1);

    await store.transaction({ tokenId: null }, (tx) => tx.numbers.delete(acme.id, number.id));
    expect(await store.calls.get(acme.id, record.id)).toEqual({ ...record, numberId: null });
    expect((await store.calls.list(acme.id, { ...all, numberId: number.id })).total).toBe(0);
    expect((await store.calls.list(acme.id, { ...all, dialledNumber: number.phoneNumber })).total).toBe(1);
  });

  it('refuses to be used inside a configuration transaction, where it would wait for itself', async () => {
    await expect(store.transaction({ tokenId: null }, () => store.calls.save([callRecord(acme.id)]))).rejects.toThrow(/inside store.transaction/);
  });

  it('rejects a page or a time the API should have refused', async () => {
    await expect(store.calls.list(acme.id, { limit: -1, offset: 0 })).rejects.toThrow(RangeError);
    await expect(store.calls.list(acme.id, { ...all, since: 'yesterday' })).rejects.toThrow(RangeError);
  });
});
