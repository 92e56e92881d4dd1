import type { IssueCollector } from './errors.ts';
import {
  scheduleExceptionKinds,
  scheduleLimits,
  weekdays,
  type ScheduleDayState,
  type ScheduleException,
  type ScheduleExceptionKind,
  type TimeRange,
  type Weekday,
} from './schedule.ts';
import { calendarYears, maxDayOfMonth, parseCalendarDate } from './schedule-calendar-date.ts';
import { isRecord, reportUnknownFields } from './schedule-json.ts';
import { readRanges } from './schedule-range-input.ts';
import { parseDayRule } from './schedule-rrule.ts';

const commonFields = ['kind', 'name', 'state', 'hours'] as const;
const kindFields: Readonly<Record<ScheduleExceptionKind, readonly string[]>> = {
  date: ['date'],
  dateRange: ['from', 'to'],
  yearly: ['month', 'day'],
  nthWeekday: ['month', 'weekday', 'n'],
  rrule: ['rrule', 'start'],
};

/**
 * Reads one exception at `at` (`/exceptions/3`): its kind's fields, a name, `state` (default `closed`:
 * most exceptions are holidays) and optional `hours`. Problems go to `issues`; the result is null when
 * the exception cannot be read at all.
 */
export function readScheduleException(raw: unknown, at: string, issues: IssueCollector): ScheduleException | null {
  if (!isRecord(raw)) {
    issues.add(at, 'invalid_type', 'must be an exception object with a "kind"');
    return null;
  }
  const kind = scheduleExceptionKinds.find((k) => k === raw['kind']);
  if (!kind) {
    issues.add(`${at}/kind`, raw['kind'] === undefined ? 'required' : 'unknown_kind', `must be one of ${scheduleExceptionKinds.map((k) => `"${k}"`).join(', ')}`);
    return null;
  }
  const before = issues.issues.length;
  reportUnknownFields(raw, [...commonFields, ...kindFields[kind]], at, issues);
  const name = readName(raw['name'], `${at}/name`, issues);
  const state = readState(raw['state'], `${at}/state`, issues);
  const hours = raw['hours'] === undefined ? undefined : readRanges(raw['hours'], `${at}/hours`, issues);
  if (Array.isArray(raw['hours']) && raw['hours'].length === 0) {
    issues.add(`${at}/hours`, 'empty_hours', 'must hold at least one range, or be left out for the whole day');
  }
  const common = { name, state, ...(hours ? { hours } : {}) };
  const exception = readKind(kind, raw, at, common, issues);
  return issues.issues.length === before ? exception : null;
}

interface Common {
  readonly name: string;
  readonly state: ScheduleDayState;
  readonly hours?: readonly TimeRange[];
}

function readKind(
  kind: ScheduleExceptionKind,
  raw: Readonly<Record<string, unknown>>,
  at: string,
  common: Common,
  issues: IssueCollector,
): ScheduleException {
  switch (kind) {
    case 'date':
      return { kind, ...common, date: readDate(raw['date'], `${at}/date`, issues) };
    case 'dateRange': {
      const from = readDate(raw['from'], `${at}/from`, issues);
      const to = readDate(raw['to'], `${at}/to`, issues);
      if (from && to && to < from) issues.add(`${at}/to`, 'range_reversed', `must be on or after "from" (${from})`);
      return { kind, ...common, from, to };
    }
    case 'yearly': {
      const month = readInteger(raw['month'], `${at}/month`, 1, 12, issues);
      const day = readInteger(raw['day'], `${at}/day`, 1, 31, issues);
      if (month > 0 && day > 0 && day > maxDayOfMonth(month)) {
        issues.add(`${at}/day`, 'invalid_date', `month ${month} has at most ${maxDayOfMonth(month)} days`);
      }
      return { kind, ...common, month, day };
    }
    case 'nthWeekday': {
      const month = readInteger(raw['month'], `${at}/month`, 1, 12, issues);
      const weekday = weekdays.find((d) => d === raw['weekday']);
      if (!weekday) issues.add(`${at}/weekday`, raw['weekday'] === undefined ? 'required' : 'invalid_weekday', `must be one of ${weekdays.join(', ')}`);
      const n = raw['n'];
      if (typeof n !== 'number' || !(Number.isInteger(n) && ((n >= 1 && n <= 5) || n === -1))) {
        issues.add(`${at}/n`, n === undefined ? 'required' : 'out_of_range', 'must be 1 to 5 (first to fifth) or -1 (last)');
      }
      return { kind, ...common, month, weekday: weekday ?? ('mon' satisfies Weekday), n: typeof n === 'number' ? n : 0 };
    }
    case 'rrule': {
      const start = readDate(raw['start'], `${at}/start`, issues);
      const text = raw['rrule'];
      if (typeof text !== 'string') {
        issues.add(`${at}/rrule`, text === undefined ? 'required' : 'invalid_rrule', 'must be an RRULE value such as FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO');
        return { kind, ...common, rrule: '', start };
      }
      const startDate = parseCalendarDate(start);
      if (!startDate) return { kind, ...common, rrule: text, start };
      const parsed = parseDayRule(text, startDate);
      if (!parsed.ok) {
        issues.add(`${at}/rrule`, parsed.code, parsed.message);
        return { kind, ...common, rrule: text, start };
      }
      return { kind, ...common, rrule: parsed.text, start };
    }
  }
}

function readName(raw: unknown, at: string, issues: IssueCollector): string {
  if (raw === undefined) {
    issues.add(at, 'required', 'is required: it names the day in traces ("Christmas Eve")');
    return '';
  }
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length === 0 || name.length > scheduleLimits.maxNameLength || /\p{Cc}/u.test(name)) {
    issues.add(at, 'invalid_name', `must be 1 to ${scheduleLimits.maxNameLength} characters without control characters`);
  }
  return name;
}

function readState(raw: unknown, at: string, issues: IssueCollector): ScheduleDayState {
  if (raw === undefined) return 'closed';
  if (raw === 'open' || raw === 'closed') return raw;
  issues.add(at, 'invalid_state', 'must be "open" or "closed"');
  return 'closed';
}

function readDate(raw: unknown, at: string, issues: IssueCollector): string {
  if (raw === undefined) {
    issues.add(at, 'required', 'is required');
    return '';
  }
  if (typeof raw !== 'string' || !parseCalendarDate(raw)) {
    issues.add(at, 'invalid_date', `must be an existing date YYYY-MM-DD in the years ${calendarYears.min}–${calendarYears.max}`);
    return '';
  }
  return raw;
}

function readInteger(raw: unknown, at: string, min: number, max: number, issues: IssueCollector): number {
  if (raw === undefined) {
    issues.add(at, 'required', 'is required');
    return 0;
  }
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    issues.add(at, 'out_of_range', `must be a whole number from ${min} to ${max}`);
    return 0;
  }
  return raw;
}
