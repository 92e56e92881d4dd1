import { Temporal } from 'temporal-polyfill';
import { parseIsoDate } from './iso-date.ts';

/** The years a schedule's dates may fall in: far enough for any real calendar, and four digits each. */
export const calendarYears = { min: 1900, max: 2999 } as const;

/**
 * The calendar date of a `YYYY-MM-DD` text, or null when it is not one, names a day that does not
 * exist (`2026-02-30`) or lies outside `calendarYears`. Only this one spelling is accepted, so stored
 * dates compare correctly as text.
 */
export function parseCalendarDate(text: string): Temporal.PlainDate | null {
  const date = parseIsoDate(text);
  return date && date.year >= calendarYears.min && date.year <= calendarYears.max ? date : null;
}

/** Days in a month of a leap year: the most a yearly date in that month may name (29 February is allowed). */
export function maxDayOfMonth(month: number): number {
  return Temporal.PlainYearMonth.from({ year: 2024, month }).daysInMonth;
}
