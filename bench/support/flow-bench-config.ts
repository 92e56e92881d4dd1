/**
 * Configuration pieces for the flow benchmark: a handful of Amsterdam schedules that organizations
 * share, and call filters of about ten entries built from a seeded random source. Schedules go
 * through `scheduleFromInput`, the same validation the API applies; filters are built directly in
 * their validated form (E.164 numbers, digit prefixes, ISO countries), because parsing a million
 * filters with libphonenumber would measure the generator, not the engine.
 */
import type { CallFilter, FilterEntry } from '../../src/domain/call-filter.ts';
import type { Target } from '../../src/domain/flow.ts';
import type { OrganizationId, ScheduleId } from '../../src/domain/ids.ts';
import type { Country, E164 } from '../../src/domain/phone-number.ts';
import type { Schedule } from '../../src/domain/schedule.ts';
import { scheduleFromInput } from '../../src/domain/schedule-input.ts';
import type { CallerId } from '../../src/routing/index.ts';
import { pick } from './seeded-random.ts';

const stamp = '2026-01-01T00:00:00.000Z';

/** Dutch public holidays of 2026 plus the Christmas week, as whole closed days. */
const holidays2026 = [
  { kind: 'date', date: '2026-01-01', name: "New Year's Day" },
  { kind: 'date', date: '2026-04-03', name: 'Good Friday' },
  { kind: 'date', date: '2026-04-06', name: 'Easter Monday' },
  { kind: 'yearly', month: 4, day: 27, name: "King's Day" },
  { kind: 'date', date: '2026-05-05', name: 'Liberation Day' },
  { kind: 'date', date: '2026-05-14', name: 'Ascension Day' },
  { kind: 'date', date: '2026-05-25', name: 'Whit Monday' },
  { kind: 'dateRange', from: '2026-12-24', to: '2026-12-26', name: 'Christmas' },
  { kind: 'yearly', month: 12, day: 31, name: "New Year's Eve", hours: [{ from: '13:00', to: '24:00' }] },
  // RFC 5545 §3.3.10: the first Friday of every month the office closes for a team afternoon.
  { kind: 'rrule', rrule: 'FREQ=MONTHLY;BYDAY=1FR', start: '2026-01-02', name: 'Team afternoon', hours: [{ from: '14:00', to: '24:00' }] },
] as const;

const weekdayHours = (ranges: readonly { from: string; to: string }[]) => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });

/** Schedule documents as a customer would send them; every organization references all of them. */
const scheduleInputs: readonly unknown[] = [
  { name: 'Office hours', timeZone: 'Europe/Amsterdam', weekly: weekdayHours([{ from: '09:00', to: '17:30' }]), exceptions: holidays2026 },
  {
    name: 'Shop with lunch break',
    timeZone: 'Europe/Amsterdam',
    weekly: { ...weekdayHours([{ from: '08:30', to: '12:30' }, { from: '13:15', to: '18:00' }]), sat: [{ from: '10:00', to: '16:00' }] },
    exceptions: holidays2026,
  },
  {
    name: 'Night desk',
    timeZone: 'Europe/Amsterdam',
    weekly: {
      ...weekdayHours([{ from: '22:00', to: '06:00' }]),
      fri: [{ from: '22:00', to: '24:00' }],
      sat: [{ from: '00:00', to: '24:00' }],
      sun: [{ from: '00:00', to: '24:00' }],
    },
    exceptions: [{ kind: 'dateRange', from: '2026-07-20', to: '2026-08-14', name: 'Summer shutdown', state: 'closed' }],
  },
  {
    name: 'Holidays only',
    timeZone: 'Europe/Amsterdam',
    weekly: { ...weekdayHours([{ from: '00:00', to: '24:00' }]), sat: [{ from: '00:00', to: '24:00' }], sun: [{ from: '00:00', to: '24:00' }] },
    exceptions: holidays2026,
  },
  {
    name: 'Support line',
    timeZone: 'Europe/Amsterdam',
    weekly: weekdayHours([{ from: '08:00', to: '20:00' }]),
    exceptions: [...holidays2026, { kind: 'nthWeekday', month: 11, weekday: 'thu', n: 4, name: 'Thanksgiving (US team away)' }],
    override: { state: 'closed', until: '2026-03-02T12:00:00+01:00', reason: 'Move to the new office' },
  },
];

/** The shared schedules, validated as the API would, with ids. */
export const sharedSchedules: readonly Schedule[] = scheduleInputs.map((input, i) => ({
  ...scheduleFromInput(input),
  id: `sch_bench${String(i).padStart(19, '0')}` as ScheduleId,
  organizationId: 'org_bench00000000000000000' as OrganizationId,
  version: 1,
  createdAt: stamp,
  updatedAt: stamp,
}));

const e164 = (text: string) => text as E164;

/** Pests that filters block by number, and their neighbours. */
const pests = ['+447911234567', '+447911765432', '+31612340000', '+31687650000', '+4915112345678', '+33612345678'].map(e164);
const vip = e164('+31655550000');

/**
 * Callers: most match no filter entry; about one in eight meets one (a pest, a blocked prefix, the
 * allowed colleague inside it, a country some filters block, a withheld number).
 */
const passingCallers: readonly CallerId[] = [
  '+31201110000', '+31612223344', '+31101234567', '+442079460958', '+4930123456', '+32470123456', '+31301112233', '+31651234567',
].map((n) => ({ kind: 'number', e164: e164(n) }));
const filteredCallers: readonly CallerId[] = [
  { kind: 'number', e164: pests[0]! },
  { kind: 'number', e164: e164('+447400123457') },
  { kind: 'number', e164: e164('+19005551234') },
  { kind: 'number', e164: e164('+79161234567') },
  { kind: 'anonymous' },
];

export function randomCaller(random: () => number): CallerId {
  if (random() < 0.125) return pick(random, filteredCallers);
  if (random() < 0.02) return { kind: 'number', e164: vip };
  return pick(random, passingCallers);
}

/**
 * A block list of about ten entries: exact pests, premium and spam prefixes, a country, withheld
 * numbers, one allowed number inside a blocked prefix, and the VIP rerouted to `vipTarget`.
 */
export function randomFilter(random: () => number, vipTarget: Target): CallFilter {
  const entries: FilterEntry[] = [];
  const used = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const pest = pick(random, pests);
    if (used.has(pest)) continue;
    used.add(pest);
    entries.push({ label: 'Pest', match: { kind: 'number', e164: pest }, action: random() < 0.5 ? { kind: 'reject' } : { kind: 'busy' } });
  }
  entries.push(
    { label: 'Premium rate', match: { kind: 'prefix', prefix: '1900' }, action: { kind: 'reject' } },
    { label: 'Spam range', match: { kind: 'prefix', prefix: '447400' }, action: { kind: 'busy' } },
    { label: 'Colleague in the spam range', match: { kind: 'number', e164: e164('+447400123457') }, action: { kind: 'allow' } },
    { match: { kind: 'country', country: pick(random, ['RU', 'KP', 'IR'] as const) as Country }, action: { kind: 'reject' } },
    { match: { kind: 'anonymous' }, action: random() < 0.5 ? { kind: 'reject' } : { kind: 'busy' } },
    { label: 'Our biggest customer', match: { kind: 'number', e164: vip }, action: { kind: 'reroute', target: vipTarget } },
  );
  return { mode: 'block', entries };
}

/** One of the scenarios' instants: a random moment of 2026, UTC milliseconds. */
export function instantIn2026(random: () => number): number {
  const start = Date.UTC(2026, 0, 1);
  return start + Math.floor(random() * (Date.UTC(2027, 0, 1) - start));
}

/** A random moment of one day, Monday 23 November 2026 in Amsterdam. */
export function instantOnOneDay(random: () => number): number {
  return Date.parse('2026-11-23T00:00:00+01:00') + Math.floor(random() * 86_400_000);
}
