import { describe, expect, it } from 'vitest';
import { ValidationError, type FieldIssue } from '../../src/domain/errors.ts';
import type { Country } from '../../src/domain/phone-number.ts';
import { rosterFromInput, rosterToOutput } from '../../src/domain/roster-input.ts';

const NL = 'NL' as Country;

function valid(): Record<string, unknown> {
  return {
    name: ' Support on call ',
    timeZone: 'europe/amsterdam',
    members: [
      { to: '06 1234 5678', label: 'Anna' },
      { to: '+44 20 7946 0958', label: 'Ben' },
      { to: 'SIP:cem@pbx.example.com' },
    ],
    rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-02' },
  };
}

/** The issues a rejected input produces. */
function issuesOf(raw: unknown, country: Country | null = NL): FieldIssue[] {
  try {
    rosterFromInput(raw, country);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the input to be refused');
}

function codes(raw: unknown): [string, string][] {
  return issuesOf(raw).map((i) => [i.field, i.code]);
}

describe('rosterFromInput: accepted and normalised', () => {
  it('parses destinations as people type them, canonicalises the zone, trims the name', () => {
    const roster = rosterFromInput(valid(), NL);
    expect(roster).toEqual({
      name: 'Support on call',
      timeZone: 'Europe/Amsterdam',
      members: [
        { destination: { kind: 'phone', e164: '+31612345678' }, label: 'Anna' },
        { destination: { kind: 'phone', e164: '+442079460958' }, label: 'Ben' },
        { destination: { kind: 'sip', uri: 'sip:cem@pbx.example.com' } },
      ],
      rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-02' },
      overrides: [],
    });
  });

  it('overrides: dates, local date-times and instants become local date-times in the roster zone, sorted by start', () => {
    const roster = rosterFromInput(
      {
        ...valid(),
        overrides: [
          { from: '2026-12-24', to: '2026-12-26', memberIndex: 2, reason: ' Christmas ' },
          // 08:00 UTC is 09:00 in Amsterdam in winter.
          { from: '2026-11-26T08:00:00Z', to: '2026-11-27T09:00+01:00', destination: '020 123 4567', label: 'Dana' },
        ],
      },
      NL,
    );
    expect(roster.overrides).toEqual([
      { from: '2026-11-26T09:00', to: '2026-11-27T09:00', onCall: { kind: 'destination', destination: { kind: 'phone', e164: '+31201234567' }, label: 'Dana' } },
      { from: '2026-12-24T00:00', to: '2026-12-27T00:00', onCall: { kind: 'member', index: 2 }, reason: 'Christmas' },
    ]);
  });

  it('overrides may touch: one ends exactly where the next begins', () => {
    const roster = rosterFromInput(
      {
        ...valid(),
        overrides: [
          { from: '2026-11-26T09:00', to: '2026-11-27T09:00', memberIndex: 1 },
          { from: '2026-11-25T09:00', to: '2026-11-26T09:00', memberIndex: 0 },
        ],
      },
      NL,
    );
    expect(roster.overrides.map((o) => o.from)).toEqual(['2026-11-25T09:00', '2026-11-26T09:00']);
  });

  it('a member may take more than one place in the rotation', () => {
    const roster = rosterFromInput({ ...valid(), members: [{ to: '06 1234 5678' }, { to: '+31 20 123 4567' }, { to: '+31612345678' }] }, NL);
    expect(roster.members.map((m) => m.destination)).toEqual([
      { kind: 'phone', e164: '+31612345678' },
      { kind: 'phone', e164: '+31201234567' },
      { kind: 'phone', e164: '+31612345678' },
    ]);
  });

  it('one member and a hundred members are both fine', () => {
    expect(rosterFromInput({ ...valid(), members: [{ to: '0612345678' }] }, NL).members).toHaveLength(1);
    const hundred = Array.from({ length: 100 }, (_, i) => ({ to: `sip:agent${i}@pbx.example.com` }));
    expect(rosterFromInput({ ...valid(), members: hundred }, NL).members).toHaveLength(100);
  });

  it('the output form gives destinations as canonical text and reads back to the same roster', () => {
    const roster = rosterFromInput({ ...valid(), overrides: [{ from: '2026-11-26T09:00', to: '2026-11-27T09:00', memberIndex: 1, reason: 'dentist' }] }, NL);
    const output = rosterToOutput(roster);
    expect(output.members[0]).toEqual({ to: '+31612345678', kind: 'phone', label: 'Anna' });
    expect(output.overrides[0]).toEqual({ from: '2026-11-26T09:00', to: '2026-11-27T09:00', memberIndex: 1, reason: 'dentist' });
    expect(rosterFromInput(output, null)).toEqual(roster);
  });
});

describe('rosterFromInput: refused, with a pointer and a stable code per problem', () => {
  it('not an object', () => {
    expect(codes('roster')).toEqual([['', 'invalid_type']]);
  });

  it('missing fields are each named', () => {
    expect(codes({})).toEqual([
      ['/name', 'required'],
      ['/timeZone', 'required'],
      ['/members', 'required'],
      ['/rotation', 'required'],
    ]);
  });

  it('no members, or more than a hundred', () => {
    expect(codes({ ...valid(), members: [] })).toEqual([['/members', 'member_count']]);
    const many = Array.from({ length: 101 }, (_, i) => ({ to: `sip:agent${i}@pbx.example.com` }));
    expect(codes({ ...valid(), members: many })).toEqual([['/members', 'member_count']]);
  });

  it('member destinations: invalid numbers, numbers needing a country, bad SIP URIs, empty labels', () => {
    const members = [{ to: '12345' }, { to: 'sip:nobody' }, { to: '06 1234 5678' }, { to: '', label: '' }, { to: 42 }];
    expect(codes({ ...valid(), members })).toEqual([
      ['/members/0/to', 'invalid_phone_number'],
      ['/members/1/to', 'invalid_sip_uri'],
      ['/members/3/to', 'required'],
      ['/members/3/label', 'invalid_label'],
      ['/members/4/to', 'invalid_type'],
    ]);
    expect(issuesOf({ ...valid(), members: [{ to: '06 1234 5678' }] }, null).map((i) => i.code)).toEqual(['phone_number_needs_country']);
  });

  it('a member is a phone number or SIP URI, never a user: whoever is on duty is reached at one address', () => {
    expect(codes({ ...valid(), members: [{ to: 'user:usr_01m8000000000000000000' }] })).toEqual([['/members/0/to', 'invalid_phone_number']]);
  });

  it('time zones: unknown names and fixed offsets', () => {
    expect(codes({ ...valid(), timeZone: 'Mars/Olympus' })).toEqual([['/timeZone', 'invalid_time_zone']]);
    expect(codes({ ...valid(), timeZone: '+01:00' })).toEqual([['/timeZone', 'invalid_time_zone']]);
    expect(codes({ ...valid(), timeZone: 42 })).toEqual([['/timeZone', 'invalid_time_zone']]);
  });

  it('rotation: every below 1, fractional or too long; unknown unit; bad handover time; bad start date', () => {
    const rotation = (r: Record<string, unknown>) => ({ ...valid(), rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-02', ...r } });
    expect(codes(rotation({ every: 0 }))).toEqual([['/rotation/every', 'out_of_range']]);
    expect(codes(rotation({ every: 1.5 }))).toEqual([['/rotation/every', 'out_of_range']]);
    expect(codes(rotation({ every: 53 }))).toEqual([['/rotation/every', 'out_of_range']]);
    expect(rosterFromInput(rotation({ every: 53, unit: 'days' }), NL).rotation.every).toBe(53);
    expect(codes(rotation({ unit: 'months' }))).toEqual([['/rotation/unit', 'unknown_unit']]);
    for (const handoverTime of ['24:00', '9:00', '09:60', '09:00:00', 'nine']) {
      expect(codes(rotation({ handoverTime }))).toEqual([['/rotation/handoverTime', 'invalid_time']]);
    }
    for (const startDate of ['2026-02-29', '2026-13-01', '02-11-2026', '2026-11-02T09:00']) {
      expect(codes(rotation({ startDate }))).toEqual([['/rotation/startDate', 'invalid_date']]);
    }
  });

  it('overrides: member index out of range, neither or both of memberIndex and destination', () => {
    const overrides = [
      { from: '2026-11-01', to: '2026-11-02', memberIndex: 3 },
      { from: '2026-11-03', to: '2026-11-04', memberIndex: -1 },
      { from: '2026-11-05', to: '2026-11-06' },
      { from: '2026-11-07', to: '2026-11-08', memberIndex: 0, destination: '0612345678' },
      { from: '2026-11-09', to: '2026-11-10', memberIndex: 0, label: 'Anna' },
      { from: '2026-11-11', to: '2026-11-12', destination: 'nope' },
    ];
    expect(codes({ ...valid(), overrides })).toEqual([
      ['/overrides/0/memberIndex', 'member_index_out_of_range'],
      ['/overrides/1/memberIndex', 'member_index_out_of_range'],
      ['/overrides/2', 'override_needs_one_on_call'],
      ['/overrides/3', 'override_needs_one_on_call'],
      ['/overrides/4/label', 'label_needs_destination'],
      ['/overrides/5/destination', 'invalid_phone_number'],
    ]);
  });

  it('overrides: bad bounds, an empty or backwards range, seconds', () => {
    const overrides = [
      { from: 'tomorrow', to: '2026-11-02', memberIndex: 0 },
      { from: '2026-11-03T09:00', to: '2026-11-03T09:00', memberIndex: 0 },
      { from: '2026-11-05T09:00', to: '2026-11-04T09:00', memberIndex: 0 },
      { from: '2026-11-06T09:00:30', to: '2026-11-07T09:00', memberIndex: 0 },
      { from: '2026-11-08T25:00', to: '2026-11-09T09:00', memberIndex: 0 },
    ];
    expect(codes({ ...valid(), overrides })).toEqual([
      ['/overrides/0/from', 'invalid_date_time'],
      ['/overrides/1/to', 'empty_range'],
      ['/overrides/2/to', 'empty_range'],
      ['/overrides/3/from', 'not_whole_minute'],
      ['/overrides/4/from', 'invalid_date_time'],
    ]);
  });

  it('overlapping overrides are refused, naming the one overlapped', () => {
    const overrides = [
      { from: '2026-11-26T09:00', to: '2026-11-28T09:00', memberIndex: 1 },
      { from: '2026-11-20', to: '2026-11-22', memberIndex: 2 },
      { from: '2026-11-27T12:00', to: '2026-11-27T13:00', memberIndex: 0, reason: 'lunch' },
    ];
    const issues = issuesOf({ ...valid(), overrides });
    expect(issues).toEqual([
      { field: '/overrides/2', code: 'overlapping_override', message: 'overlaps /overrides/0 (2026-11-26T09:00 – 2026-11-28T09:00)' },
    ]);
  });

  it('every problem at once, not just the first', () => {
    const raw = { name: '', timeZone: 'Nowhere', members: [{ to: 'x' }], rotation: { every: 0, unit: 'weeks', handoverTime: '9', startDate: 'x' } };
    expect(codes(raw).map(([field]) => field)).toEqual(['/name', '/timeZone', '/members/0/to', '/rotation/every', '/rotation/handoverTime', '/rotation/startDate']);
  });
});
