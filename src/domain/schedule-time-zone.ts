import { Temporal } from 'temporal-polyfill';

/**
 * The IANA id of a time zone as Temporal spells it (`europe/amsterdam` becomes `Europe/Amsterdam`), or
 * null when Temporal does not know the zone. Fixed offsets (`+01:00`) are refused: they have no
 * daylight-saving rules, so a schedule in one would drift by an hour twice a year in most places.
 */
export function parseTimeZone(text: string): string | null {
  if (text.length === 0 || text.length > 64 || /^[+\-\u2212]/.test(text)) return null;
  try {
    return Temporal.PlainDate.from('2026-01-01').toZonedDateTime(text).timeZoneId;
  } catch {
    return null;
  }
}
