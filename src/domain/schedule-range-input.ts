import type { IssueCollector } from './errors.ts';
import { isRecord, reportUnknownFields } from './schedule-json.ts';
import { scheduleLimits, type TimeRange } from './schedule.ts';
import { formatRange, parseTimeOfDay, rangeMinutes } from './schedule-time-of-day.ts';

/**
 * Reads one day's list of ranges at `at` (`/weekly/mon`, `/exceptions/2/hours`). Each range needs
 * `from` (`HH:MM`) and `to` (`HH:MM` or `24:00`) that differ; a `to` before `from` runs past midnight.
 * Ranges of one day must not overlap. Invalid ranges are reported and left out of the result.
 */
export function readRanges(raw: unknown, at: string, issues: IssueCollector): TimeRange[] {
  if (!Array.isArray(raw)) {
    issues.add(at, 'invalid_type', 'must be a list of ranges such as [{ "from": "09:00", "to": "17:30" }]');
    return [];
  }
  if (raw.length > scheduleLimits.maxRangesPerDay) {
    issues.add(at, 'too_many', `may hold at most ${scheduleLimits.maxRangesPerDay} ranges a day`);
    return [];
  }
  const ranges: { range: TimeRange; index: number }[] = [];
  raw.forEach((item: unknown, index) => {
    const range = readRange(item, `${at}/${index}`, issues);
    if (range) ranges.push({ range, index });
  });
  for (let i = 0; i < ranges.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = ranges[i];
      const b = ranges[j];
      if (a && b && overlaps(a.range, b.range)) {
        issues.add(`${at}/${a.index}`, 'overlapping_ranges', `${formatRange(a.range)} overlaps ${formatRange(b.range)} (${at}/${b.index})`);
      }
    }
  }
  return ranges.map((r) => r.range);
}

function readRange(raw: unknown, at: string, issues: IssueCollector): TimeRange | null {
  if (!isRecord(raw)) {
    issues.add(at, 'invalid_type', 'must be a range such as { "from": "09:00", "to": "17:30" }');
    return null;
  }
  reportUnknownFields(raw, ['from', 'to'], at, issues);
  const from = readTime(raw['from'], `${at}/from`, false, issues);
  const to = readTime(raw['to'], `${at}/to`, true, issues);
  if (from === null || to === null) return null;
  if (from.minutes === to.minutes) {
    // Ambiguous between "never" and "all day"; all day is spelt 00:00–24:00.
    issues.add(`${at}/to`, 'empty_range', `must differ from "from" (${from.text}); a whole day is 00:00–24:00`);
    return null;
  }
  return { from: from.text, to: to.text };
}

function readTime(raw: unknown, at: string, isEnd: boolean, issues: IssueCollector): { text: string; minutes: number } | null {
  if (raw === undefined) {
    issues.add(at, 'required', 'is required');
    return null;
  }
  const minutes = typeof raw === 'string' ? parseTimeOfDay(raw, isEnd) : null;
  if (typeof raw !== 'string' || minutes === null) {
    issues.add(at, 'invalid_time', isEnd ? 'must be a local time HH:MM from 00:00 to 24:00' : 'must be a local time HH:MM from 00:00 to 23:59');
    return null;
  }
  return { text: raw, minutes };
}

/** Whether two ranges of the same day share a minute. */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  const x = rangeMinutes(a);
  const y = rangeMinutes(b);
  return x.start < y.end && y.start < x.end;
}
