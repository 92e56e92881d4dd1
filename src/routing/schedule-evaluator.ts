import { Temporal } from 'temporal-polyfill';
import type { ScheduleSettings, TimeRange, Weekday } from '../domain/schedule.ts';
import { weekdayNames } from '../domain/schedule.ts';
import { formatRange } from '../domain/schedule-time-of-day.ts';
import { buildDayPlan, type DayPlan, type PlanInterval } from './schedule-day-plan.ts';
import { compileExceptionMatcher } from './schedule-exception-match.ts';

/** What decided a schedule's state. `index` is the exception's position in the schedule's list. */
export type ScheduleStateSource =
  | { readonly kind: 'override' }
  | { readonly kind: 'exception'; readonly index: number; readonly name: string }
  | { readonly kind: 'weekly'; readonly day: Weekday; readonly range?: TimeRange };

export interface ScheduleState {
  readonly open: boolean;
  /** Why, in plain words for the simulator's trace: `open: Monday 09:00–17:30`. */
  readonly reason: string;
  readonly source: ScheduleStateSource;
  /**
   * The next instant (epoch ms) at which `open` flips, when that is within `changeHorizonDays`
   * days; absent when the state stays the same at least that long.
   */
  readonly changesAt?: number;
}

/** How far ahead `changesAt` is looked for: a week covers every weekly pattern, plus a day either side. */
export const changeHorizonDays = 8;

/**
 * Whether a schedule is open at an instant, and why. Pure: the instant is an input and nothing else is
 * read. Precedence: an override still in force (`at` before its `until`), then the first exception
 * on the local date in the schedule's zone, then the weekly hours. A range belongs to the date it
 * starts on: Friday 22:00–02:00 keeps the line open at 01:00 on Saturday, unless Saturday has a
 * whole-day exception (an exception's day is the whole local date) or closed hours covering 01:00.
 */
export function scheduleStateAt(schedule: ScheduleSettings, at: number): ScheduleState {
  const compiled = compile(schedule);
  const known = compiled.segments.find((s) => s.from <= at && at < s.to);
  if (known) return known.state;
  const state = stateAt(compiled, at);
  const { segment, changesAt } = nextChange(compiled, at, state.open);
  const result = changesAt === undefined ? state : { ...state, changesAt };
  if (compiled.segments.length >= maxCachedSegments) compiled.segments.shift();
  compiled.segments.push({ ...segment, state: result });
  return result;
}

/**
 * Whether a schedule is open at an instant, and why, without `changesAt`: what a call needs. Looking
 * ahead for the next change costs more than the answer itself (up to eight day plans), so the engine
 * asks this; `scheduleStateAt` is for people asking "until when?".
 */
export function scheduleOpenAt(schedule: ScheduleSettings, at: number): Omit<ScheduleState, 'changesAt'> {
  const compiled = compile(schedule);
  const known = compiled.segments.find((s) => s.from <= at && at < s.to);
  return known ? known.state : stateAt(compiled, at);
}

interface CompiledSchedule {
  readonly schedule: ScheduleSettings;
  readonly overrideUntil: number | null;
  readonly matchException: (date: Temporal.PlainDate) => number;
  /** Day plans by date text: the same dates are asked about again and again. Bounded, see `dayPlan`. */
  readonly plans: Map<string, DayPlan>;
  /**
   * Answers already given, each valid for a span between two instants where something could change
   * (see `nextChange`): within it the state, reason and `changesAt` are all the same.
   */
  readonly segments: { readonly from: number; readonly to: number; readonly state: ScheduleState }[];
}

const maxCachedPlans = 64;
const maxCachedSegments = 16;

// Schedules are immutable values, so a compiled form can hang off the object itself.
const compiledSchedules = new WeakMap<ScheduleSettings, CompiledSchedule>();

function compile(schedule: ScheduleSettings): CompiledSchedule {
  const known = compiledSchedules.get(schedule);
  if (known) return known;
  const compiled: CompiledSchedule = {
    schedule,
    overrideUntil: schedule.override ? Temporal.Instant.from(schedule.override.until).epochMilliseconds : null,
    matchException: compileExceptionMatcher(schedule.exceptions),
    plans: new Map(),
    segments: [],
  };
  compiledSchedules.set(schedule, compiled);
  return compiled;
}

function dayPlan(compiled: CompiledSchedule, date: Temporal.PlainDate): DayPlan {
  const key = date.toString();
  const known = compiled.plans.get(key);
  if (known) return known;
  const plan = buildDayPlan(compiled.schedule, date, compiled.matchException(date));
  if (compiled.plans.size >= maxCachedPlans) compiled.plans.clear();
  compiled.plans.set(key, plan);
  return plan;
}

function localDate(compiled: CompiledSchedule, at: number): Temporal.PlainDate {
  // A day already planned knows its instants: cheaper than asking Temporal for the zone's offset.
  for (const plan of compiled.plans.values()) if (plan.start <= at && at < plan.end) return plan.date;
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(compiled.schedule.timeZone).toPlainDate();
}

function stateAt(compiled: CompiledSchedule, at: number): ScheduleState {
  const { schedule, overrideUntil } = compiled;
  if (schedule.override && overrideUntil !== null && at < overrideUntil) {
    const { state, reason } = schedule.override;
    const until = formatUntil(compiled, overrideUntil, at);
    return { open: state === 'open', reason: `${state}: forced ${state} until ${until}${reason ? ` (${reason})` : ''}`, source: { kind: 'override' } };
  }
  const date = localDate(compiled, at);
  const today = dayPlan(compiled, date);
  if (today.exception && today.wholeDay) {
    const { index, exception } = today.exception;
    const reason =
      today.wholeDay === 'closed'
        ? `closed: ${today.date.toString()} is holiday "${exception.name}"`
        : `open: ${today.date.toString()} is "${exception.name}", open all day`;
    return { open: today.wholeDay === 'open', reason, source: { kind: 'exception', index, name: exception.name } };
  }
  const yesterday = dayPlan(compiled, date.subtract({ days: 1 }));
  const covering = [...yesterday.intervals, ...today.intervals].filter((i) => i.start <= at && at < i.end);
  // Closed hours of an exception win over any opening hours they overlap.
  const hit = covering.find((i) => i.state === 'closed') ?? covering[0];
  const planOf = hit && yesterday.intervals.includes(hit) ? yesterday : today;
  if (hit) return intervalState(hit, planOf);
  if (today.exception) {
    const { index, exception } = today.exception;
    const hours = (exception.hours ?? []).map(formatRange).join(', ');
    return {
      open: false,
      reason: `closed: ${today.date.toString()} is "${exception.name}", open ${hours} only`,
      source: { kind: 'exception', index, name: exception.name },
    };
  }
  return { open: false, reason: `closed: outside opening hours (${weekdayNames[today.weekday]})`, source: { kind: 'weekly', day: today.weekday } };
}

function intervalState(interval: PlanInterval, plan: DayPlan): ScheduleState {
  const { range, source } = interval;
  if (source.kind === 'weekly') {
    return { open: true, reason: `open: ${weekdayNames[source.day]} ${formatRange(range)}`, source: { kind: 'weekly', day: source.day, range } };
  }
  const { index, exception } = source;
  const reason =
    interval.state === 'closed'
      ? `closed: ${plan.date.toString()} ${formatRange(range)} is closed for "${exception.name}"`
      : `open: ${plan.date.toString()} "${exception.name}" special hours ${formatRange(range)}`;
  return { open: interval.state === 'open', reason, source: { kind: 'exception', index, name: exception.name } };
}

/** `15:00` when `until` is on the same local date as `at`, `2026-12-25 15:00` otherwise. */
function formatUntil(compiled: CompiledSchedule, until: number, at: number): string {
  const zone = compiled.schedule.timeZone;
  const end = Temporal.Instant.fromEpochMilliseconds(until).toZonedDateTimeISO(zone);
  const time = end.toPlainTime().toString({ smallestUnit: 'minute' });
  return end.toPlainDate().equals(localDate(compiled, at)) ? time : `${end.toPlainDate().toString()} ${time}`;
}

/**
 * The first instant after `at` where `open` differs, searched among the only instants where anything
 * can change: range ends, date boundaries (exceptions go by date) and the override's end. Also the
 * span around `at` between two such instants, over which the whole answer stays the same.
 */
function nextChange(compiled: CompiledSchedule, at: number, open: boolean): { segment: { from: number; to: number }; changesAt: number | undefined } {
  const start = localDate(compiled, at);
  const candidates = new Set<number>();
  // Also when already past: it bounds the span the answer is remembered for.
  if (compiled.overrideUntil !== null) candidates.add(compiled.overrideUntil);
  for (let d = -1; d <= changeHorizonDays; d++) {
    const plan = dayPlan(compiled, start.add({ days: d }));
    candidates.add(plan.start);
    candidates.add(plan.end);
    for (const i of plan.intervals) {
      candidates.add(i.start);
      candidates.add(i.end);
    }
  }
  const all = [...candidates].sort((a, b) => a - b);
  const later = all.filter((c) => c > at);
  const from = all.filter((c) => c <= at).pop() ?? at;
  const segment = { from, to: later[0] ?? at + 1 };
  return { segment, changesAt: later.find((c) => stateAt(compiled, c).open !== open) };
}
