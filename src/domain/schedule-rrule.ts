import rrulePkg from 'rrule';
import type { Temporal } from 'temporal-polyfill';
import { scheduleLimits } from './schedule.ts';

// rrule ships CommonJS for Node; its named exports are reachable through the default export only.
const { RRule, Frequency } = rrulePkg;

/** A parsed recurrence over whole days. */
export type DayRule = InstanceType<typeof RRule>;

export type DayRuleResult =
  | { readonly ok: true; readonly rule: DayRule; readonly text: string }
  | { readonly ok: false; readonly code: 'invalid_rrule' | 'rrule_not_whole_days' | 'rrule_never_occurs'; readonly message: string };

const wholeDayFrequencies: ReadonlySet<number> = new Set([Frequency.YEARLY, Frequency.MONTHLY, Frequency.WEEKLY, Frequency.DAILY]);

/**
 * Parses an RFC 5545 §3.3.10 RRULE value (`FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO`, optionally prefixed with
 * `RRULE:`) counted from `start` (its DTSTART, a date). The rule is worked out on "floating" dates:
 * each day is represented by UTC midnight, so no time zone enters and a match is a calendar date in
 * whatever zone the schedule has. Only rules that pick whole days are accepted; hours belong in
 * `hours`. `text` is the rule as stored: without the `RRULE:` prefix.
 */
export function parseDayRule(raw: string, start: Temporal.PlainDate): DayRuleResult {
  const text = raw.trim().replace(/^RRULE:/i, '');
  if (text.length === 0 || text.length > scheduleLimits.maxRruleLength || /[\r\n]/.test(text)) {
    return invalid(`must be one RRULE value of at most ${scheduleLimits.maxRruleLength} characters, such as FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO`);
  }
  if (/(^|;)\s*(DTSTART|TZID)\s*[=:]/i.test(text)) {
    return invalid('must not hold DTSTART or TZID: the start date is its own field and the zone is the schedule\'s');
  }
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    return invalid(`is not an RRULE: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.freq === undefined) return invalid('needs FREQ (RFC 5545 §3.3.10: FREQ is required)');
  if (!wholeDayFrequencies.has(options.freq)) {
    return { ok: false, code: 'rrule_not_whole_days', message: 'must repeat DAILY, WEEKLY, MONTHLY or YEARLY: an exception covers whole days' };
  }
  if (hasValues(options.byhour) || hasValues(options.byminute) || hasValues(options.bysecond)) {
    return { ok: false, code: 'rrule_not_whole_days', message: 'must not use BYHOUR, BYMINUTE or BYSECOND: an exception covers whole days' };
  }
  if (options.interval !== undefined && (!Number.isInteger(options.interval) || options.interval < 1)) {
    return invalid('INTERVAL must be a positive whole number');
  }
  if (options.count !== undefined && options.count !== null && (!Number.isInteger(options.count) || options.count < 1)) {
    return invalid('COUNT must be a positive whole number');
  }
  const byweekday = options.byweekday;
  if (Array.isArray(byweekday) && byweekday.some((d) => d === null || d === undefined)) {
    return invalid('BYDAY must list weekdays such as MO, -1MO or 4TH');
  }
  const dtstart = dayToDate(start);
  let rule: DayRule;
  let first: Date | null;
  try {
    // noCache: rrule's cache keeps every query's answer forever; schedules are asked about many dates.
    rule = new RRule({ ...options, dtstart, tzid: null }, true);
    first = rule.after(dtstart, true);
  } catch (error) {
    return invalid(`is not an RRULE: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (first === null) return { ok: false, code: 'rrule_never_occurs', message: 'picks no date on or after its start date' };
  return { ok: true, rule, text };
}

/**
 * The dates (`YYYY-MM-DD`) a rule picks in one year. rrule walks from DTSTART on every question, so
 * asking for a year at once and remembering it is far cheaper than asking day by day.
 */
export function dayRuleDatesInYear(rule: DayRule, year: number): ReadonlySet<string> {
  const first = new Date(Date.UTC(year, 0, 1));
  const last = new Date(Date.UTC(year, 11, 31));
  return new Set(rule.between(first, last, true).map((d) => d.toISOString().slice(0, 10)));
}

/** A date as rrule sees it: UTC midnight of that day. */
function dayToDate(date: Temporal.PlainDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day));
}

function hasValues(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !Array.isArray(value) || value.length > 0;
}

function invalid(message: string): DayRuleResult {
  return { ok: false, code: 'invalid_rrule', message };
}
