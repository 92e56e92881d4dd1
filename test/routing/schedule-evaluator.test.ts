import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScheduleSettings } from '../../src/domain/schedule.ts';
import { scheduleFromInput } from '../../src/domain/schedule-input.ts';
import { scheduleStateAt, type ScheduleState } from '../../src/routing/schedule-evaluator.ts';

/** A schedule as the API would store it: built through the real validation. */
function schedule(doc: Record<string, unknown>): ScheduleSettings {
  return scheduleFromInput({ name: 'Office', timeZone: 'Europe/Amsterdam', ...doc });
}

function at(schedule: ScheduleSettings, iso: string): ScheduleState {
  return scheduleStateAt(schedule, Date.parse(iso));
}

function openAt(schedule: ScheduleSettings, iso: string): boolean {
  return at(schedule, iso).open;
}

const officeHours = {
  mon: [{ from: '09:00', to: '17:30' }],
  tue: [{ from: '09:00', to: '17:30' }],
  wed: [{ from: '09:00', to: '17:30' }],
  thu: [{ from: '09:00', to: '17:30' }],
  fri: [{ from: '09:00', to: '17:30' }],
};

describe('weekly hours', () => {
  // 2026-11-23 is a Monday; Amsterdam is on CET (UTC+1).
  const split = schedule({ weekly: { mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:30' }] } });

  it('is open inside any of a day\'s ranges and closed between them', () => {
    expect(at(split, '2026-11-23T09:00:00Z')).toMatchObject({
      open: true,
      reason: 'open: Monday 09:00–12:00',
      source: { kind: 'weekly', day: 'mon', range: { from: '09:00', to: '12:00' } },
    });
    expect(at(split, '2026-11-23T11:30:00Z')).toMatchObject({
      open: false,
      reason: 'closed: outside opening hours (Monday)',
      source: { kind: 'weekly', day: 'mon' },
    });
    expect(at(split, '2026-11-23T12:00:00Z').reason).toBe('open: Monday 13:00–17:30');
  });

  it('opens at a range\'s start and closes at its end', () => {
    expect(openAt(split, '2026-11-23T07:59:59.999Z')).toBe(false);
    expect(openAt(split, '2026-11-23T08:00:00Z')).toBe(true);
    expect(openAt(split, '2026-11-23T16:29:59.999Z')).toBe(true);
    expect(openAt(split, '2026-11-23T16:30:00Z')).toBe(false);
  });

  it('says when the state next changes', () => {
    expect(at(split, '2026-11-23T09:00:00Z').changesAt).toBe(Date.parse('2026-11-23T11:00:00Z'));
    expect(at(split, '2026-11-23T11:30:00Z').changesAt).toBe(Date.parse('2026-11-23T12:00:00Z'));
    // Closed on Monday evening: the next opening is a week later.
    expect(at(split, '2026-11-23T18:00:00Z').changesAt).toBe(Date.parse('2026-11-30T08:00:00Z'));
  });

  it('keeps a range past midnight open into the next day', () => {
    // Friday 2026-11-27 22:00 to Saturday 02:00, CET.
    const late = schedule({ weekly: { fri: [{ from: '22:00', to: '02:00' }] } });
    expect(openAt(late, '2026-11-27T20:59:00Z')).toBe(false);
    expect(at(late, '2026-11-28T00:00:00Z')).toMatchObject({
      open: true,
      reason: 'open: Friday 22:00–02:00',
      source: { kind: 'weekly', day: 'fri', range: { from: '22:00', to: '02:00' } },
    });
    expect(at(late, '2026-11-28T01:00:00Z')).toMatchObject({ open: false, reason: 'closed: outside opening hours (Saturday)' });
    expect(at(late, '2026-11-28T00:00:00Z').changesAt).toBe(Date.parse('2026-11-28T01:00:00Z'));
  });

  it('accepts 24:00 as the end of the day', () => {
    const evening = schedule({ weekly: { sat: [{ from: '18:00', to: '24:00' }] } });
    expect(openAt(evening, '2026-11-28T22:59:00Z')).toBe(true);
    expect(openAt(evening, '2026-11-28T23:00:00Z')).toBe(false);
    expect(at(evening, '2026-11-28T20:00:00Z').changesAt).toBe(Date.parse('2026-11-28T23:00:00Z'));
  });

  it('is closed all week without hours, and knows no change is coming', () => {
    const never = schedule({});
    const state = at(never, '2026-11-23T10:00:00Z');
    expect(state).toMatchObject({ open: false, reason: 'closed: outside opening hours (Monday)' });
    expect(state.changesAt).toBeUndefined();
  });
});

describe('exceptions', () => {
  it('closes a single date, naming the holiday', () => {
    const s = schedule({ weekly: officeHours, exceptions: [{ kind: 'date', name: 'Christmas Eve', date: '2026-12-24' }] });
    expect(at(s, '2026-12-24T10:00:00Z')).toEqual({
      open: false,
      reason: 'closed: 2026-12-24 is holiday "Christmas Eve"',
      source: { kind: 'exception', index: 0, name: 'Christmas Eve' },
      changesAt: Date.parse('2026-12-25T08:00:00Z'),
    });
    expect(openAt(s, '2026-12-23T10:00:00Z')).toBe(true);
  });

  it('closes every date of a range, both ends included', () => {
    const s = schedule({ weekly: officeHours, exceptions: [{ kind: 'dateRange', name: 'Christmas closure', from: '2026-12-28', to: '2026-12-30' }] });
    expect(openAt(s, '2026-12-25T10:00:00Z')).toBe(true);
    expect(at(s, '2026-12-28T08:00:00Z').reason).toBe('closed: 2026-12-28 is holiday "Christmas closure"');
    expect(openAt(s, '2026-12-30T15:00:00Z')).toBe(false);
    expect(openAt(s, '2026-12-31T10:00:00Z')).toBe(true);
  });

  it('closes the same date every year', () => {
    const s = schedule({ weekly: officeHours, exceptions: [{ kind: 'yearly', name: 'Christmas', month: 12, day: 25 }] });
    expect(openAt(s, '2026-12-25T10:00:00Z')).toBe(false);
    expect(openAt(s, '2028-12-25T10:00:00Z')).toBe(false);
    expect(openAt(s, '2028-12-26T10:00:00Z')).toBe(true);
  });

  it('closes the 4th Thursday of November (2026-11-26) and no other Thursday', () => {
    const s = schedule({
      timeZone: 'America/New_York',
      weekly: officeHours,
      exceptions: [{ kind: 'nthWeekday', name: 'Thanksgiving', month: 11, weekday: 'thu', n: 4 }],
    });
    expect(at(s, '2026-11-26T15:00:00Z').reason).toBe('closed: 2026-11-26 is holiday "Thanksgiving"');
    expect(openAt(s, '2026-11-19T15:00:00Z')).toBe(true);
    expect(openAt(s, '2026-11-27T15:00:00Z')).toBe(true);
    expect(openAt(s, '2027-11-25T15:00:00Z')).toBe(false);
  });

  it('closes the last Monday of May, by nth weekday -1 and by RRULE alike', () => {
    for (const exception of [
      { kind: 'nthWeekday', name: 'Memorial Day', month: 5, weekday: 'mon', n: -1 },
      { kind: 'rrule', name: 'Memorial Day', rrule: 'FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO', start: '2026-01-01' },
    ]) {
      const s = schedule({ timeZone: 'America/New_York', weekly: officeHours, exceptions: [exception] });
      expect(openAt(s, '2026-05-25T15:00:00Z')).toBe(false);
      expect(openAt(s, '2026-05-18T15:00:00Z')).toBe(true);
      expect(openAt(s, '2027-05-31T15:00:00Z')).toBe(false);
      expect(openAt(s, '2027-05-24T15:00:00Z')).toBe(true);
    }
  });

  it('lets an RRULE start at its start date and honour COUNT', () => {
    const s = schedule({
      weekly: officeHours,
      exceptions: [{ kind: 'rrule', name: 'Inventory', rrule: 'RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=2', start: '2026-12-01' }],
    });
    expect(openAt(s, '2026-11-02T10:00:00Z')).toBe(true); // before the start
    expect(openAt(s, '2026-12-07T10:00:00Z')).toBe(false);
    expect(openAt(s, '2027-01-04T10:00:00Z')).toBe(false);
    expect(openAt(s, '2027-02-01T10:00:00Z')).toBe(true); // COUNT is used up
  });

  it('lets the first matching exception win', () => {
    const s = schedule({
      weekly: officeHours,
      exceptions: [
        { kind: 'date', name: 'Open day', state: 'open', date: '2026-12-26' },
        { kind: 'yearly', name: 'Boxing Day', month: 12, day: 26 },
      ],
    });
    expect(at(s, '2026-12-26T10:00:00Z')).toMatchObject({
      open: true,
      reason: 'open: 2026-12-26 is "Open day", open all day',
      source: { kind: 'exception', index: 0, name: 'Open day' },
    });
    expect(at(s, '2027-12-26T10:00:00Z').source).toEqual({ kind: 'exception', index: 1, name: 'Boxing Day' });
  });

  it('uses an open exception\'s special hours instead of the weekly ones', () => {
    // Thursday 2026-12-24: normally 09:00–17:30, this year 09:00–13:00 only.
    const s = schedule({
      weekly: officeHours,
      exceptions: [{ kind: 'date', name: 'Christmas Eve', state: 'open', date: '2026-12-24', hours: [{ from: '09:00', to: '13:00' }] }],
    });
    expect(at(s, '2026-12-24T11:00:00Z')).toMatchObject({
      open: true,
      reason: 'open: 2026-12-24 "Christmas Eve" special hours 09:00–13:00',
      source: { kind: 'exception', index: 0, name: 'Christmas Eve' },
    });
    expect(at(s, '2026-12-24T13:00:00Z')).toMatchObject({
      open: false,
      reason: 'closed: 2026-12-24 is "Christmas Eve", open 09:00–13:00 only',
      source: { kind: 'exception', index: 0, name: 'Christmas Eve' },
    });
    expect(at(s, '2026-12-24T11:00:00Z').changesAt).toBe(Date.parse('2026-12-24T12:00:00Z'));
  });

  it('opens a Sunday by special hours', () => {
    const s = schedule({
      weekly: officeHours,
      exceptions: [{ kind: 'date', name: 'Shopping Sunday', state: 'open', date: '2026-12-20', hours: [{ from: '12:00', to: '17:00' }] }],
    });
    expect(openAt(s, '2026-12-20T12:00:00Z')).toBe(true);
    expect(openAt(s, '2026-12-20T10:00:00Z')).toBe(false);
  });

  it('cuts closed hours out of the weekly hours', () => {
    const s = schedule({
      weekly: officeHours,
      exceptions: [{ kind: 'date', name: 'Staff meeting', date: '2026-12-23', hours: [{ from: '12:00', to: '13:00' }] }],
    });
    expect(openAt(s, '2026-12-23T10:00:00Z')).toBe(true);
    expect(at(s, '2026-12-23T11:30:00Z')).toMatchObject({
      open: false,
      reason: 'closed: 2026-12-23 12:00–13:00 is closed for "Staff meeting"',
      source: { kind: 'exception', index: 0, name: 'Staff meeting' },
    });
    expect(at(s, '2026-12-23T12:00:00Z')).toMatchObject({ open: true, reason: 'open: Wednesday 09:00–17:30' });
  });

  it('closes the whole local date of a holiday, also the tail of the night before', () => {
    // Friday 22:00–02:00 would keep Saturday 2026-12-26 open until 02:00; a holiday on the 26th wins.
    const s = schedule({
      weekly: { fri: [{ from: '22:00', to: '02:00' }] },
      exceptions: [{ kind: 'date', name: 'Boxing Day', date: '2026-12-26' }],
    });
    expect(openAt(s, '2026-12-25T22:30:00Z')).toBe(true);
    expect(at(s, '2026-12-26T00:30:00Z').reason).toBe('closed: 2026-12-26 is holiday "Boxing Day"');
  });
});

describe('override', () => {
  const base = { weekly: officeHours };

  it('forces the state until its end, then the schedule applies again', () => {
    const s = schedule({ ...base, override: { state: 'closed', until: '2026-11-24T15:00:00+01:00', reason: 'office shuts early' } });
    expect(at(s, '2026-11-24T13:00:00Z')).toEqual({
      open: false,
      reason: 'closed: forced closed until 15:00 (office shuts early)',
      source: { kind: 'override' },
      changesAt: Date.parse('2026-11-24T14:00:00Z'),
    });
    expect(at(s, '2026-11-24T14:00:00Z')).toMatchObject({ open: true, reason: 'open: Tuesday 09:00–17:30' });
  });

  it('forces open outside hours, naming the date when the end is on another day', () => {
    const s = schedule({ ...base, override: { state: 'open', until: '2026-11-25T08:00:00Z' } });
    expect(at(s, '2026-11-24T22:00:00Z')).toMatchObject({ open: true, reason: 'open: forced open until 2026-11-25 09:00' });
    expect(openAt(s, '2026-11-25T07:59:00Z')).toBe(true);
    expect(openAt(s, '2026-11-25T08:00:00Z')).toBe(true); // 09:00 local: the weekly hours take over
    expect(openAt(s, '2026-11-25T18:00:00Z')).toBe(false);
  });

  it('applies before its end even when a later instant was asked first', () => {
    const s = schedule({ ...base, override: { state: 'closed', until: '2026-11-24T15:00:00+01:00' } });
    expect(openAt(s, '2026-11-24T15:00:00Z')).toBe(true);
    expect(openAt(s, '2026-11-24T13:00:00Z')).toBe(false);
  });

  it('wins over a holiday while in force', () => {
    const s = schedule({
      ...base,
      exceptions: [{ kind: 'date', name: 'Christmas Eve', date: '2026-12-24' }],
      override: { state: 'open', until: '2026-12-24T12:00:00Z', reason: 'urgent delivery' },
    });
    expect(at(s, '2026-12-24T10:00:00Z').source).toEqual({ kind: 'override' });
    expect(at(s, '2026-12-24T12:00:00Z').source).toEqual({ kind: 'exception', index: 0, name: 'Christmas Eve' });
  });
});

describe('daylight-saving changes: ranges are local wall time', () => {
  it('Europe/Amsterdam spring forward (2026-03-29 02:00 CET → 03:00 CEST)', () => {
    const s = schedule({ timeZone: 'Europe/Amsterdam', weekly: { sat: [{ from: '22:00', to: '06:00' }] } });
    expect(openAt(s, '2026-03-28T20:59:59Z')).toBe(false);
    expect(openAt(s, '2026-03-28T21:00:00Z')).toBe(true); // 22:00 CET
    expect(openAt(s, '2026-03-29T03:59:59Z')).toBe(true);
    expect(openAt(s, '2026-03-29T04:00:00Z')).toBe(false); // 06:00 CEST, not 05:00Z as in winter
    expect(at(s, '2026-03-28T23:00:00Z').changesAt).toBe(Date.parse('2026-03-29T04:00:00Z'));
  });

  it('Europe/Amsterdam: a range starting in the skipped hour opens when the clock reaches that time shifted by the gap', () => {
    const s = schedule({ timeZone: 'Europe/Amsterdam', weekly: { sun: [{ from: '02:30', to: '05:00' }] } });
    expect(openAt(s, '2026-03-29T01:29:59Z')).toBe(false); // 03:29 CEST
    expect(openAt(s, '2026-03-29T01:30:00Z')).toBe(true); // 02:30 does not exist; 03:30 CEST
    expect(openAt(s, '2026-03-29T02:59:59Z')).toBe(true);
    expect(openAt(s, '2026-03-29T03:00:00Z')).toBe(false); // 05:00 CEST
    // On an ordinary Sunday the same range is 02:30–05:00 CET.
    expect(openAt(s, '2026-03-22T01:30:00Z')).toBe(true);
    expect(openAt(s, '2026-03-22T03:59:00Z')).toBe(true);
  });

  it('drops a range that lies wholly inside the skipped hour once shifted', () => {
    const s = schedule({ timeZone: 'Europe/Amsterdam', weekly: { sun: [{ from: '02:30', to: '03:00' }] } });
    for (const t of ['2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z']) expect(openAt(s, t)).toBe(false);
    expect(openAt(s, '2026-03-22T01:45:00Z')).toBe(true); // a normal Sunday
  });

  it('Europe/Amsterdam fall back (2026-10-25 03:00 CEST → 02:00 CET)', () => {
    const s = schedule({ timeZone: 'Europe/Amsterdam', weekly: { sat: [{ from: '22:00', to: '06:00' }] } });
    expect(openAt(s, '2026-10-24T19:59:59Z')).toBe(false);
    expect(openAt(s, '2026-10-24T20:00:00Z')).toBe(true); // 22:00 CEST
    expect(openAt(s, '2026-10-25T04:59:59Z')).toBe(true);
    expect(openAt(s, '2026-10-25T05:00:00Z')).toBe(false); // 06:00 CET
  });

  it('Europe/Amsterdam: a time in the repeated hour means its first occurrence', () => {
    const s = schedule({ timeZone: 'Europe/Amsterdam', weekly: { sun: [{ from: '02:30', to: '04:00' }] } });
    expect(openAt(s, '2026-10-25T00:29:59Z')).toBe(false);
    expect(openAt(s, '2026-10-25T00:30:00Z')).toBe(true); // the first 02:30, CEST
    expect(openAt(s, '2026-10-25T01:30:00Z')).toBe(true); // the second 02:30, CET: still open
    expect(openAt(s, '2026-10-25T02:59:59Z')).toBe(true);
    expect(openAt(s, '2026-10-25T03:00:00Z')).toBe(false); // 04:00 CET
  });

  it('America/New_York spring forward (2026-03-08 02:00 EST → 03:00 EDT)', () => {
    const s = schedule({ timeZone: 'America/New_York', weekly: { sun: [{ from: '00:00', to: '12:00' }] } });
    expect(openAt(s, '2026-03-08T04:59:59Z')).toBe(false);
    expect(openAt(s, '2026-03-08T05:00:00Z')).toBe(true); // 00:00 EST
    expect(openAt(s, '2026-03-08T15:59:59Z')).toBe(true);
    expect(openAt(s, '2026-03-08T16:00:00Z')).toBe(false); // 12:00 EDT
    const skipped = schedule({ timeZone: 'America/New_York', weekly: { sun: [{ from: '02:15', to: '04:00' }] } });
    expect(openAt(skipped, '2026-03-08T07:14:59Z')).toBe(false); // 03:14 EDT
    expect(openAt(skipped, '2026-03-08T07:15:00Z')).toBe(true); // 02:15 shifted to 03:15 EDT
    expect(openAt(skipped, '2026-03-08T08:00:00Z')).toBe(false); // 04:00 EDT
  });

  it('America/New_York fall back (2026-11-01 02:00 EDT → 01:00 EST)', () => {
    const s = schedule({ timeZone: 'America/New_York', weekly: { sat: [{ from: '20:00', to: '04:00' }] } });
    expect(openAt(s, '2026-10-31T23:59:59Z')).toBe(false);
    expect(openAt(s, '2026-11-01T00:00:00Z')).toBe(true); // 20:00 EDT
    expect(openAt(s, '2026-11-01T06:30:00Z')).toBe(true); // the second 01:30, EST
    expect(openAt(s, '2026-11-01T08:59:59Z')).toBe(true);
    expect(openAt(s, '2026-11-01T09:00:00Z')).toBe(false); // 04:00 EST
  });

  it('Australia/Sydney fall back (2026-04-05 03:00 AEDT → 02:00 AEST)', () => {
    const s = schedule({ timeZone: 'Australia/Sydney', weekly: { sat: [{ from: '20:00', to: '06:00' }] } });
    expect(openAt(s, '2026-04-04T08:59:59Z')).toBe(false);
    expect(openAt(s, '2026-04-04T09:00:00Z')).toBe(true); // 20:00 AEDT
    expect(openAt(s, '2026-04-04T19:59:59Z')).toBe(true);
    expect(openAt(s, '2026-04-04T20:00:00Z')).toBe(false); // 06:00 AEST
  });

  it('Australia/Sydney spring forward (2026-10-04 02:00 AEST → 03:00 AEDT)', () => {
    const s = schedule({ timeZone: 'Australia/Sydney', weekly: { sat: [{ from: '20:00', to: '06:00' }] } });
    expect(openAt(s, '2026-10-03T09:59:59Z')).toBe(false);
    expect(openAt(s, '2026-10-03T10:00:00Z')).toBe(true); // 20:00 AEST
    expect(openAt(s, '2026-10-03T18:59:59Z')).toBe(true);
    expect(openAt(s, '2026-10-03T19:00:00Z')).toBe(false); // 06:00 AEDT
    const skipped = schedule({ timeZone: 'Australia/Sydney', weekly: { sun: [{ from: '02:30', to: '05:00' }] } });
    expect(openAt(skipped, '2026-10-03T16:29:59Z')).toBe(false);
    expect(openAt(skipped, '2026-10-03T16:30:00Z')).toBe(true); // 03:30 AEDT
    expect(openAt(skipped, '2026-10-03T18:00:00Z')).toBe(false); // 05:00 AEDT
  });
});

describe('a schedule in one zone asked about an instant written in another', () => {
  const newYork = schedule({
    timeZone: 'America/New_York',
    weekly: officeHours,
    exceptions: [{ kind: 'nthWeekday', name: 'Thanksgiving', month: 11, weekday: 'thu', n: 4 }],
  });

  it('goes by New York wall time, whatever offset the instant is written with', () => {
    // 15:30 in Amsterdam is 09:30 in New York; 14:30 in Amsterdam is 08:30 there.
    expect(at(newYork, '2026-11-23T15:30:00+01:00')).toMatchObject({ open: true, reason: 'open: Monday 09:00–17:30' });
    expect(openAt(newYork, '2026-11-23T14:30:00+01:00')).toBe(false);
    // 00:30 on Tuesday in Amsterdam is still Monday 18:30 in New York.
    expect(at(newYork, '2026-11-24T00:30:00+01:00').reason).toBe('closed: outside opening hours (Monday)');
  });

  it('matches exceptions on the New York date', () => {
    // 2026-11-27 03:00 in Amsterdam is 21:00 on Thanksgiving in New York.
    expect(at(newYork, '2026-11-27T03:00:00+01:00').reason).toBe('closed: 2026-11-26 is holiday "Thanksgiving"');
    // 2026-11-26 10:00 in Amsterdam is 04:00 on Thanksgiving in New York, too.
    expect(at(newYork, '2026-11-26T10:00:00+01:00').source).toMatchObject({ kind: 'exception' });
  });
});

describe('properties', () => {
  const clock = fc.integer({ min: 0, max: 47 }).map((half) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`);
  const dayHours = fc
    .tuple(clock, clock)
    .filter(([from, to]) => from !== to)
    .map(([from, to]) => [{ from, to }]);
  const weekly = fc.record({ mon: dayHours, wed: dayHours, sat: dayHours }, { requiredKeys: [] });
  const zone = fc.constantFrom('Europe/Amsterdam', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC');
  const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') });

  it('changesAt is the first instant where the state flips', () => {
    fc.assert(
      fc.property(weekly, zone, instant, (hours, timeZone, t) => {
        let s: ScheduleSettings;
        try {
          s = schedule({ timeZone, weekly: hours });
        } catch {
          return; // overlapping overnight ranges: not a valid schedule
        }
        const now = scheduleStateAt(s, t);
        if (now.changesAt === undefined) return;
        expect(now.changesAt).toBeGreaterThan(t);
        expect(scheduleStateAt(s, now.changesAt).open).toBe(!now.open);
        expect(scheduleStateAt(s, now.changesAt - 1).open).toBe(now.open);
        expect(scheduleStateAt(s, Math.floor((t + now.changesAt) / 2)).open).toBe(now.open);
      }),
      { numRuns: 150 },
    );
  });

  it('answers the same for a schedule asked many times as for a fresh copy', () => {
    const s = schedule({
      timeZone: 'America/New_York',
      weekly: { ...officeHours, fri: [{ from: '09:00', to: '12:00' }, { from: '22:00', to: '02:00' }] },
      exceptions: [
        { kind: 'nthWeekday', name: 'Thanksgiving', month: 11, weekday: 'thu', n: 4 },
        { kind: 'rrule', name: 'Memorial Day', rrule: 'FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO', start: '2026-01-01' },
        { kind: 'date', name: 'Staff meeting', date: '2026-03-09', hours: [{ from: '12:00', to: '13:00' }] },
      ],
      override: { state: 'open', until: '2026-03-07T12:00:00Z' },
    });
    fc.assert(
      // Instants close together, so later questions land in spans answered before.
      fc.property(instant, fc.array(fc.integer({ min: 0, max: 3 * 86_400_000 }), { minLength: 1, maxLength: 30 }), (base, offsets) => {
        for (const offset of offsets) expect(scheduleStateAt(s, base + offset)).toEqual(scheduleStateAt(structuredClone(s), base + offset));
      }),
      { numRuns: 20 },
    );
  });
});
