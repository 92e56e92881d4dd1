import { destinationKey, parseDestination, type DirectDestination } from './destination.ts';
import type { Temporal } from 'temporal-polyfill';
import { IssueCollector, ValidationError } from './errors.ts';
import type { Country } from './phone-number.ts';
import { parseTimeZone } from './schedule-time-zone.ts';
import {
  rosterLimits,
  type RosterMember,
  type RosterOverride,
  type RosterOverrideOnCall,
  type RosterRotation,
  type RosterSettings,
  type RotationUnit,
} from './roster.ts';
import { formatLocalDateTime, parseLocalDate, parseOverrideBound, parseWallTime, zonedInstant } from './roster-time.ts';

/**
 * A roster as people write it (REST `PUT /v1/rosters/{id}`): members' destinations in any format a
 * person types, override bounds as dates, local date-times or instants. `rosterFromInput` turns it into
 * `RosterSettings`.
 */
export interface RosterInput {
  readonly name: string;
  readonly timeZone: string;
  readonly members: readonly { readonly to: string; readonly label?: string }[];
  readonly rotation: {
    readonly every: number;
    readonly unit: RotationUnit;
    readonly handoverTime: string;
    readonly startDate: string;
  };
  readonly overrides?: readonly RosterOverrideInput[];
}

/** Exactly one of `memberIndex` and `destination` says who is on call. */
export interface RosterOverrideInput {
  readonly from: string;
  readonly to: string;
  readonly memberIndex?: number;
  readonly destination?: string;
  /** Names the stand-in given by `destination`. */
  readonly label?: string;
  readonly reason?: string;
}

/** What the API returns: destinations as canonical text (E.164 or SIP URI) with their kind. */
export interface RosterOutput {
  readonly name: string;
  readonly timeZone: string;
  readonly members: readonly { readonly to: string; readonly kind: DirectDestination['kind']; readonly label?: string }[];
  readonly rotation: RosterRotation;
  readonly overrides: readonly RosterOverrideOutput[];
}

export interface RosterOverrideOutput {
  readonly from: string;
  readonly to: string;
  readonly memberIndex?: number;
  readonly destination?: string;
  readonly label?: string;
  readonly reason?: string;
}

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates and normalises a whole roster. The input is read as untrusted JSON: every problem is
 * reported with its JSON pointer (`/members/2/to`, `/overrides/0/from`) and a stable code, all at once;
 * nothing is half-accepted. Throws `ValidationError`.
 */
export function rosterFromInput(raw: unknown, countryHint: Country | null): RosterSettings {
  const issues = new IssueCollector();
  if (!isObject(raw)) {
    throw new ValidationError([{ field: '', code: 'invalid_type', message: 'must be an object' }]);
  }
  const name = readText(raw.name, '/name', 100, issues, true, 'invalid_name') ?? '';
  const timeZone = readTimeZone(raw.timeZone, issues);
  const members = readMembers(raw.members, countryHint, issues);
  const rotation = readRotation(raw.rotation, issues);
  const overrides = readOverrides(raw.overrides, timeZone, members.length, countryHint, issues);
  issues.throwIfAny();
  return { name, timeZone: timeZone ?? '', members, rotation, overrides };
}

/** Names, labels, reasons: trimmed, bounded, no control characters. Absent gives undefined (an issue when required). */
function readText(
  value: unknown,
  field: string,
  max: number,
  issues: IssueCollector,
  required: boolean,
  code = 'invalid_label',
): string | undefined {
  if (value === undefined) {
    if (required) issues.add(field, 'required', 'is required');
    return undefined;
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > max || /\p{Cc}/u.test(text)) {
    issues.add(field, code, `must be 1 to ${max} characters without control characters`);
    return undefined;
  }
  return text;
}

function readTimeZone(value: unknown, issues: IssueCollector): string | null {
  if (value === undefined) {
    issues.add('/timeZone', 'required', 'is required');
    return null;
  }
  // The same rule as schedules: an IANA zone, never a fixed offset (a roster follows a place's clock).
  const zone = typeof value === 'string' ? parseTimeZone(value.trim()) : null;
  if (zone === null) {
    issues.add('/timeZone', 'invalid_time_zone', `${JSON.stringify(value)} is not an IANA time zone such as "Europe/Amsterdam"`);
  }
  return zone;
}

function readMembers(value: unknown, country: Country | null, issues: IssueCollector): RosterMember[] {
  if (!Array.isArray(value)) {
    issues.add('/members', value === undefined ? 'required' : 'invalid_type', 'must be a list of members');
    return [];
  }
  const { minMembers, maxMembers } = rosterLimits;
  if (value.length < minMembers || value.length > maxMembers) {
    issues.add('/members', 'member_count', `must hold ${minMembers} to ${maxMembers} members`);
  }
  // The same destination may stand in the rotation more than once (Anna, Ben, Anna, Cem: Anna takes
  // every other turn); an override naming it by destination means its first place.
  const members: RosterMember[] = [];
  value.forEach((item: unknown, i) => {
    const field = `/members/${i}`;
    if (!isObject(item)) {
      issues.add(field, 'invalid_type', 'must be an object with "to"');
      return;
    }
    const destination = readDestination(item.to, `${field}/to`, country, issues);
    const label = readText(item.label, `${field}/label`, 100, issues, false);
    if (!destination) return;
    members.push({ destination, ...(label !== undefined ? { label } : {}) });
  });
  return members;
}

function readDestination(value: unknown, field: string, country: Country | null, issues: IssueCollector): DirectDestination | null {
  if (typeof value !== 'string') {
    issues.add(field, value === undefined ? 'required' : 'invalid_type', 'must be a phone number or a SIP URI');
    return null;
  }
  const parsed = parseDestination(value, country);
  if (!parsed.ok) {
    issues.add(field, parsed.code, parsed.message);
    return null;
  }
  return parsed.destination;
}

const fallbackRotation: RosterRotation = { every: 1, unit: 'weeks', handoverTime: '00:00', startDate: '2000-01-01' };

function readRotation(value: unknown, issues: IssueCollector): RosterRotation {
  if (!isObject(value)) {
    issues.add('/rotation', value === undefined ? 'required' : 'invalid_type', 'must be an object with every, unit, handoverTime and startDate');
    return fallbackRotation;
  }
  let unit: RotationUnit = 'weeks';
  if (value.unit === 'days' || value.unit === 'weeks') {
    unit = value.unit;
  } else {
    issues.add('/rotation/unit', value.unit === undefined ? 'required' : 'unknown_unit', 'must be "days" or "weeks"');
  }
  const max = unit === 'days' ? rosterLimits.maxDays : rosterLimits.maxWeeks;
  const every = value.every;
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 1 || every > max) {
    issues.add('/rotation/every', every === undefined ? 'required' : 'out_of_range', `must be a whole number of ${unit} from 1 to ${max}`);
  }
  const handoverTime = typeof value.handoverTime === 'string' && parseWallTime(value.handoverTime) ? value.handoverTime : null;
  if (handoverTime === null) {
    issues.add('/rotation/handoverTime', value.handoverTime === undefined ? 'required' : 'invalid_time', 'must be a 24-hour time HH:MM such as "09:00"');
  }
  const startDate = typeof value.startDate === 'string' && parseLocalDate(value.startDate) ? value.startDate : null;
  if (startDate === null) {
    issues.add('/rotation/startDate', value.startDate === undefined ? 'required' : 'invalid_date', 'must be a date YYYY-MM-DD that exists');
  }
  return {
    every: typeof every === 'number' ? every : 1,
    unit,
    handoverTime: handoverTime ?? fallbackRotation.handoverTime,
    startDate: startDate ?? fallbackRotation.startDate,
  };
}

interface PlacedOverride {
  readonly override: RosterOverride;
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

function readOverrides(
  value: unknown,
  timeZone: string | null,
  memberCount: number,
  country: Country | null,
  issues: IssueCollector,
): RosterOverride[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add('/overrides', 'invalid_type', 'must be a list of overrides');
    return [];
  }
  if (value.length > rosterLimits.maxOverrides) {
    issues.add('/overrides', 'too_many', `may hold at most ${rosterLimits.maxOverrides} overrides`);
    return [];
  }
  const placed: PlacedOverride[] = [];
  value.forEach((item: unknown, i) => {
    const field = `/overrides/${i}`;
    if (!isObject(item)) {
      issues.add(field, 'invalid_type', 'must be an object with from, to and memberIndex or destination');
      return;
    }
    const onCall = readOnCall(item, field, memberCount, country, issues);
    const reason = readText(item.reason, `${field}/reason`, rosterLimits.maxReasonLength, issues, false, 'invalid_reason');
    // Without a valid zone the bounds cannot be placed in time; the zone's own issue says why.
    if (timeZone === null) return;
    const from = readBound(item.from, `${field}/from`, timeZone, 'from', issues);
    const to = readBound(item.to, `${field}/to`, timeZone, 'to', issues);
    if (!from || !to || !onCall) return;
    const start = zonedInstant(from, timeZone);
    const end = zonedInstant(to, timeZone);
    if (end <= start) {
      issues.add(`${field}/to`, 'empty_range', 'must be later than "from"');
      return;
    }
    const override: RosterOverride = {
      from: formatLocalDateTime(from),
      to: formatLocalDateTime(to),
      onCall,
      ...(reason !== undefined ? { reason } : {}),
    };
    placed.push({ override, index: i, start, end });
  });
  // Two swaps covering the same moment would leave "who is on call" to list order; refuse instead.
  // Ranges are half-open, so one may end exactly where the next begins.
  const byStart = [...placed].sort((a, b) => a.start - b.start || a.index - b.index);
  for (let k = 1; k < byStart.length; k++) {
    const before = byStart[k - 1];
    const current = byStart[k];
    if (before && current && current.start < before.end) {
      const [first, second] = before.index < current.index ? [before, current] : [current, before];
      issues.add(`/overrides/${second.index}`, 'overlapping_override', `overlaps /overrides/${first.index} (${first.override.from} – ${first.override.to})`);
    }
  }
  return byStart.map((p) => p.override);
}

function readBound(value: unknown, field: string, timeZone: string, bound: 'from' | 'to', issues: IssueCollector): Temporal.PlainDateTime | null {
  if (typeof value !== 'string') {
    issues.add(field, value === undefined ? 'required' : 'invalid_type', 'must be a date, a local date-time or an instant');
    return null;
  }
  const parsed = parseOverrideBound(value, timeZone, bound);
  if (!parsed.ok) {
    issues.add(field, parsed.code, parsed.message);
    return null;
  }
  return parsed.local;
}

function readOnCall(item: Fields, field: string, memberCount: number, country: Country | null, issues: IssueCollector): RosterOverrideOnCall | null {
  const hasIndex = item.memberIndex !== undefined;
  const hasDestination = item.destination !== undefined;
  if (hasIndex === hasDestination) {
    issues.add(field, 'override_needs_one_on_call', 'give exactly one of "memberIndex" and "destination": who is on call instead');
    return null;
  }
  if (hasIndex) {
    if (item.label !== undefined) {
      issues.add(`${field}/label`, 'label_needs_destination', 'names a stand-in given by "destination"; a member keeps its own label');
    }
    const index = item.memberIndex;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= memberCount) {
      issues.add(`${field}/memberIndex`, 'member_index_out_of_range', `must be a member's index, 0 to ${Math.max(memberCount - 1, 0)}`);
      return null;
    }
    return { kind: 'member', index };
  }
  const destination = readDestination(item.destination, `${field}/destination`, country, issues);
  const label = readText(item.label, `${field}/label`, 100, issues, false);
  if (!destination) return null;
  return { kind: 'destination', destination, ...(label !== undefined ? { label } : {}) };
}

export function rosterToOutput(settings: RosterSettings): RosterOutput {
  return {
    name: settings.name,
    timeZone: settings.timeZone,
    members: settings.members.map((m) => ({
      to: destinationKey(m.destination),
      kind: m.destination.kind,
      ...(m.label !== undefined ? { label: m.label } : {}),
    })),
    rotation: settings.rotation,
    overrides: settings.overrides.map((o) => ({
      from: o.from,
      to: o.to,
      ...(o.onCall.kind === 'member'
        ? { memberIndex: o.onCall.index }
        : { destination: destinationKey(o.onCall.destination), ...(o.onCall.label !== undefined ? { label: o.onCall.label } : {}) }),
      ...(o.reason !== undefined ? { reason: o.reason } : {}),
    })),
  };
}
