import { Temporal } from 'temporal-polyfill';
import { destinationKey } from '../domain/destination.ts';
import type { RosterMember, RosterOverride, RosterSettings } from '../domain/roster.ts';
import { parseLocalDate, parseWallTime, storedLocalDateTime, zonedInstant } from '../domain/roster-time.ts';
import { readablePhoneNumber } from './readable-text.ts';

/** Who is on call at one moment, and why. */
export interface OnCall {
  readonly member: RosterMember;
  /**
   * The member's index in the roster; null when an override hands the shift to a stand-in who is not a
   * member (an override naming a member's destination counts as that member).
   */
  readonly memberIndex: number | null;
  /**
   * The period this answer holds for, epoch milliseconds, `[shiftStart, shiftEnd)`: the rotation's shift,
   * or the override's range when an override applies.
   */
  readonly shiftStart: number;
  readonly shiftEnd: number;
  /** For people: `on call: Anna (week rotation, shift Mon 2026-11-23 09:00 – Mon 2026-11-30 09:00 Europe/Amsterdam)`. */
  readonly reason: string;
  readonly override?: RosterOverride;
  /** With an override: whom the rotation would have put on call, and that shift. */
  readonly rotation?: { readonly member: RosterMember; readonly memberIndex: number; readonly shiftStart: number; readonly shiftEnd: number };
}

interface PlacedOverride {
  readonly override: RosterOverride;
  readonly start: number;
  readonly end: number;
  /** Its readable range, made when first needed. */
  span: string | null;
}

/** A roster's wall-clock values read once; the evaluator runs per call and Temporal parsing is not free. */
interface CompiledRoster {
  readonly startDate: Temporal.PlainDate;
  readonly handover: Temporal.PlainTime;
  readonly periodDays: number;
  readonly overrides: readonly PlacedOverride[];
  /**
   * The shift found last. Calls come in time order, so most land in the same shift as the one before;
   * reusing it skips the Temporal arithmetic, which costs a hundred microseconds or so. Only a cache:
   * the answer is the same with or without it.
   */
  lastShift: Shift | null;
}

interface Shift {
  readonly k: number;
  readonly start: number;
  readonly end: number;
  /** `Mon 2026-11-23 09:00 – Mon 2026-11-30 09:00 Europe/Amsterdam`, made once per shift. */
  readonly span: string;
}

// Rosters in a routing snapshot are immutable, so what is derived from one can be kept with it.
const compiled = new WeakMap<RosterSettings, CompiledRoster>();

function compile(roster: RosterSettings): CompiledRoster {
  const known = compiled.get(roster);
  if (known) return known;
  const startDate = parseLocalDate(roster.rotation.startDate);
  const handover = parseWallTime(roster.rotation.handoverTime);
  if (!startDate || !handover) {
    throw new RangeError(`roster "${roster.name}" has an invalid rotation; rosters must come from rosterFromInput`);
  }
  const result: CompiledRoster = {
    startDate,
    handover,
    periodDays: roster.rotation.every * (roster.rotation.unit === 'weeks' ? 7 : 1),
    overrides: roster.overrides.map((override) => ({
      override,
      start: zonedInstant(storedLocalDateTime(override.from), roster.timeZone),
      end: zonedInstant(storedLocalDateTime(override.to), roster.timeZone),
      span: null,
    })),
    lastShift: null,
  };
  compiled.set(roster, result);
  return result;
}

/** The instant shift `k` begins: the handover time on the wall clock, `k` periods after the start date. */
function shiftStartOf(roster: RosterSettings, c: CompiledRoster, k: number): number {
  return zonedInstant(c.startDate.add({ days: k * c.periodDays }).toPlainDateTime(c.handover), roster.timeZone);
}

/**
 * Who is on call at `at` (epoch milliseconds).
 *
 * Shifts begin at the handover time on the roster's wall clock: a weekly handover on Monday 09:00 in
 * Europe/Amsterdam is 09:00 in summer and in winter, so the shift across a clock change lasts 167 or
 * 169 hours. The rotation runs in both directions from `startDate`: before it, the member before
 * member 0 (the last one) had the previous shift, and so on back. A roster therefore always has
 * someone on call; a start date moved into the future cannot leave a number ringing nobody.
 * An override covering `at` (`[from, to)`) wins over the rotation.
 */
export function onCallAt(roster: RosterSettings, at: number): OnCall {
  const c = compile(roster);
  const count = roster.members.length;
  if (count === 0) throw new RangeError(`roster "${roster.name}" has no members; rosters must come from rosterFromInput`);

  const cached = c.lastShift;
  const shift = cached && cached.start <= at && at < cached.end ? cached : findShift(roster, c, at);
  c.lastShift = shift;
  const { k, start, end, span } = shift;
  const index = ((k % count) + count) % count;
  const member = roster.members[index];
  if (!member) throw new RangeError('unreachable: member index out of range');

  const placed = c.overrides.find((o) => o.start <= at && at < o.end);
  if (!placed) {
    return {
      member,
      memberIndex: index,
      shiftStart: start,
      shiftEnd: end,
      reason: `on call: ${memberName(member)} (${rotationName(roster)}, shift ${span})`,
    };
  }

  const { override } = placed;
  placed.span ??= readableSpan(placed.start, placed.end, roster.timeZone);
  const standIn = overrideMember(roster, override);
  const instead = standIn.index === index ? '' : ` instead of ${memberName(member)}`;
  const why = override.reason !== undefined ? `swap: ${JSON.stringify(override.reason)}` : 'swap';
  return {
    member: standIn.member,
    memberIndex: standIn.index,
    shiftStart: placed.start,
    shiftEnd: placed.end,
    reason: `on call: ${memberName(standIn.member)}${instead} (${why}, ${placed.span})`,
    override,
    rotation: { member, memberIndex: index, shiftStart: start, shiftEnd: end },
  };
}

function findShift(roster: RosterSettings, c: CompiledRoster, at: number): Shift {
  // Estimate the shift from calendar days, then settle it on instants: the estimate can be off by one
  // near the handover time and on days the clocks change.
  const localDate = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(roster.timeZone).toPlainDate();
  let k = Math.floor(c.startDate.until(localDate, { largestUnit: 'days' }).days / c.periodDays);
  let start = shiftStartOf(roster, c, k);
  while (start > at) {
    k -= 1;
    start = shiftStartOf(roster, c, k);
  }
  let end = shiftStartOf(roster, c, k + 1);
  while (end <= at) {
    k += 1;
    start = end;
    end = shiftStartOf(roster, c, k + 1);
  }
  return { k, start, end, span: readableSpan(start, end, roster.timeZone) };
}

function overrideMember(roster: RosterSettings, override: RosterOverride): { member: RosterMember; index: number | null } {
  const onCall = override.onCall;
  if (onCall.kind === 'member') {
    const member = roster.members[onCall.index];
    if (!member) throw new RangeError(`roster "${roster.name}" has an override naming member ${onCall.index}, which does not exist`);
    return { member, index: onCall.index };
  }
  const key = destinationKey(onCall.destination);
  const index = roster.members.findIndex((m) => destinationKey(m.destination) === key);
  const asMember = roster.members[index];
  if (asMember) return { member: onCall.label !== undefined ? { ...asMember, label: onCall.label } : asMember, index };
  return { member: { destination: onCall.destination, ...(onCall.label !== undefined ? { label: onCall.label } : {}) }, index: null };
}

function memberName(member: RosterMember): string {
  if (member.label !== undefined) return member.label;
  return member.destination.kind === 'phone' ? readablePhoneNumber(member.destination.e164) : member.destination.uri;
}

/** `week rotation`, `2-week rotation`, `day rotation`, `3-day rotation`. */
function rotationName(roster: RosterSettings): string {
  const unit = roster.rotation.unit === 'weeks' ? 'week' : 'day';
  return roster.rotation.every === 1 ? `${unit} rotation` : `${roster.rotation.every}-${unit} rotation`;
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** `Mon 2026-11-23 09:00 – Mon 2026-11-30 09:00 Europe/Amsterdam`, on the roster's wall clock. */
function readableSpan(start: number, end: number, timeZone: string): string {
  return `${readableMoment(start, timeZone)} – ${readableMoment(end, timeZone)} ${timeZone}`;
}

function readableMoment(at: number, timeZone: string): string {
  const local = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone).toPlainDateTime();
  const weekday = weekdays[local.dayOfWeek - 1] ?? '';
  return `${weekday} ${local.toPlainDate().toString()} ${local.toPlainTime().toString({ smallestUnit: 'minute' })}`;
}
