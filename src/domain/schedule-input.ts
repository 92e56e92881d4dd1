import { Temporal } from 'temporal-polyfill';
import { IssueCollector, ValidationError } from './errors.ts';
import {
  scheduleLimits,
  weekdayNames,
  weekdays,
  type ScheduleException,
  type ScheduleOverride,
  type ScheduleSettings,
  type TimeRange,
  type Weekday,
  type WeeklyHours,
} from './schedule.ts';
import { readScheduleException } from './schedule-exception-input.ts';
import { isRecord, reportUnknownFields } from './schedule-json.ts';
import { readRanges } from './schedule-range-input.ts';
import { formatRange, minutesPerDay, rangeMinutes } from './schedule-time-of-day.ts';
import { parseTimeZone } from './schedule-time-zone.ts';

/**
 * A schedule as people send it (the whole document; absent `weekly` days are closed, absent
 * `exceptions` and `override` mean none). Described here for the API schema; `scheduleFromInput`
 * accepts any JSON value and reports what does not fit.
 */
export interface ScheduleInput {
  readonly name: string;
  readonly timeZone: string;
  readonly weekly?: Partial<Record<Weekday, readonly TimeRange[]>>;
  readonly exceptions?: readonly unknown[];
  readonly override?: ScheduleOverride | null;
}

/**
 * Validates and normalises a schedule document. Every problem is reported with its JSON pointer
 * (`/weekly/mon/1/to`, `/exceptions/3/rrule`) and a stable code, all at once; nothing is
 * half-accepted. The time zone is stored as Temporal spells it.
 */
export function scheduleFromInput(raw: unknown): ScheduleSettings {
  if (!isRecord(raw)) throw new ValidationError([{ field: '', code: 'invalid_type', message: 'must be a schedule object' }]);
  const issues = new IssueCollector();
  reportUnknownFields(raw, ['name', 'timeZone', 'weekly', 'exceptions', 'override'], '', issues);
  const name = readName(raw['name'], issues);
  const timeZone = readTimeZone(raw['timeZone'], issues);
  const weekly = readWeekly(raw['weekly'], issues);
  const exceptions = readExceptions(raw['exceptions'], issues);
  const override = readOverride(raw['override'], issues);
  issues.throwIfAny();
  return { name, timeZone, weekly, exceptions, override };
}

function readName(raw: unknown, issues: IssueCollector): string {
  if (raw === undefined) {
    issues.add('/name', 'required', 'is required');
    return '';
  }
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length === 0 || name.length > scheduleLimits.maxNameLength || /\p{Cc}/u.test(name)) {
    issues.add('/name', 'invalid_name', `must be 1 to ${scheduleLimits.maxNameLength} characters without control characters`);
  }
  return name;
}

function readTimeZone(raw: unknown, issues: IssueCollector): string {
  if (raw === undefined) {
    issues.add('/timeZone', 'required', 'is required: an IANA time zone such as Europe/Amsterdam');
    return '';
  }
  const zone = typeof raw === 'string' ? parseTimeZone(raw) : null;
  if (zone === null) {
    issues.add('/timeZone', 'unknown_time_zone', `must be an IANA time zone such as Europe/Amsterdam or America/New_York, got ${JSON.stringify(raw)}`);
    return '';
  }
  return zone;
}

function readWeekly(raw: unknown, issues: IssueCollector): WeeklyHours {
  const days: Record<Weekday, TimeRange[]> = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  if (raw === undefined) return days;
  if (!isRecord(raw)) {
    issues.add('/weekly', 'invalid_type', 'must be an object with a list of ranges per day, mon to sun');
    return days;
  }
  reportUnknownFields(raw, weekdays, '/weekly', issues);
  for (const day of weekdays) {
    if (raw[day] !== undefined) days[day] = readRanges(raw[day], `/weekly/${day}`, issues);
  }
  reportOvernightOverlaps(days, issues);
  return days;
}

/**
 * A range past midnight (`fri` 22:00–02:00) also covers the start of the next day, so it must not
 * overlap that day's own ranges (`sat` 01:00–05:00); Sunday runs into Monday.
 */
function reportOvernightOverlaps(days: Readonly<Record<Weekday, readonly TimeRange[]>>, issues: IssueCollector): void {
  weekdays.forEach((day, i) => {
    const next = weekdays[(i + 1) % weekdays.length] ?? 'mon';
    for (const late of days[day]) {
      const tailEnd = rangeMinutes(late).end - minutesPerDay;
      if (tailEnd <= 0) continue;
      days[next].forEach((early, j) => {
        if (rangeMinutes(early).start < tailEnd) {
          issues.add(
            `/weekly/${next}/${j}`,
            'overlapping_ranges',
            `${formatRange(early)} overlaps ${weekdayNames[day]}'s ${formatRange(late)}, which runs until ${late.to} on ${weekdayNames[next]}`,
          );
        }
      });
    }
  });
}

function readExceptions(raw: unknown, issues: IssueCollector): ScheduleException[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.add('/exceptions', 'invalid_type', 'must be a list of exceptions');
    return [];
  }
  if (raw.length > scheduleLimits.maxExceptions) {
    issues.add('/exceptions', 'too_many', `may hold at most ${scheduleLimits.maxExceptions} exceptions`);
    return [];
  }
  const result: ScheduleException[] = [];
  raw.forEach((item: unknown, i) => {
    const exception = readScheduleException(item, `/exceptions/${i}`, issues);
    if (exception) result.push(exception);
  });
  return result;
}

function readOverride(raw: unknown, issues: IssueCollector): ScheduleOverride | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) {
    issues.add('/override', 'invalid_type', 'must be null or { "state": "closed", "until": "2026-12-24T15:00:00+01:00" }');
    return null;
  }
  reportUnknownFields(raw, ['state', 'until', 'reason'], '/override', issues);
  const state = raw['state'];
  if (state !== 'open' && state !== 'closed') {
    issues.add('/override/state', state === undefined ? 'required' : 'invalid_state', 'must be "open" or "closed"');
  }
  const until = readInstant(raw['until'], issues);
  const reasonRaw = raw['reason'];
  let reason: string | undefined;
  if (reasonRaw !== undefined) {
    reason = typeof reasonRaw === 'string' ? reasonRaw.trim() : '';
    if (reason.length === 0 || reason.length > scheduleLimits.maxOverrideReasonLength || /\p{Cc}/u.test(reason)) {
      issues.add('/override/reason', 'invalid_reason', `must be 1 to ${scheduleLimits.maxOverrideReasonLength} characters without control characters`);
    }
  }
  if ((state !== 'open' && state !== 'closed') || until === null) return null;
  return { state, until, ...(reason ? { reason } : {}) };
}

/** An instant with an explicit offset or `Z`, stored in UTC (`2026-12-24T14:00:00Z`). */
function readInstant(raw: unknown, issues: IssueCollector): string | null {
  if (raw === undefined) {
    issues.add('/override/until', 'required', 'is required: the instant the override ends');
    return null;
  }
  try {
    if (typeof raw !== 'string') throw new TypeError('not a string');
    return Temporal.Instant.from(raw).toString();
  } catch {
    issues.add('/override/until', 'invalid_instant', 'must be an ISO 8601 instant with an offset, such as 2026-12-24T15:00:00+01:00');
    return null;
  }
}
