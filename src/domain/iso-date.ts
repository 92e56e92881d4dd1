import { Temporal } from 'temporal-polyfill';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The calendar date of a `YYYY-MM-DD` text that names a day that exists (no 2026-02-30), or null.
 * Only this one spelling is accepted, so stored dates compare correctly as text.
 */
export function parseIsoDate(text: string): Temporal.PlainDate | null {
  if (!datePattern.test(text)) return null;
  try {
    return Temporal.PlainDate.from(text, { overflow: 'reject' });
  } catch {
    return null;
  }
}
