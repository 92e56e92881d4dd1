import { Temporal } from 'temporal-polyfill';
import { parseIsoDate } from './iso-date.ts';

/*
 * Wall-clock arithmetic for rosters, on the Temporal polyfill: offsets and daylight-saving rules come
 * from the IANA database, never from our own tables.
 */

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30), or null. Rosters take any year. */
export const parseLocalDate = parseIsoDate;

/** A 24-hour wall-clock time `HH:MM`, or null. */
export function parseWallTime(text: string): Temporal.PlainTime | null {
  const m = timePattern.exec(text);
  if (!m) return null;
  return new Temporal.PlainTime(Number(m[1]), Number(m[2]));
}

/**
 * The instant a wall-clock date-time happens in a zone, epoch milliseconds. A time skipped by a
 * spring-forward change means the moment after the gap; a time passed twice means the first
 * (`compatible`, as RFC 5545 §3.3.5 and Temporal do).
 */
export function zonedInstant(dateTime: Temporal.PlainDateTime, timeZone: string): number {
  return dateTime.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** `YYYY-MM-DDTHH:MM`: how override bounds are stored. */
export function formatLocalDateTime(dateTime: Temporal.PlainDateTime): string {
  return dateTime.toString({ smallestUnit: 'minute' });
}

const localDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export type OverrideBoundResult =
  | { readonly ok: true; readonly local: Temporal.PlainDateTime }
  | { readonly ok: false; readonly code: 'invalid_date_time' | 'not_whole_minute'; readonly message: string };

/**
 * Reads one bound of an override as people write it, in the roster's zone:
 * - a date (`2026-12-24`): for `from` the start of that day, for `to` the end of it (the next day's
 *   00:00), so `{from: '2026-12-24', to: '2026-12-26'}` covers the three days as people say it;
 * - a local date-time (`2026-12-24T09:00`), read on the roster's wall clock;
 * - an instant with an offset or `Z` (`2026-12-24T08:00:00Z`), turned into the roster's wall clock.
 * Overrides are set to the minute. An instant in the hour a fall-back night repeats is kept as its
 * wall-clock time, which reads back as the first pass of that hour (see `zonedInstant`).
 */
export function parseOverrideBound(text: string, timeZone: string, bound: 'from' | 'to'): OverrideBoundResult {
  const trimmed = text.trim();
  const invalid: OverrideBoundResult = {
    ok: false,
    code: 'invalid_date_time',
    message: `${JSON.stringify(text)} is not a date (YYYY-MM-DD), a local date-time (YYYY-MM-DDTHH:MM) or an instant with an offset`,
  };
  const date = parseLocalDate(trimmed);
  if (date) {
    const day = bound === 'to' ? date.add({ days: 1 }) : date;
    return { ok: true, local: day.toPlainDateTime(new Temporal.PlainTime(0, 0)) };
  }
  let local: Temporal.PlainDateTime;
  try {
    if (localDateTimePattern.test(trimmed)) {
      local = Temporal.PlainDateTime.from(trimmed, { overflow: 'reject' });
    } else if (instantPattern.test(trimmed)) {
      local = Temporal.Instant.from(trimmed).toZonedDateTimeISO(timeZone).toPlainDateTime();
    } else {
      return invalid;
    }
  } catch {
    return invalid;
  }
  if (local.second !== 0 || local.millisecond !== 0 || local.microsecond !== 0 || local.nanosecond !== 0) {
    return { ok: false, code: 'not_whole_minute', message: 'overrides start and end on a whole minute' };
  }
  return { ok: true, local };
}

/** Reads a stored override bound (`YYYY-MM-DDTHH:MM`) back. */
export function storedLocalDateTime(text: string): Temporal.PlainDateTime {
  return Temporal.PlainDateTime.from(text);
}
