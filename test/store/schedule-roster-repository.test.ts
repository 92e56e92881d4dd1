import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callFilterFromInput } from '../../src/domain/call-filter-input.ts';
import { ConflictError } from '../../src/domain/errors.ts';
import type { RosterId, ScheduleId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import { rosterFromInput } from '../../src/domain/roster-input.ts';
import { scheduleFromInput } from '../../src/domain/schedule-input.ts';
import type { Store, StoreChange } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { country, createOrganization, system } from './store-test-data.ts';

/** Settings as the API hands them to the store: validated and normalised by the domain. */
function office(name = 'Office hours') {
  return scheduleFromInput({
    name,
    timeZone: 'Europe/Amsterdam',
    weekly: { mon: [{ from: '09:00', to: '17:30' }], fri: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:00' }] },
    exceptions: [{ kind: 'date', name: 'Christmas Eve', date: '2026-12-24', state: 'open', hours: [{ from: '09:00', to: '15:00' }] }],
  });
}

function onCall(name = 'On call') {
  return rosterFromInput(
    {
      name,
      timeZone: 'Europe/Amsterdam',
      members: [{ to: '06 1234 5678', label: 'Anna' }, { to: 'sip:ben@pbx.example' }],
      rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-23' },
      overrides: [{ from: '2026-12-24T09:00', to: '2026-12-25T09:00', memberIndex: 1, reason: 'swap' }],
    },
    country('NL'),
  );
}

const missingSchedule = 'sch_0000000000aaaaaaaaaaaa' as ScheduleId;
const missingRoster = 'ros_0000000000aaaaaaaaaaaa' as RosterId;

describe.each(storeDialects())('schedules and rosters ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  let globex: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
    globex = await createOrganization(store, 'Globex');
  });
  afterEach(() => store.close());

  it('creates a schedule at version 1 and reads back the same document, only within its organization', async () => {
    const settings = office();
    const schedule = await store.transaction(system, (tx) => tx.schedules.create(acme.id, settings));
    expect(schedule).toMatchObject({ ...settings, organizationId: acme.id, version: 1 });
    expect(schedule.id).toMatch(/^sch_/);
    expect(await store.schedules.get(acme.id, schedule.id)).toEqual(schedule);
    expect(await store.schedules.get(globex.id, schedule.id)).toBeNull();
    expect(await store.schedules.listAll(globex.id)).toEqual([]);
    expect(await store.schedules.listAll(acme.id)).toEqual([schedule]);
  });

  it('creates a roster with its destinations and overrides intact', async () => {
    const settings = onCall();
    const roster = await store.transaction(system, (tx) => tx.rosters.create(acme.id, settings));
    expect(roster).toMatchObject({ ...settings, organizationId: acme.id, version: 1 });
    expect(roster.members[0]?.destination).toEqual({ kind: 'phone', e164: '+31612345678' });
    expect(roster.id).toMatch(/^ros_/);
    expect(await store.rosters.get(acme.id, roster.id)).toEqual(roster);
    expect(await store.rosters.get(globex.id, roster.id)).toBeNull();
  });

  it('lists in creation order with paging, a total and a case-insensitive name search', async () => {
    const names = ['Office hours', 'Support desk', 'OFFICE Rotterdam', 'Weekend 100%'];
    for (const name of names) await store.transaction(system, (tx) => tx.schedules.create(acme.id, office(name)));
    await store.transaction(system, (tx) => tx.schedules.create(globex.id, office('Office elsewhere')));

    const page = await store.schedules.list(acme.id, { limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(page.items.map((s) => s.name)).toEqual(['Support desk', 'OFFICE Rotterdam']);
    const office_ = await store.schedules.list(acme.id, { limit: 10, offset: 0, q: 'office' });
    expect(office_).toMatchObject({ total: 2 });
    expect(office_.items.map((s) => s.name)).toEqual(['Office hours', 'OFFICE Rotterdam']);
    // `%` is a character to find, not a wildcard.
    expect((await store.schedules.list(acme.id, { limit: 10, offset: 0, q: '0%' })).items.map((s) => s.name)).toEqual(['Weekend 100%']);
    expect((await store.schedules.list(acme.id, { limit: 10, offset: 0, q: '  ' })).total).toBe(4);

    await store.transaction(system, (tx) => tx.rosters.create(acme.id, onCall('Night shift')));
    await store.transaction(system, (tx) => tx.rosters.create(acme.id, onCall('Day shift')));
    expect((await store.rosters.list(acme.id, { limit: 10, offset: 0, q: 'NIGHT' })).items.map((r) => r.name)).toEqual(['Night shift']);
  });

  it('replaces the document, renames, and updates only at the expected version', async () => {
    const schedule = await store.transaction(system, (tx) => tx.schedules.create(acme.id, office()));
    const changed = { ...office('Renamed'), override: { state: 'closed' as const, until: '2026-12-24T14:00:00Z' } };
    const updated = await store.transaction(system, (tx) => tx.schedules.update(acme.id, schedule.id, changed, 1));
    expect(updated).toMatchObject({ id: schedule.id, name: 'Renamed', version: 2, override: changed.override, createdAt: schedule.createdAt });
    expect(await store.schedules.get(acme.id, schedule.id)).toEqual(updated);
    expect((await store.schedules.list(acme.id, { limit: 10, offset: 0, q: 'renamed' })).total).toBe(1);

    const stale = store.transaction(system, (tx) => tx.schedules.update(acme.id, schedule.id, office('Lost'), 1));
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ code: 'conflict', conflictsWith: { type: 'schedule', id: schedule.id } });
    expect((await store.schedules.get(acme.id, schedule.id))?.name).toBe('Renamed');

    expect(await store.transaction(system, (tx) => tx.schedules.update(globex.id, schedule.id, office(), undefined))).toBeNull();
    expect(await store.transaction(system, (tx) => tx.schedules.update(acme.id, missingSchedule, office()))).toBeNull();

    const roster = await store.transaction(system, (tx) => tx.rosters.create(acme.id, onCall()));
    const rosterStale = store.transaction(system, (tx) => tx.rosters.update(acme.id, roster.id, onCall('x'), 7));
    await expect(rosterStale).rejects.toMatchObject({ code: 'conflict', conflictsWith: { type: 'roster', id: roster.id } });
    expect(await store.transaction(system, (tx) => tx.rosters.update(acme.id, roster.id, onCall('Renamed')))).toMatchObject({ name: 'Renamed', version: 2 });
  });

  it('deletes only within the organization', async () => {
    const schedule = await store.transaction(system, (tx) => tx.schedules.create(acme.id, office()));
    const roster = await store.transaction(system, (tx) => tx.rosters.create(acme.id, onCall()));
    expect(await store.transaction(system, (tx) => tx.schedules.delete(globex.id, schedule.id))).toBeNull();
    expect(await store.transaction(system, (tx) => tx.rosters.delete(globex.id, roster.id))).toBeNull();
    expect(await store.transaction(system, (tx) => tx.rosters.delete(acme.id, missingRoster))).toBeNull();
    expect(await store.transaction(system, (tx) => tx.schedules.delete(acme.id, schedule.id))).toEqual(schedule);
    expect(await store.transaction(system, (tx) => tx.rosters.delete(acme.id, roster.id))).toEqual(roster);
    expect(await store.schedules.get(acme.id, schedule.id)).toBeNull();
    expect(await store.rosters.listAll(acme.id)).toEqual([]);
  });

  it('audits every change and reports it on the change feed with its organization', async () => {
    const heard: StoreChange[] = [];
    store.onChange((changes) => void heard.push(...changes));
    const schedule = await store.transaction(system, (tx) => tx.schedules.create(acme.id, office()));
    await store.transaction(system, (tx) => tx.schedules.update(acme.id, schedule.id, office('Renamed')));
    await store.transaction(system, (tx) => tx.schedules.delete(acme.id, schedule.id));
    const roster = await store.transaction(system, (tx) => tx.rosters.create(acme.id, onCall()));

    const audit = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'schedule', resourceId: schedule.id });
    expect(audit.items.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(audit.items[1]).toMatchObject({ before: { name: 'Office hours', version: 1 }, after: { name: 'Renamed', version: 2 } });
    expect(audit.items[0]).toMatchObject({ before: { name: 'Renamed' }, after: null });
    expect((await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'roster' })).items).toEqual([
      expect.objectContaining({ action: 'create', resourceId: roster.id, after: expect.objectContaining({ name: 'On call' }) }),
    ]);
    expect(heard).toEqual([
      { organizationId: acme.id, resourceType: 'schedule', resourceId: schedule.id, action: 'create' },
      { organizationId: acme.id, resourceType: 'schedule', resourceId: schedule.id, action: 'update' },
      { organizationId: acme.id, resourceType: 'schedule', resourceId: schedule.id, action: 'delete' },
      { organizationId: acme.id, resourceType: 'roster', resourceId: roster.id, action: 'create' },
    ]);
  });

  it('keeps nothing of a transaction that fails', async () => {
    const failed = store.transaction(system, async (tx) => {
      await tx.schedules.create(acme.id, office());
      await tx.rosters.create(acme.id, onCall());
      throw new Error('changed my mind');
    });
    await expect(failed).rejects.toThrow('changed my mind');
    expect(await store.schedules.listAll(acme.id)).toEqual([]);
    expect(await store.rosters.listAll(acme.id)).toEqual([]);
  });

  describe('the organization-wide call filter', () => {
    const filter = callFilterFromInput({ mode: 'block', entries: [{ match: '+44 7700*', label: 'Pests' }, { match: 'anonymous', action: 'busy' }] }, country('NL'));

    it('is set, kept by other changes, and removed with null, as an audited organization change', async () => {
      expect(await store.organizations.callFilter(acme.id)).toBeNull();
      const heard: StoreChange[] = [];
      store.onChange((changes) => void heard.push(...changes));

      const updated = await store.transaction(system, (tx) => tx.organizations.update(acme.id, { callFilter: filter }));
      expect(updated).toMatchObject({ id: acme.id, name: 'Acme' });
      expect(await store.organizations.callFilter(acme.id)).toEqual(filter);
      expect(await store.organizations.callFilter(globex.id)).toBeNull();

      await store.transaction(system, (tx) => tx.organizations.update(acme.id, { name: 'Acme BV' }));
      expect(await store.organizations.callFilter(acme.id)).toEqual(filter);

      await store.transaction(system, (tx) => tx.organizations.update(acme.id, { callFilter: null }));
      expect(await store.organizations.callFilter(acme.id)).toBeNull();

      const audit = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'organization' });
      const [removed, renamed, set] = audit.items;
      expect(set).toMatchObject({ action: 'update', before: { callFilter: null }, after: { callFilter: filter } });
      expect(renamed?.after).not.toHaveProperty('callFilter');
      expect(removed).toMatchObject({ before: { name: 'Acme BV', callFilter: filter }, after: { callFilter: null } });
      expect(heard.map((c) => [c.organizationId, c.resourceType])).toEqual([
        [acme.id, 'organization'],
        [acme.id, 'organization'],
        [acme.id, 'organization'],
      ]);
    });
  });
});
