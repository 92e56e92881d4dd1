import { Temporal } from 'temporal-polyfill';
import type { ScheduleDayState, ScheduleException, ScheduleSettings, TimeRange, Weekday } from '../domain/schedule.ts';
import { weekdays } from '../domain/schedule.ts';
import { minutesPerDay, rangeMinutes } from '../domain/schedule-time-of-day.ts';

/** Where a piece of a day's plan comes from. */
export type PlanSource =
  | { readonly kind: 'exception'; readonly index: number; readonly exception: ScheduleException }
  | { readonly kind: 'weekly'; readonly day: Weekday };

/** One range of one day as real instants (epoch ms, end excluded). */
export interface PlanInterval {
  readonly start: number;
  readonly end: number;
  readonly state: ScheduleDayState;
  readonly range: TimeRange;
  readonly source: PlanSource;
}

/**
 * The rules of one local date, pinned to instants: the whole-day exception if there is one, otherwise
 * the ranges that start on that date (which may run into the next date).
 */
export interface DayPlan {
  readonly date: Temporal.PlainDate;
  readonly weekday: Weekday;
  /** First instant of the local date, and of the next one. */
  readonly start: number;
  readonly end: number;
  /** The first exception on this date, if any. */
  readonly exception: { readonly index: number; readonly exception: ScheduleException } | null;
  /** Set when an exception without hours decides the whole local date. */
  readonly wholeDay: ScheduleDayState | null;
  readonly intervals: readonly PlanInterval[];
}

/**
 * Works out a date's plan. Ranges are local wall time in the schedule's zone, turned into instants
 * with Temporal's `compatible` disambiguation (RFC 5545 §3.3.5 reads local times the same way):
 * - a time inside a skipped hour (02:30 on a spring-forward night) moves forward by the length of
 *   the gap, so a range starting then opens at 03:30 new time, and one ending then closes at 03:30;
 *   a range lying wholly inside the gap has no length that night and is dropped;
 * - a time inside a repeated hour (02:30 on a fall-back night) is its first occurrence, the one
 *   before the clocks go back.
 * `24:00` is the first instant of the next date.
 */
export function buildDayPlan(schedule: ScheduleSettings, date: Temporal.PlainDate, exceptionIndex: number): DayPlan {
  const weekday = weekdays[date.dayOfWeek - 1] ?? 'mon';
  const localInstant = localClock(date, schedule.timeZone);
  const start = localInstant(0);
  const end = localInstant(minutesPerDay);
  const exception = exceptionIndex >= 0 ? schedule.exceptions[exceptionIndex] : undefined;
  const weeklySource: PlanSource = { kind: 'weekly', day: weekday };
  const pieces: PlanInterval[] = [];
  const add = (ranges: readonly TimeRange[], state: ScheduleDayState, source: PlanSource): void => {
    for (const range of ranges) {
      const minutes = rangeMinutes(range);
      const interval = { start: localInstant(minutes.start), end: localInstant(minutes.end), state, range, source };
      if (interval.end > interval.start) pieces.push(interval);
    }
  };
  if (!exception) {
    add(schedule.weekly[weekday], 'open', weeklySource);
    return { date, weekday, start, end, exception: null, wholeDay: null, intervals: pieces };
  }
  const found = { index: exceptionIndex, exception };
  const exceptionSource: PlanSource = { kind: 'exception', ...found };
  if (!exception.hours) return { date, weekday, start, end, exception: found, wholeDay: exception.state, intervals: pieces };
  add(exception.hours, exception.state, exceptionSource);
  // Closed hours cut into the weekly hours; open hours replace them (see `ScheduleException`).
  if (exception.state === 'closed') add(schedule.weekly[weekday], 'open', weeklySource);
  return { date, weekday, start, end, exception: found, wholeDay: null, intervals: pieces };
}

const msPerMinute = 60_000;

/**
 * The instant of a local time `minutes` after the start of `date` (past 1440: on the next date).
 * When the zone has no transition in the two days from the date's midnight, local time runs in step
 * with real time, so each instant is midnight plus the minutes; otherwise each time goes through
 * Temporal. Either way the offsets are Temporal's.
 */
function localClock(date: Temporal.PlainDate, timeZone: string): (minutes: number) => number {
  const midnight = date.toZonedDateTime({ timeZone });
  const start = midnight.epochMilliseconds;
  const transition = midnight.getTimeZoneTransition('next');
  const steady = midnight.hour === 0 && midnight.minute === 0 && (transition === null || transition.epochMilliseconds >= start + 2 * minutesPerDay * msPerMinute);
  if (steady) return (minutes) => start + minutes * msPerMinute;
  return (minutes) => {
    const day = minutes >= minutesPerDay ? date.add({ days: 1 }) : date;
    const within = minutes % minutesPerDay;
    const plainTime = new Temporal.PlainTime(Math.floor(within / 60), within % 60);
    return day.toZonedDateTime({ timeZone, plainTime }).epochMilliseconds;
  };
}
