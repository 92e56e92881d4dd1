import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { IssueCollector } from './errors.ts';
import { IcsImportError } from './ics-import-error.ts';
import { scheduleLimits, type ScheduleException } from './schedule.ts';
import { readScheduleException } from './schedule-exception-input.ts';
import { formatTimeOfDay } from './schedule-time-of-day.ts';
import { parseTimeZone } from './schedule-time-zone.ts';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

export interface IcsImportOptions {
  /**
   * The schedule's IANA time zone. Timed events are imported only with it (they become closed hours
   * on their local date); without it they are skipped.
   */
  readonly timeZone?: string;
  /** Events past this many exceptions are skipped (default: a schedule's limit). */
  readonly maxExceptions?: number;
}

export interface IcsImportResult {
  readonly exceptions: ScheduleException[];
  /** Events not imported; `index` counts the file's VEVENTs from 0. */
  readonly skipped: { readonly index: number; readonly reason: string }[];
}

/**
 * Turns an iCalendar file (RFC 5545) of holidays into schedule exceptions, each named by its SUMMARY:
 * - an all-day event (DTSTART;VALUE=DATE) is a closed `date`, or a `dateRange` when it lasts several
 *   days (DTEND is exclusive, RFC 5545 §3.6.1; without DTEND or DURATION it lasts one day);
 * - an all-day event with an RRULE is an `rrule` exception from its DTSTART (one day per occurrence);
 * - a timed event is a `date` exception closed for its span, in the schedule's zone, when it starts
 *   and ends on the same local date there (or ends at midnight); otherwise it is skipped. Timed events
 *   decide opening hours rarely enough that splitting them over several days is left to people.
 * Cancelled events, changed occurrences (RECURRENCE-ID) and recurrences with EXDATE or RDATE, which an
 * exception cannot hold, are skipped with the reason. A file that is not iCalendar throws
 * `IcsImportError` (`invalid_ics`).
 */
export function exceptionsFromIcs(text: string, options: IcsImportOptions = {}): IcsImportResult {
  const zone = options.timeZone === undefined ? null : parseTimeZone(options.timeZone);
  if (options.timeZone !== undefined && zone === null) throw new RangeError(`unknown time zone ${options.timeZone}`);
  const limit = options.maxExceptions ?? scheduleLimits.maxExceptions;
  const events = readEvents(text);
  const exceptions: ScheduleException[] = [];
  const skipped: { index: number; reason: string }[] = [];
  events.forEach((event, index) => {
    const result = eventToException(event, index, zone);
    if (typeof result === 'string') {
      skipped.push({ index, reason: result });
    } else if (exceptions.length >= limit) {
      skipped.push({ index, reason: `more than ${limit} exceptions: a schedule holds at most that many` });
    } else {
      exceptions.push(result);
    }
  });
  return { exceptions, skipped };
}

function readEvents(text: string): IcalComponent[] {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    throw new IcsImportError(`not iCalendar: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(jcal) || jcal.length === 0) throw new IcsImportError('empty: no BEGIN:VCALENDAR');
  // ICAL.parse returns one component, or a list of them when the text holds several.
  const calendars: unknown[] = typeof jcal[0] === 'string' ? [jcal] : jcal;
  const events: IcalComponent[] = [];
  for (const item of calendars) {
    const component = new ICAL.Component(item as ConstructorParameters<typeof ICAL.Component>[0]);
    if (component.name !== 'vcalendar') {
      throw new IcsImportError(`not a calendar: the file holds BEGIN:${component.name.toUpperCase()} where BEGIN:VCALENDAR belongs`);
    }
    events.push(...component.getAllSubcomponents('vevent'));
  }
  return events;
}

/** The exception an event becomes, or why it is skipped. */
function eventToException(event: IcalComponent, index: number, zone: string | null): ScheduleException | string {
  const name = eventName(event, `event ${index}`);
  const where = `event ${index} ("${name}")`;
  if (String(propertyValue(event, 'status', where)).toUpperCase() === 'CANCELLED') return 'cancelled (STATUS:CANCELLED)';
  if (event.hasProperty('recurrence-id')) return 'changes one occurrence of a recurring event (RECURRENCE-ID), which an exception cannot hold';
  const startProp = event.getFirstProperty('dtstart');
  if (!startProp) return 'has no DTSTART';
  const start = readTime(event, 'dtstart', where);
  const rrule = propertyValue(event, 'rrule', where);
  const raw = start.isDate ? allDay(event, start, rrule, where) : timed(event, startProp.getParameter('tzid'), start, rrule, zone, where);
  if (typeof raw === 'string') return raw;
  const issues = new IssueCollector();
  const exception = readScheduleException({ ...raw, name }, '', issues);
  const first = issues.issues[0];
  if (!exception || first) return `cannot be an exception: ${first?.field.slice(1) ?? ''} ${first?.message ?? 'is not valid'}`.trim();
  return exception;
}

function allDay(event: IcalComponent, start: IcalTime, rrule: unknown, where: string): Record<string, unknown> | string {
  const from = plainDate(start, `${where}: DTSTART`);
  const endValue = propertyValue(event, 'dtend', where);
  const duration = propertyValue(event, 'duration', where);
  let end = from.add({ days: 1 });
  if (endValue !== null) end = plainDate(readTime(event, 'dtend', where), `${where}: DTEND`);
  else if (duration instanceof ICAL.Duration) end = from.add({ days: Math.ceil(duration.toSeconds() / 86_400) });
  const days = from.until(end, { largestUnit: 'day' }).days;
  if (days <= 0) return 'ends before it starts';
  if (rrule !== null) {
    if (days > 1) return 'recurs over several days at a time, while an RRULE exception covers one day per occurrence';
    if (event.hasProperty('exdate') || event.hasProperty('rdate')) return 'recurrence uses EXDATE or RDATE, which an exception cannot hold';
    return { kind: 'rrule', state: 'closed', rrule: String(rrule), start: from.toString() };
  }
  if (days === 1) return { kind: 'date', state: 'closed', date: from.toString() };
  return { kind: 'dateRange', state: 'closed', from: from.toString(), to: end.subtract({ days: 1 }).toString() };
}

function timed(
  event: IcalComponent,
  tzid: string | string[] | undefined | null,
  start: IcalTime,
  rrule: unknown,
  zone: string | null,
  where: string,
): Record<string, unknown> | string {
  if (rrule !== null) return 'a recurring timed event: only all-day events may recur in a schedule';
  if (zone === null) return 'a timed event: import with the schedule\'s time zone to make it closed hours';
  const from = instantOf(start, typeof tzid === 'string' ? tzid : null, zone);
  if (typeof from === 'string') return from;
  const endProp = event.getFirstProperty('dtend');
  const duration = propertyValue(event, 'duration', where);
  let to: Temporal.ZonedDateTime | string = from;
  if (endProp) {
    const endTzid = endProp.getParameter('tzid');
    to = instantOf(readTime(event, 'dtend', where), typeof endTzid === 'string' ? endTzid : null, zone);
  } else if (duration instanceof ICAL.Duration) {
    to = from.add({ seconds: duration.toSeconds() });
  }
  if (typeof to === 'string') return to;
  const localFrom = from.withTimeZone(zone);
  const localTo = to.withTimeZone(zone);
  const date = localFrom.toPlainDate();
  const fromMinutes = localFrom.hour * 60 + localFrom.minute;
  const endsAtMidnight = localTo.toPlainDate().equals(date.add({ days: 1 })) && localTo.toPlainTime().equals(new Temporal.PlainTime());
  if (!localTo.toPlainDate().equals(date) && !endsAtMidnight) return `spans more than one day in ${zone}`;
  // Closed hours are whole minutes: the start rounds down and the end up, so the event stays covered.
  const toMinutes = endsAtMidnight ? 24 * 60 : localTo.hour * 60 + localTo.minute + (localTo.second > 0 || localTo.millisecond > 0 ? 1 : 0);
  if (toMinutes <= fromMinutes) return 'has no length';
  return { kind: 'date', state: 'closed', date: date.toString(), hours: [{ from: formatTimeOfDay(fromMinutes), to: formatTimeOfDay(toMinutes) }] };
}

/** A DATE-TIME as an instant: UTC (`Z`), in its TZID, or floating, which RFC 5545 §3.3.5 leaves to the reader: the schedule's zone. */
function instantOf(time: IcalTime, tzid: string | null, zone: string): Temporal.ZonedDateTime | string {
  // A leap second (:60) is read as :59; Temporal has no leap seconds.
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: Math.min(time.second, 59) };
  const eventZone = time.zone?.tzid === 'UTC' ? 'UTC' : tzid === null ? zone : parseTimeZone(tzid);
  if (eventZone === null) return `its time zone "${tzid}" is not an IANA time zone`;
  return Temporal.PlainDateTime.from(wall, { overflow: 'reject' }).toZonedDateTime(eventZone);
}

/**
 * A DATE or DATE-TIME property as ical.js reads it, checked against the text in the file: ical.js
 * quietly rolls a day that does not exist (`20260230`) over into the next month.
 */
function readTime(event: IcalComponent, name: 'dtstart' | 'dtend', where: string): IcalTime {
  const what = `${where}: ${name.toUpperCase()}`;
  const value = propertyValue(event, name, where);
  const raw: unknown = event.getFirstProperty(name)?.toJSON()[3];
  const match = typeof raw === 'string' ? /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(raw) : null;
  if (!(value instanceof ICAL.Time) || !match) throw new IcsImportError(`${what} ${JSON.stringify(String(raw))} is not a date or date-time`);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  try {
    Temporal.PlainDateTime.from({ year, month, day, hour, minute, second: Math.min(second, 59) }, { overflow: 'reject' });
  } catch {
    throw new IcsImportError(`${what} ${JSON.stringify(raw)} is not a date that exists`);
  }
  return value;
}

function plainDate(time: IcalTime, what: string): Temporal.PlainDate {
  if (!time.isDate) throw new IcsImportError(`${what} must be a date (VALUE=DATE) like DTSTART in an all-day event`);
  return new Temporal.PlainDate(time.year, time.month, time.day);
}

/**
 * A property's first value; ical.js parses values lazily and throws a plain Error on a bad one, which
 * becomes `invalid_ics` naming the event and property here.
 */
function propertyValue(event: IcalComponent, name: string, where: string): unknown {
  try {
    return event.getFirstPropertyValue(name);
  } catch (error) {
    throw new IcsImportError(`${where}: ${name.toUpperCase()} ${error instanceof Error ? error.message : String(error)}`);
  }
}

function eventName(event: IcalComponent, where: string): string {
  const summary = propertyValue(event, 'summary', where);
  const name = typeof summary === 'string' ? summary.replace(/\p{Cc}+/gu, ' ').trim() : '';
  if (name.length === 0) return 'Untitled event';
  return name.length > scheduleLimits.maxNameLength ? name.slice(0, scheduleLimits.maxNameLength).trimEnd() : name;
}
