import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Country } from '../../src/domain/phone-number.ts';
import type { RosterSettings } from '../../src/domain/roster.ts';
import { rosterFromInput, type RosterInput, type RosterOverrideInput } from '../../src/domain/roster-input.ts';
import { onCallAt } from '../../src/routing/roster-evaluator.ts';

const NL = 'NL' as Country;
const hour = 3_600_000;

const anna = { to: '+31 6 1234 5678', label: 'Anna' };
const ben = { to: '+31 6 2345 6789', label: 'Ben' };
const cem = { to: 'sip:cem@pbx.example.com', label: 'Cem' };

/** Builds rosters the way the API will: through validation. */
function roster(partial: Partial<RosterInput> & { overrides?: RosterOverrideInput[] } = {}): RosterSettings {
  return rosterFromInput(
    {
      name: 'Support on call',
      timeZone: 'Europe/Amsterdam',
      members: [anna, ben, cem],
      rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-02' },
      ...partial,
    },
    NL,
  );
}

/** The instant of a wall-clock time in a zone. */
function at(local: string, timeZone = 'Europe/Amsterdam'): number {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone).epochMilliseconds;
}

function localOf(instant: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

describe('onCallAt: rotation', () => {
  it('weekly: the member whose turn it is, the shift and a reason a person can read', () => {
    const result = onCallAt(roster(), at('2026-11-23T10:00'));
    expect(result.memberIndex).toBe(0);
    expect(result.member.label).toBe('Anna');
    expect(result.shiftStart).toBe(at('2026-11-23T09:00'));
    expect(result.shiftEnd).toBe(at('2026-11-30T09:00'));
    expect(result.reason).toBe('on call: Anna (week rotation, shift Mon 2026-11-23 09:00 – Mon 2026-11-30 09:00 Europe/Amsterdam)');
    expect(result.override).toBeUndefined();
  });

  it('weekly: each week the next member, wrapping around', () => {
    const r = roster();
    const names = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].map((d) => onCallAt(r, at(`${d}T12:00`)).member.label);
    expect(names).toEqual(['Anna', 'Ben', 'Cem', 'Anna', 'Ben']);
  });

  it('every 2 days with a 07:30 handover', () => {
    const r = roster({ rotation: { every: 2, unit: 'days', handoverTime: '07:30', startDate: '2026-11-01' } });
    expect(onCallAt(r, at('2026-11-01T07:30')).member.label).toBe('Anna');
    expect(onCallAt(r, at('2026-11-03T07:29')).member.label).toBe('Anna');
    expect(onCallAt(r, at('2026-11-03T07:30')).member.label).toBe('Ben');
    expect(onCallAt(r, at('2026-11-06T12:00')).member.label).toBe('Cem');
    expect(onCallAt(r, at('2026-11-07T07:30')).member.label).toBe('Anna');
    expect(onCallAt(r, at('2026-11-03T08:00')).reason).toBe(
      'on call: Ben (2-day rotation, shift Tue 2026-11-03 07:30 – Thu 2026-11-05 07:30 Europe/Amsterdam)',
    );
  });

  it('the handover instant: one millisecond before is the old shift, the instant itself and after are the new one', () => {
    const r = roster();
    const handover = at('2026-11-30T09:00');
    expect(onCallAt(r, handover - 1).member.label).toBe('Anna');
    expect(onCallAt(r, handover - 1).shiftEnd).toBe(handover);
    expect(onCallAt(r, handover).member.label).toBe('Ben');
    expect(onCallAt(r, handover).shiftStart).toBe(handover);
    expect(onCallAt(r, handover + 1).member.label).toBe('Ben');
  });

  it('before the start date the rotation counts backwards: someone is always on call', () => {
    const r = roster();
    const start = at('2026-11-02T09:00');
    expect(onCallAt(r, start).member.label).toBe('Anna');
    expect(onCallAt(r, start - 1).member.label).toBe('Cem');
    expect(onCallAt(r, start - 1).shiftStart).toBe(at('2026-10-26T09:00'));
    expect(onCallAt(r, at('2026-10-20T09:00')).member.label).toBe('Ben');
    expect(onCallAt(r, at('2025-11-03T09:00')).memberIndex).toBe(((-52 % 3) + 3) % 3);
  });

  it('a single member is always on call, in shifts of the rotation', () => {
    const r = roster({ members: [anna] });
    for (const local of ['2020-01-01T00:00', '2026-11-02T08:59', '2026-11-02T09:00', '2031-06-15T23:59']) {
      const result = onCallAt(r, at(local));
      expect(result.memberIndex).toBe(0);
      expect(result.member.label).toBe('Anna');
      expect(result.shiftEnd - result.shiftStart).toBe(7 * 24 * hour);
    }
  });

  it('members without a label are named by their number or SIP URI', () => {
    const r = roster({ members: [{ to: '0612345678' }, { to: 'sip:desk@pbx.example.com' }] });
    expect(onCallAt(r, at('2026-11-03T09:00')).reason).toMatch(/^on call: \+31 6 12345678 \(week rotation/);
    expect(onCallAt(r, at('2026-11-10T09:00')).reason).toMatch(/^on call: sip:desk@pbx\.example\.com \(/);
  });
});

describe('onCallAt: daylight saving', () => {
  const cases = [
    // Europe/Amsterdam: clocks go forward 2026-03-29, back 2026-10-25.
    { zone: 'Europe/Amsterdam', springWeek: '2026-03-23', autumnWeek: '2026-10-19' },
    // America/New_York: forward 2026-03-08, back 2026-11-01.
    { zone: 'America/New_York', springWeek: '2026-03-02', autumnWeek: '2026-10-26' },
  ];
  for (const { zone, springWeek, autumnWeek } of cases) {
    const r = roster({ timeZone: zone, rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-01-05' } });

    it(`${zone}: the week the clocks go forward is 167 hours, handover still at 09:00`, () => {
      const result = onCallAt(r, at(`${springWeek}T12:00`, zone));
      expect(result.shiftEnd - result.shiftStart).toBe(167 * hour);
      expect(localOf(result.shiftStart, zone)).toBe(`${springWeek}T09:00`);
      expect(localOf(result.shiftEnd, zone)).toMatch(/T09:00$/);
      expect(onCallAt(r, result.shiftEnd - 1).memberIndex).toBe(result.memberIndex);
      expect(onCallAt(r, result.shiftEnd).memberIndex).toBe(((result.memberIndex ?? 0) + 1) % 3);
    });

    it(`${zone}: the week the clocks go back is 169 hours, handover still at 09:00`, () => {
      const result = onCallAt(r, at(`${autumnWeek}T12:00`, zone));
      expect(result.shiftEnd - result.shiftStart).toBe(169 * hour);
      expect(localOf(result.shiftStart, zone)).toBe(`${autumnWeek}T09:00`);
      expect(localOf(result.shiftEnd, zone)).toMatch(/T09:00$/);
      expect(onCallAt(r, result.shiftEnd - 1).memberIndex).toBe(result.memberIndex);
      expect(onCallAt(r, result.shiftEnd).memberIndex).toBe(((result.memberIndex ?? 0) + 1) % 3);
    });
  }

  it('a daily shift over the spring-forward night is 23 hours, over the fall-back night 25', () => {
    const r = roster({ rotation: { every: 1, unit: 'days', handoverTime: '09:00', startDate: '2026-01-01' } });
    const spring = onCallAt(r, at('2026-03-28T12:00'));
    expect(spring.shiftEnd - spring.shiftStart).toBe(23 * hour);
    const autumn = onCallAt(r, at('2026-10-24T12:00'));
    expect(autumn.shiftEnd - autumn.shiftStart).toBe(25 * hour);
  });

  it('a handover time the clocks skip starts the shift just after the gap', () => {
    const r = roster({ rotation: { every: 1, unit: 'days', handoverTime: '02:30', startDate: '2026-03-01' } });
    const result = onCallAt(r, at('2026-03-29T12:00'));
    expect(localOf(result.shiftStart, 'Europe/Amsterdam')).toBe('2026-03-29T03:30');
    expect(localOf(result.shiftEnd, 'Europe/Amsterdam')).toBe('2026-03-30T02:30');
    expect(onCallAt(r, result.shiftStart - 1).shiftEnd).toBe(result.shiftStart);
  });

  it('a handover time the clocks pass twice hands over at the first of the two', () => {
    const r = roster({ rotation: { every: 1, unit: 'days', handoverTime: '02:30', startDate: '2026-10-01' } });
    const result = onCallAt(r, at('2026-10-25T12:00'));
    // 02:30 summer time (00:30 UTC), then 25 hours to 02:30 winter time the next night.
    expect(result.shiftStart).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(result.shiftEnd - result.shiftStart).toBe(25 * hour);
    expect(onCallAt(r, result.shiftStart - 1).shiftEnd - onCallAt(r, result.shiftStart - 1).shiftStart).toBe(24 * hour);
  });

  it('property: the answer covers the moment asked, starts at the handover time, and the next shift is the next member', () => {
    const zones = ['Europe/Amsterdam', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'];
    const rosters = zones.flatMap((timeZone) => [
      roster({ timeZone, rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-02' } }),
      roster({ timeZone, rotation: { every: 3, unit: 'days', handoverTime: '17:45', startDate: '2027-02-10' } }),
    ]);
    const from = Date.UTC(2020, 0, 1);
    const to = Date.UTC(2032, 0, 1);
    fc.assert(
      fc.property(fc.constantFrom(...rosters), fc.integer({ min: from, max: to }), (r, instant) => {
        const result = onCallAt(r, instant);
        expect(result.shiftStart).toBeLessThanOrEqual(instant);
        expect(instant).toBeLessThan(result.shiftEnd);
        expect(localOf(result.shiftStart, r.timeZone).slice(11)).toBe(r.rotation.handoverTime);
        const next = onCallAt(r, result.shiftEnd);
        expect(next.shiftStart).toBe(result.shiftEnd);
        expect(next.memberIndex).toBe(((result.memberIndex ?? 0) + 1) % r.members.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('onCallAt: remembering the last shift', () => {
  it('property: a roster asked many times answers as a fresh copy asked once', () => {
    const base = roster({ overrides: [{ from: '2026-12-24', to: '2026-12-26', memberIndex: 2, reason: 'Christmas' }] });
    const instant = fc.integer({ min: Date.UTC(2026, 10, 1), max: Date.UTC(2027, 1, 1) });
    fc.assert(
      fc.property(fc.array(fc.oneof(instant, fc.constantFrom(at('2026-11-30T09:00'), at('2026-12-24T00:00'))), { minLength: 1, maxLength: 30 }), (instants) => {
        const reused = { ...base };
        for (const t of instants) expect(onCallAt(reused, t)).toEqual(onCallAt({ ...base }, t));
      }),
      { numRuns: 50 },
    );
  });
});

describe('onCallAt: overrides', () => {
  const swap: RosterOverrideInput = { from: '2026-11-26T09:00', to: '2026-11-27T09:00', memberIndex: 1, reason: 'dentist' };

  it('inside an override the stand-in is on call, with the rotation member named', () => {
    const result = onCallAt(roster({ overrides: [swap] }), at('2026-11-26T15:00'));
    expect(result.member.label).toBe('Ben');
    expect(result.memberIndex).toBe(1);
    expect(result.shiftStart).toBe(at('2026-11-26T09:00'));
    expect(result.shiftEnd).toBe(at('2026-11-27T09:00'));
    expect(result.override?.reason).toBe('dentist');
    expect(result.rotation?.member.label).toBe('Anna');
    expect(result.reason).toBe('on call: Ben instead of Anna (swap: "dentist", Thu 2026-11-26 09:00 – Fri 2026-11-27 09:00 Europe/Amsterdam)');
  });

  it('at the edges: from is inside, to is outside (half-open), one millisecond either way', () => {
    const r = roster({ overrides: [swap] });
    expect(onCallAt(r, at('2026-11-26T09:00') - 1).member.label).toBe('Anna');
    expect(onCallAt(r, at('2026-11-26T09:00')).member.label).toBe('Ben');
    expect(onCallAt(r, at('2026-11-27T09:00') - 1).member.label).toBe('Ben');
    expect(onCallAt(r, at('2026-11-27T09:00')).member.label).toBe('Anna');
  });

  it('a date range covers whole days in the roster zone', () => {
    const r = roster({ overrides: [{ from: '2026-12-24', to: '2026-12-26', memberIndex: 2 }] });
    expect(onCallAt(r, at('2026-12-23T23:59')).member.label).not.toBe('Cem');
    expect(onCallAt(r, at('2026-12-24T00:00')).member.label).toBe('Cem');
    expect(onCallAt(r, at('2026-12-26T23:59')).member.label).toBe('Cem');
    expect(onCallAt(r, at('2026-12-27T00:00')).member.label).not.toBe('Cem');
    expect(onCallAt(r, at('2026-12-25T12:00')).reason).toMatch(/\(swap, Thu 2026-12-24 00:00 – Sun 2026-12-27 00:00 Europe\/Amsterdam\)$/);
  });

  it('an override may span several shifts: it wins over each', () => {
    const r = roster({ overrides: [{ from: '2026-11-20T00:00', to: '2026-12-05T00:00', memberIndex: 0 }] });
    for (const local of ['2026-11-20T00:00', '2026-11-24T12:00', '2026-12-01T12:00', '2026-12-04T23:59']) {
      expect(onCallAt(r, at(local)).member.label).toBe('Anna');
    }
    // In Anna's own week the swap does not put her "instead of" herself.
    expect(onCallAt(r, at('2026-11-24T12:00')).reason).toMatch(/^on call: Anna \(swap, /);
    expect(onCallAt(r, at('2026-12-01T12:00')).reason).toMatch(/^on call: Anna instead of Ben \(swap, /);
  });

  it('a stand-in outside the roster is on call with no member index', () => {
    const r = roster({ overrides: [{ from: '2026-11-26T09:00', to: '2026-11-27T09:00', destination: '020 123 4567', label: 'Dana' }] });
    const result = onCallAt(r, at('2026-11-26T10:00'));
    expect(result.memberIndex).toBeNull();
    expect(result.member).toEqual({ destination: { kind: 'phone', e164: '+31201234567' }, label: 'Dana' });
    expect(result.reason).toMatch(/^on call: Dana instead of Anna \(swap, /);
  });

  it('an override naming a member by destination counts as that member', () => {
    const r = roster({ overrides: [{ from: '2026-11-26T09:00', to: '2026-11-27T09:00', destination: 'sip:cem@pbx.example.com' }] });
    const result = onCallAt(r, at('2026-11-26T10:00'));
    expect(result.memberIndex).toBe(2);
    expect(result.member.label).toBe('Cem');
  });

  it('back-to-back overrides hand over at the shared edge', () => {
    const r = roster({
      overrides: [
        { from: '2026-11-25T09:00', to: '2026-11-26T09:00', memberIndex: 2 },
        { from: '2026-11-26T09:00', to: '2026-11-27T09:00', memberIndex: 1 },
      ],
    });
    expect(onCallAt(r, at('2026-11-26T09:00') - 1).member.label).toBe('Cem');
    expect(onCallAt(r, at('2026-11-26T09:00')).member.label).toBe('Ben');
  });
});
