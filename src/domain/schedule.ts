import type { OrganizationId, ScheduleId } from './ids.ts';

/** The days of the week, Monday first (ISO 8601 numbering: `mon` is day 1). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Day names for messages and traces, in the order of `weekdays`. */
export const weekdayNames: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/**
 * A span of local wall time on one day, `HH:MM` in the schedule's time zone. `to` may be `24:00` (the
 * end of the day). A range whose `to` is earlier than its `from` (`22:00`–`02:00`) belongs to the day it
 * starts on and runs into the next day.
 */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

/** Opening hours per day of the week; a day with no ranges is closed all day. */
export type WeeklyHours = Readonly<Record<Weekday, readonly TimeRange[]>>;

export type ScheduleDayState = 'open' | 'closed';

/**
 * What an exception does on a day it matches:
 * - `closed` without `hours`: closed the whole local day (a holiday);
 * - `open` without `hours`: open the whole local day;
 * - `open` with `hours`: these are the day's opening hours instead of the weekly ones (closed outside);
 * - `closed` with `hours`: closed during these ranges; outside them the weekly hours still apply
 *   (a staff meeting, a timed calendar event).
 */
interface ExceptionCommon {
  readonly name: string;
  readonly state: ScheduleDayState;
  readonly hours?: readonly TimeRange[];
}

/** One local date, `2026-12-24`. */
export interface DateException extends ExceptionCommon {
  readonly kind: 'date';
  readonly date: string;
}

/** Every local date from `from` to `to`, both included. */
export interface DateRangeException extends ExceptionCommon {
  readonly kind: 'dateRange';
  readonly from: string;
  readonly to: string;
}

/** The same date every year (a `day` of 29 in February matches leap years only). */
export interface YearlyException extends ExceptionCommon {
  readonly kind: 'yearly';
  readonly month: number;
  readonly day: number;
}

/** The nth weekday of a month every year: `n` 1–5, or -1 for the last (4th Thursday of November). */
export interface NthWeekdayException extends ExceptionCommon {
  readonly kind: 'nthWeekday';
  readonly month: number;
  readonly weekday: Weekday;
  readonly n: number;
}

/**
 * Dates of an RFC 5545 §3.3.10 recurrence rule (`FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO`) counted from
 * `start`, the rule's DTSTART as a date. Only rules that pick whole days (daily or coarser) are kept.
 */
export interface RruleException extends ExceptionCommon {
  readonly kind: 'rrule';
  readonly rrule: string;
  readonly start: string;
}

export type ScheduleException = DateException | DateRangeException | YearlyException | NthWeekdayException | RruleException;
export type ScheduleExceptionKind = ScheduleException['kind'];
export const scheduleExceptionKinds = ['date', 'dateRange', 'yearly', 'nthWeekday', 'rrule'] as const satisfies readonly ScheduleExceptionKind[];

/** Forces the schedule open or closed until an instant ("we shut at 15:00 today"). */
export interface ScheduleOverride {
  readonly state: ScheduleDayState;
  /** An ISO 8601 instant with an offset or `Z`; the override is in force before it. */
  readonly until: string;
  readonly reason?: string;
}

/** What an organization configures about a schedule. */
export interface ScheduleSettings {
  readonly name: string;
  /** An IANA time zone id (`Europe/Amsterdam`); every time of day and date in the schedule is local to it. */
  readonly timeZone: string;
  readonly weekly: WeeklyHours;
  /** Checked in order: on a date several match, the first wins. */
  readonly exceptions: readonly ScheduleException[];
  readonly override: ScheduleOverride | null;
}

/** Named time rules in a time zone, as stored and returned. */
export interface Schedule extends ScheduleSettings {
  readonly id: ScheduleId;
  readonly organizationId: OrganizationId;
  /** Increases by one with every change. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const scheduleLimits = {
  maxRangesPerDay: 10,
  maxExceptions: 366,
  maxNameLength: 100,
  maxOverrideReasonLength: 200,
  maxRruleLength: 500,
} as const;
