import { trimWhitespace } from '../grammar/char-classes.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';

/**
 * Date (RFC 3261 §20.17): an RFC 1123 date, and only in GMT —
 *
 *   rfc1123-date = wkday "," SP date1 SP time SP "GMT"
 *
 * so "Fri, 01 Jan 2010 16:00:00 EST" is invalid (RFC 4475 §3.1.2.12).
 */
const shape = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseSipDate(text: string): Parsed<Date> {
  const match = shape.exec(trimWhitespace(text));
  if (!match) return fail('Date must be an RFC 1123 date in GMT');
  const [, , day, month, year, hour, minute, second] = match as unknown as [string, string, string, string, string, string, string, string];
  const time = Date.UTC(Number(year), months.indexOf(month), Number(day), Number(hour), Number(minute), Number(second));
  const date = new Date(time);
  // Reject dates that Date.UTC would roll over (31 Feb, 25:00).
  if (date.getUTCDate() !== Number(day) || date.getUTCHours() !== Number(hour) || Number(minute) > 59 || Number(second) > 59) {
    return fail('Date names a day or time that does not exist');
  }
  return ok(date);
}

export function formatSipDate(value: Date): string {
  return value.toUTCString();
}
