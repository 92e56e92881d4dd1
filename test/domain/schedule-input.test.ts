import { describe, expect, it } from 'vitest';
import { ValidationError, type FieldIssue } from '../../src/domain/errors.ts';
import { scheduleFromInput } from '../../src/domain/schedule-input.ts';

/** The issues a document is refused with; fails the test when it is accepted. */
function issuesOf(doc: unknown): FieldIssue[] {
  try {
    scheduleFromInput(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    if (error instanceof ValidationError) {
      expect(error.code).toBe('validation_failed');
      return [...error.issues];
    }
  }
  throw new Error('expected the schedule to be refused');
}

function issueAt(doc: Record<string, unknown>, field: string): FieldIssue | undefined {
  return issuesOf({ name: 'Office', timeZone: 'Europe/Amsterdam', ...doc }).find((i) => i.field === field);
}

const base = { name: 'Office', timeZone: 'Europe/Amsterdam' };

describe('scheduleFromInput accepts', () => {
  it('a full schedule and normalises it', () => {
    const settings = scheduleFromInput({
      name: '  Sales office ',
      timeZone: 'europe/amsterdam',
      weekly: {
        mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:30' }],
        fri: [{ from: '09:00', to: '12:00' }, { from: '22:00', to: '02:00' }],
        sat: [{ from: '10:00', to: '24:00' }],
      },
      exceptions: [
        { kind: 'date', name: 'Christmas Eve', state: 'open', date: '2026-12-24', hours: [{ from: '09:00', to: '13:00' }] },
        { kind: 'dateRange', name: 'Closure', from: '2026-12-28', to: '2026-12-30' },
        { kind: 'yearly', name: 'Leap day', month: 2, day: 29 },
        { kind: 'nthWeekday', name: 'Thanksgiving', month: 11, weekday: 'thu', n: 4 },
        { kind: 'rrule', name: 'Memorial Day', rrule: 'RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO', start: '2026-01-01' },
      ],
      override: { state: 'closed', until: '2026-11-24T15:00:00+01:00', reason: 'office shuts early' },
    });
    expect(settings).toEqual({
      name: 'Sales office',
      timeZone: 'Europe/Amsterdam',
      weekly: {
        mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:30' }],
        tue: [],
        wed: [],
        thu: [],
        fri: [{ from: '09:00', to: '12:00' }, { from: '22:00', to: '02:00' }],
        sat: [{ from: '10:00', to: '24:00' }],
        sun: [],
      },
      exceptions: [
        { kind: 'date', name: 'Christmas Eve', state: 'open', date: '2026-12-24', hours: [{ from: '09:00', to: '13:00' }] },
        { kind: 'dateRange', name: 'Closure', state: 'closed', from: '2026-12-28', to: '2026-12-30' },
        { kind: 'yearly', name: 'Leap day', state: 'closed', month: 2, day: 29 },
        { kind: 'nthWeekday', name: 'Thanksgiving', state: 'closed', month: 11, weekday: 'thu', n: 4 },
        { kind: 'rrule', name: 'Memorial Day', state: 'closed', rrule: 'FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO', start: '2026-01-01' },
      ],
      override: { state: 'closed', until: '2026-11-24T14:00:00Z', reason: 'office shuts early' },
    });
  });

  it('a minimal schedule: closed all week, no exceptions, no override', () => {
    expect(scheduleFromInput({ ...base, override: null })).toMatchObject({ exceptions: [], override: null, weekly: { mon: [], sun: [] } });
  });

  it('a whole day as 00:00–24:00 and the last Monday as n = -1', () => {
    expect(() =>
      scheduleFromInput({
        ...base,
        weekly: { sun: [{ from: '00:00', to: '24:00' }] },
        exceptions: [{ kind: 'nthWeekday', name: 'Last Monday', month: 5, weekday: 'mon', n: -1 }],
      }),
    ).not.toThrow();
  });
});

describe('scheduleFromInput refuses, naming the field and the rule', () => {
  it('an unknown time zone, and a fixed offset', () => {
    expect(issueAt({ timeZone: 'Europe/Atlantis' }, '/timeZone')?.code).toBe('unknown_time_zone');
    expect(issueAt({ timeZone: '+01:00' }, '/timeZone')?.code).toBe('unknown_time_zone');
    expect(issuesOf({ name: 'x' })).toContainEqual(expect.objectContaining({ field: '/timeZone', code: 'required' }));
  });

  it('times that are not HH:MM, and 24:00 as a start', () => {
    expect(issueAt({ weekly: { mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '25:00' }] } }, '/weekly/mon/1/to')?.code).toBe('invalid_time');
    expect(issueAt({ weekly: { tue: [{ from: '9:00', to: '12:00' }] } }, '/weekly/tue/0/from')?.code).toBe('invalid_time');
    expect(issueAt({ weekly: { tue: [{ from: '24:00', to: '02:00' }] } }, '/weekly/tue/0/from')?.code).toBe('invalid_time');
    expect(issueAt({ weekly: { tue: [{ from: '09:00' }] } }, '/weekly/tue/0/to')?.code).toBe('required');
  });

  it('a range that starts and ends at the same time', () => {
    const issue = issueAt({ weekly: { wed: [{ from: '09:00', to: '09:00' }] } }, '/weekly/wed/0/to');
    expect(issue?.code).toBe('empty_range');
  });

  it('overlapping ranges on a day, and an overnight range running into the next day\'s', () => {
    const same = issueAt({ weekly: { tue: [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '14:00' }] } }, '/weekly/tue/1');
    expect(same).toMatchObject({ code: 'overlapping_ranges', message: '11:00–14:00 overlaps 09:00–12:00 (/weekly/tue/0)' });
    const overnight = issueAt({ weekly: { fri: [{ from: '22:00', to: '02:00' }], sat: [{ from: '01:00', to: '05:00' }] } }, '/weekly/sat/0');
    expect(overnight?.code).toBe('overlapping_ranges');
    expect(overnight?.message).toContain("Friday's 22:00–02:00");
    // Sunday night runs into Monday.
    expect(issueAt({ weekly: { sun: [{ from: '23:00', to: '01:00' }], mon: [{ from: '00:30', to: '08:00' }] } }, '/weekly/mon/0')?.code).toBe('overlapping_ranges');
    // Touching is not overlapping.
    expect(() => scheduleFromInput({ ...base, weekly: { fri: [{ from: '22:00', to: '02:00' }], sat: [{ from: '02:00', to: '05:00' }] } })).not.toThrow();
  });

  it('more than 10 ranges a day, and an unknown day', () => {
    const ranges = Array.from({ length: 11 }, (_, i) => ({ from: `${String(i).padStart(2, '0')}:00`, to: `${String(i).padStart(2, '0')}:30` }));
    expect(issueAt({ weekly: { mon: ranges } }, '/weekly/mon')?.code).toBe('too_many');
    expect(issueAt({ weekly: { monday: [] } }, '/weekly/monday')?.code).toBe('unknown_field');
  });

  it('dates that do not exist', () => {
    expect(issueAt({ exceptions: [{ kind: 'date', name: 'x', date: '2026-02-30' }] }, '/exceptions/0/date')?.code).toBe('invalid_date');
    expect(issueAt({ exceptions: [{ kind: 'date', name: 'x', date: '24-12-2026' }] }, '/exceptions/0/date')?.code).toBe('invalid_date');
    expect(issueAt({ exceptions: [{ kind: 'yearly', name: 'x', month: 2, day: 30 }] }, '/exceptions/0/day')?.code).toBe('invalid_date');
    expect(issueAt({ exceptions: [{ kind: 'yearly', name: 'x', month: 13, day: 1 }] }, '/exceptions/0/month')?.code).toBe('out_of_range');
  });

  it('a date range that ends before it starts', () => {
    const issue = issueAt({ exceptions: [{ kind: 'dateRange', name: 'x', from: '2026-12-30', to: '2026-12-28' }] }, '/exceptions/0/to');
    expect(issue?.code).toBe('range_reversed');
  });

  it('an nth weekday out of range', () => {
    for (const n of [0, 6, -2, 1.5]) {
      expect(issueAt({ exceptions: [{ kind: 'nthWeekday', name: 'x', month: 11, weekday: 'thu', n }] }, '/exceptions/0/n')?.code).toBe('out_of_range');
    }
    expect(issueAt({ exceptions: [{ kind: 'nthWeekday', name: 'x', month: 11, weekday: 'thursday', n: 4 }] }, '/exceptions/0/weekday')?.code).toBe('invalid_weekday');
  });

  it('an RRULE that does not parse, does not pick whole days, or never occurs', () => {
    const rrule = (text: string) => issueAt({ exceptions: [{ kind: 'rrule', name: 'x', rrule: text, start: '2026-01-01' }] }, '/exceptions/0/rrule')?.code;
    expect(rrule('every last monday of may')).toBe('invalid_rrule');
    expect(rrule('BYMONTH=5;BYDAY=-1MO')).toBe('invalid_rrule'); // no FREQ
    expect(rrule('FREQ=YEARLY;BYDAY=XX')).toBe('invalid_rrule');
    expect(rrule('FREQ=HOURLY')).toBe('rrule_not_whole_days');
    expect(rrule('FREQ=DAILY;BYHOUR=9')).toBe('rrule_not_whole_days');
    expect(rrule('FREQ=YEARLY;BYMONTH=13')).toBe('rrule_never_occurs');
    expect(rrule('FREQ=YEARLY;UNTIL=20200101')).toBe('rrule_never_occurs');
    expect(rrule('FREQ=YEARLY\nDTSTART:20260101')).toBe('invalid_rrule');
    expect(issueAt({ exceptions: [{ kind: 'rrule', name: 'x', rrule: 'FREQ=YEARLY' }] }, '/exceptions/0/start')?.code).toBe('required');
  });

  it('more than 366 exceptions', () => {
    const exceptions = Array.from({ length: 367 }, () => ({ kind: 'yearly', name: 'x', month: 1, day: 1 }));
    expect(issueAt({ exceptions }, '/exceptions')?.code).toBe('too_many');
  });

  it('an exception of an unknown kind, without a name, or with a misspelt field', () => {
    expect(issueAt({ exceptions: [{ kind: 'weekly', name: 'x' }] }, '/exceptions/0/kind')?.code).toBe('unknown_kind');
    expect(issueAt({ exceptions: [{ kind: 'date', date: '2026-12-24' }] }, '/exceptions/0/name')?.code).toBe('required');
    expect(issueAt({ exceptions: [{ kind: 'date', name: 'x', dat: '2026-12-24' }] }, '/exceptions/0/dat')?.code).toBe('unknown_field');
    expect(issueAt({ exceptions: [{ kind: 'date', name: 'x', date: '2026-12-24', state: 'shut' }] }, '/exceptions/0/state')?.code).toBe('invalid_state');
  });

  it('bad special hours on an exception', () => {
    const doc = { exceptions: [{ kind: 'date', name: 'x', state: 'open', date: '2026-12-24', hours: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '14:00' }] }] };
    expect(issueAt(doc, '/exceptions/0/hours/1')?.code).toBe('overlapping_ranges');
    expect(issueAt({ exceptions: [{ kind: 'date', name: 'x', date: '2026-12-24', hours: [] }] }, '/exceptions/0/hours')?.code).toBe('empty_hours');
  });

  it('an override without a state or with an end that is not an instant', () => {
    expect(issueAt({ override: { until: '2026-11-24T15:00:00Z' } }, '/override/state')?.code).toBe('required');
    expect(issueAt({ override: { state: 'closed', until: '2026-11-24T15:00' } }, '/override/until')?.code).toBe('invalid_instant');
    expect(issueAt({ override: { state: 'closed' } }, '/override/until')?.code).toBe('required');
  });

  it('everything at once, so one round trip shows every problem', () => {
    const issues = issuesOf({
      name: '',
      timeZone: 'Nowhere/City',
      weekly: { mon: [{ from: '09:00', to: '09:00' }] },
      exceptions: [{ kind: 'date', name: 'x', date: '2026-02-30' }],
      extra: true,
    });
    expect(issues.map((i) => `${i.field} ${i.code}`)).toEqual([
      '/extra unknown_field',
      '/name invalid_name',
      '/timeZone unknown_time_zone',
      '/weekly/mon/0/to empty_range',
      '/exceptions/0/date invalid_date',
    ]);
  });

  it('a document that is not an object', () => {
    expect(issuesOf('schedule')).toEqual([expect.objectContaining({ field: '', code: 'invalid_type' })]);
  });
});
