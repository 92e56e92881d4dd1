import type { Temporal } from 'temporal-polyfill';
import type { ScheduleException } from '../domain/schedule.ts';
import { weekdays } from '../domain/schedule.ts';
import { dayRuleDatesInYear, parseDayRule } from '../domain/schedule-rrule.ts';
import { parseCalendarDate } from '../domain/schedule-calendar-date.ts';

/** Years of RRULE dates remembered per exception; calls ask about this year and the next, mostly. */
const maxCachedYears = 8;

/** Whether an exception applies on a local date. */
type DateTest = (date: Temporal.PlainDate, text: string) => boolean;

/**
 * Compiles a schedule's exceptions into a function from a local date to the index of the first
 * exception on it (the list is in priority order), or -1. RRULEs are parsed once here.
 */
export function compileExceptionMatcher(exceptions: readonly ScheduleException[]): (date: Temporal.PlainDate) => number {
  const tests = exceptions.map(compileTest);
  return (date) => {
    const text = date.toString();
    return tests.findIndex((test) => test(date, text));
  };
}

function compileTest(exception: ScheduleException): DateTest {
  switch (exception.kind) {
    case 'date':
      return (_, text) => text === exception.date;
    case 'dateRange':
      // Stored dates are YYYY-MM-DD with four-digit years, so text order is date order.
      return (_, text) => text >= exception.from && text <= exception.to;
    case 'yearly':
      return (date) => date.month === exception.month && date.day === exception.day;
    case 'nthWeekday': {
      const dayOfWeek = weekdays.indexOf(exception.weekday) + 1;
      return (date) => {
        if (date.month !== exception.month || date.dayOfWeek !== dayOfWeek) return false;
        // The nth weekday falls on days 7(n-1)+1 to 7n; the last one within the month's final 7 days.
        return exception.n === -1 ? date.day + 7 > date.daysInMonth : Math.ceil(date.day / 7) === exception.n;
      };
    }
    case 'rrule': {
      const start = parseCalendarDate(exception.start);
      const parsed = start ? parseDayRule(exception.rrule, start) : null;
      // A stored schedule was validated; should one not parse, it matches nothing rather than everything.
      if (!parsed?.ok) return () => false;
      const rule = parsed.rule;
      const years = new Map<number, ReadonlySet<string>>();
      return (date, text) => {
        let dates = years.get(date.year);
        if (!dates) {
          if (years.size >= maxCachedYears) years.clear();
          dates = dayRuleDatesInYear(rule, date.year);
          years.set(date.year, dates);
        }
        return dates.has(text);
      };
    }
  }
}
