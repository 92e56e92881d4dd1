import type { TimeRange } from './schedule.ts';

export const minutesPerDay = 24 * 60;

const clockPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes since midnight of a local `HH:MM` time, or null when it is not one. `24:00` (the end of the
 * day) is accepted only where `allowEndOfDay` says so: a range may end there but not start there.
 */
export function parseTimeOfDay(text: string, allowEndOfDay: boolean): number | null {
  if (allowEndOfDay && text === '24:00') return minutesPerDay;
  const match = clockPattern.exec(text);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** `HH:MM` of a number of minutes since midnight (0–1440). */
export function formatTimeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * A valid range as minutes from the start of the day it belongs to: `end` is past `start`, and past
 * 1440 when the range runs into the next day (`22:00`–`02:00` is 1320–1560).
 */
export interface RangeMinutes {
  readonly start: number;
  readonly end: number;
}

/** The minutes of a range already known to be valid (see `schedule-input.ts`). */
export function rangeMinutes(range: TimeRange): RangeMinutes {
  const start = parseTimeOfDay(range.from, false) ?? 0;
  const to = parseTimeOfDay(range.to, true) ?? 0;
  return { start, end: to > start ? to : to + minutesPerDay };
}

/** `09:00–17:30`, with an en dash, as people read a range. */
export function formatRange(range: TimeRange): string {
  return `${range.from}–${range.to}`;
}
