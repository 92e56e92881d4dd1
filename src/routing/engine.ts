import { looksLikeE164, type E164 } from '../domain/phone-number.ts';
import type { CallEvent } from './call-event.ts';
import type { CallerId, CallFacts } from './call-facts.ts';
import type { CallNumberRef, CallState } from './call-state.ts';
import type { CompiledFilter, CompiledNumber, CompiledOrganization } from './compiled-organization.ts';
import { isRootSegment, ruleName, targetAt, type CompiledTarget, type TargetPathSegment } from './compiled-target.ts';
import { combineFilters } from './filter-matcher.ts';
import { scheduleOpenAt } from './schedule-evaluator.ts';
import type { Decision } from './decision.ts';
import { DecisionBuilder } from './decision-builder.ts';
import { runHangup, sipStatusFor } from './hangup-step.ts';
import { readableCaller, readableOutsideNumber, readablePhoneNumber } from './readable-text.ts';
import { beginRing, continueRing, isLegOf, type RingContext, type RingResult } from './ring-step.ts';
import { onCallAt } from './roster-evaluator.ts';
import { RoutingError } from './routing-error.ts';
import type { RoutingSnapshot } from './snapshot.ts';
import type { LegId, TimerId } from './step.ts';

/**
 * The routing engine: a pure state machine over one call. `start` decides what a new call does;
 * `next` applies one event to the state the previous decision returned. No I/O, no clock, no
 * randomness: the same snapshot, facts and events always give the same decisions, which is what
 * lets the simulator show exactly what a live call will do.
 */
export function start(snapshot: RoutingSnapshot, facts: CallFacts): Decision {
  const compiled = looksLikeE164(facts.to) ? snapshot.lookupNumber(facts.to as E164) : undefined;
  if (!compiled) {
    const builder = new DecisionBuilder(null, 0, 0);
    const status = sipStatusFor('not-found');
    builder.step({ type: 'reject', status, reason: 'not-found' });
    builder.note('number.notFound', `No organization has this number (${readableOutsideNumber(facts.to)}), so the call is refused (${status}).`, {
      status,
    });
    return finish(builder, { ...initialState(null), phase: 'ended' });
  }

  const { number } = compiled;
  const ref: CallNumberRef = {
    organizationId: number.organizationId,
    numberId: number.id,
    e164: number.phoneNumber,
    version: number.version,
  };
  const builder = new DecisionBuilder(ref, 0, 0);
  const owning = snapshot.organization(number.organizationId);
  const organization = owning?.organization;
  const owner = organization ? ` of ${organization.name}` : '';
  const name = number.label ? `${number.label} (${readablePhoneNumber(number.phoneNumber)})` : readablePhoneNumber(number.phoneNumber);
  builder.note('number.matched', `Call to ${name}${owner} from ${readableCaller(facts.from)}.`, { rule: 'target' });
  const state: CallState = { ...initialState(ref), at: facts.at, caller: facts.from };
  return enterFlow(builder, compiled, owning, state, { orgFilter: owning?.filter ?? null, prefix: [], hops: 0 });
}

interface FlowEntry {
  /** The organization's filter, applied only where the call first enters ringroute. */
  readonly orgFilter: CompiledFilter | null;
  /** Where this number's paths start: `[]` for the dialled number, `['number', id]` for one reached by a `number` target. */
  readonly prefix: readonly string[];
  /** How many `number` targets this decision has followed, against loops that slipped past validation. */
  readonly hops: number;
}

/** A number's flow from the top: the filters, then the schedule rules, then its target. */
function enterFlow(builder: DecisionBuilder, compiled: CompiledNumber, owning: CompiledOrganization | undefined, state: CallState, entry: FlowEntry): Decision {
  const caller = state.caller ?? { kind: 'anonymous' };
  // 1. The call filters: the organization's (on entry), then the number's own.
  const filtered = applyFilters(builder, entry.orgFilter, compiled.filter, caller, entry.prefix);
  if (filtered) return filtered.kind === 'reroute' ? enterTarget(builder, compiled, owning, filtered.path, state, entry.hops) : finish(builder, { ...state, phase: 'ended' });

  // 2. The schedule rules, in order: the first that holds decides.
  const rule = firstMatchingRule(builder, owning, compiled, state.at ?? 0, entry.prefix);
  if (rule !== null) return enterTarget(builder, compiled, owning, [...entry.prefix, 'rules', String(rule)], state, entry.hops);

  // 3. Otherwise the flow's target.
  return enterTarget(builder, compiled, owning, entry.prefix, state, entry.hops);
}

/**
 * Runs the call filters. Returns null when the call goes on; `ended` when a filter refused it (the
 * reject step is already in `builder`); `reroute` with the path of the target it sends the call to.
 */
function applyFilters(
  builder: DecisionBuilder,
  orgFilter: CompiledFilter | null,
  numberFilter: CompiledFilter | null,
  caller: CallerId,
  prefix: readonly string[],
): { kind: 'ended' } | { kind: 'reroute'; path: readonly string[] } | null {
  if (!orgFilter && !numberFilter) return null;
  const verdict = combineFilters(orgFilter?.filter ?? null, numberFilter?.filter ?? null, caller);
  const rootPath = verdict.scope === 'organization' ? ['orgFilter'] : [...prefix, 'filter'];
  const rule = rootPath.join('.');
  const ruleRef = verdict.entryIndex === undefined ? rule : `${rule}.${verdict.entryIndex}`;
  if (verdict.verdict === 'pass') {
    builder.note('filter.passed', `Call filter: ${verdict.reason}.`, { rule: ruleRef });
    return null;
  }
  const action = verdict.action;
  switch (action.kind) {
    case 'reject':
    case 'busy':
    case 'announcement': {
      // An announcement needs audio, which arrives with media; until then the caller is refused as declined.
      const reason = action.kind === 'busy' ? 'busy' : 'declined';
      const status = sipStatusFor(reason);
      builder.step({ type: 'reject', status, reason });
      builder.note('filter.blocked', `Call filter: ${verdict.reason}; the call is refused (${status}).`, { rule: ruleRef, status });
      return { kind: 'ended' };
    }
    case 'reroute': {
      if (verdict.entryIndex === undefined) throw new RoutingError('invalid_state', 'A reroute must come from a filter entry');
      builder.note('filter.rerouted', `Call filter: ${verdict.reason}; the call is sent elsewhere.`, { rule: ruleRef });
      return { kind: 'reroute', path: [...rootPath, String(verdict.entryIndex)] };
    }
  }
}

/** The index of the first schedule rule that holds at `at`, with a trace line per rule looked at. */
function firstMatchingRule(builder: DecisionBuilder, owning: CompiledOrganization | undefined, compiled: CompiledNumber, at: number, prefix: readonly string[]): number | null {
  for (let index = 0; index < compiled.rules.length; index++) {
    const rule = compiled.rules[index]!;
    const name = rule.name ? `"${rule.name}"` : `rule ${index + 1}`;
    const schedule = owning?.schedules.get(rule.scheduleId);
    const ruleRef = [...prefix, 'rules', String(index)].join('.');
    if (!schedule) {
      builder.note('rule.scheduleMissing', `Skipped ${name}: its schedule ${rule.scheduleId} no longer exists.`, { rule: ruleRef });
      continue;
    }
    const state = scheduleOpenAt(schedule, at);
    const holds = state.open === (rule.when === 'open');
    const where = `schedule "${schedule.name}"`;
    if (holds) {
      builder.note('rule.matched', `${capitalise(name)} applies (when ${rule.when}): ${state.reason} in ${where}.`, { rule: ruleRef });
      return index;
    }
    builder.note('rule.notMatched', `${capitalise(name)} does not apply (when ${rule.when}): ${state.reason} in ${where}.`, { rule: ruleRef });
  }
  return null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The root target a path starts from: a rule's, a filter entry's reroute, or the flow's own. */
function rootOf(compiled: CompiledNumber, owning: CompiledOrganization | undefined, path: readonly string[]): { root: CompiledTarget | undefined; rest: readonly string[] } {
  const [first, index] = path;
  if (!isRootSegment(first)) return { root: compiled.target, rest: path };
  const i = Number(index);
  const rest = path.slice(2);
  switch (first) {
    case 'number': {
      // A path inside another number's flow, reached through a `number` target: resolve it there.
      const other = owning?.numbersById.get(index ?? '');
      return other ? rootOf(other, owning, rest) : { root: undefined, rest };
    }
    case 'rules':
      return { root: compiled.rules[i]?.target, rest };
    case 'filter':
      return { root: compiled.filter?.reroutes.get(i), rest };
    case 'orgFilter':
      return { root: owning?.filter?.reroutes.get(i), rest };
  }
}

function resolveTarget(compiled: CompiledNumber, owning: CompiledOrganization | undefined, path: readonly string[]): CompiledTarget | undefined {
  const { root, rest } = rootOf(compiled, owning, path);
  return root ? targetAt(root, rest) : undefined;
}

/** Applies one event to a call. `snapshot` must be the snapshot the call started with. */
export function next(snapshot: RoutingSnapshot, state: CallState, event: CallEvent): Decision {
  if (state.format !== 1) throw new RoutingError('invalid_state', `Unknown call state format ${String(state.format)}`);
  const builder = new DecisionBuilder(state.number, state.legsIssued, state.timersIssued);
  if (state.phase !== 'routing') {
    const was = state.phase === 'connected' ? 'connected' : 'over';
    builder.note('call.alreadyEnded', `Ignored "${event.type}": the call was already ${was}.`, eventIds(event));
    return finish(builder, state);
  }

  const compiled = numberOfCall(snapshot, state);
  const owning = snapshot.organization(compiled.number.organizationId);
  const progress = state.ring;
  if (!progress) throw new RoutingError('invalid_state', 'A routing call state must have a running ring');
  const ring = resolveTarget(compiled, owning, progress.path);
  if (ring?.type !== 'ring') throw new RoutingError('invalid_state', `No ring at target.${progress.path.join('.')}`);

  if ('legId' in event && !isLegOf(progress, event.legId)) {
    if (state.pastLegIds.includes(event.legId)) {
      builder.note('leg.stale', `Ignored "${event.type}" from ${event.legId}: it belongs to a ring that already finished.`, { legId: event.legId });
    } else {
      builder.note('leg.unknown', `Ignored "${event.type}" for ${event.legId}, which this call never started.`, { legId: event.legId });
    }
    return finish(builder, state);
  }

  const result = continueRing(builder, ring, progress, event, ringContext(owning, state.at ?? 0));
  return afterRing(builder, compiled, owning, progress.path, state, result);
}

function afterRing(
  builder: DecisionBuilder,
  compiled: CompiledNumber,
  owning: CompiledOrganization | undefined,
  path: readonly TargetPathSegment[],
  state: CallState,
  result: RingResult,
): Decision {
  switch (result.kind) {
    case 'waiting':
      return finish(builder, { ...state, phase: 'routing', ring: result.progress });
    case 'connected':
      return finish(builder, { ...state, phase: 'connected', ring: null, connectedLegId: result.legId, pastLegIds: [...state.pastLegIds, ...result.legIds] });
    case 'abandoned':
      return finish(builder, { ...state, phase: 'ended', ring: null, pastLegIds: [...state.pastLegIds, ...result.legIds] });
    case 'exhausted':
      return enterTarget(builder, compiled, owning, [...path, 'noAnswer'], { ...state, ring: null, pastLegIds: [...state.pastLegIds, ...result.legIds] });
  }
}

/** Runs the target at `path` until it waits for events or ends the call. */
function enterTarget(
  builder: DecisionBuilder,
  compiled: CompiledNumber,
  owning: CompiledOrganization | undefined,
  path: readonly TargetPathSegment[],
  state: CallState,
  hops = 0,
): Decision {
  const target = resolveTarget(compiled, owning, path);
  if (!target) throw new RoutingError('invalid_state', `No target at ${ruleName(path)}`);
  switch (target.type) {
    case 'hangup':
      runHangup(builder, target, path);
      return finish(builder, { ...state, phase: 'ended', ring: null });
    case 'ring':
      // Nesting is bounded by maxTargetDepth at compile time, so this recursion is too.
      return afterRing(builder, compiled, owning, path, state, beginRing(builder, target, path, ringContext(owning, state.at ?? 0)));
    case 'number':
      return enterNumber(builder, compiled, owning, path, state, target.numberId, hops);
  }
}

/** The most `number` targets one call follows in a row: saving a flow refuses loops, this stops any that slip through. */
const maxNumberHops = 8;

function enterNumber(
  builder: DecisionBuilder,
  compiled: CompiledNumber,
  owning: CompiledOrganization | undefined,
  path: readonly TargetPathSegment[],
  state: CallState,
  numberId: string,
  hops: number,
): Decision {
  const other = owning?.numbersById.get(numberId);
  if (!other || hops >= maxNumberHops) {
    const why = other ? `more than ${maxNumberHops} numbers in a row` : `number ${numberId} no longer exists`;
    const status = sipStatusFor('unavailable');
    builder.step({ type: 'reject', status, reason: 'unavailable' });
    builder.note('call.rejected', `Cannot continue in another number's flow (${why}), so the call is refused (${status}).`, { rule: ruleName(path), status });
    return finish(builder, { ...state, phase: 'ended', ring: null });
  }
  const label = other.number.label ? `${other.number.label} (${readablePhoneNumber(other.number.phoneNumber)})` : readablePhoneNumber(other.number.phoneNumber);
  builder.note('number.followed', `The call continues as a call to ${label}.`, { rule: ruleName(path) });
  return enterFlow(builder, other, owning, state, { orgFilter: null, prefix: ['number', other.number.id], hops: hops + 1 });
}

/** The call's number in `snapshot`, refusing a snapshot whose number is not the one the call started on. */
function numberOfCall(snapshot: RoutingSnapshot, state: CallState): CompiledNumber {
  const ref = state.number;
  if (!ref) throw new RoutingError('invalid_state', 'A routing call state must name its number');
  const compiled = snapshot.lookupNumber(ref.e164);
  if (!compiled || compiled.number.id !== ref.numberId || compiled.number.version !== ref.version) {
    throw new RoutingError(
      'snapshot_mismatch',
      `The snapshot does not hold version ${ref.version} of number ${ref.numberId} (${ref.e164}); pass the snapshot the call started with`,
    );
  }
  return compiled;
}

/**
 * How a ring reaches its destinations: phone numbers and SIP URIs as they are; a roster through who it
 * has on call at the instant the call arrived (the same answer for the whole call, so a handover during
 * a ring does not switch people mid-call).
 */
function ringContext(owning: CompiledOrganization | undefined, at: number): RingContext {
  return {
    resolve(to, label) {
      if (to.kind !== 'roster') return label === undefined ? { destination: to } : { destination: to, label };
      const roster = owning?.rosters.get(to.rosterId);
      if (!roster) throw new RoutingError('invalid_flow', `roster ${to.rosterId} no longer exists`);
      const onCall = onCallAt(roster, at);
      const who = label ?? onCall.member.label;
      return { destination: onCall.member.destination, ...(who !== undefined ? { label: who } : {}), why: `${onCall.reason}, roster "${roster.name}"` };
    },
  };
}

function initialState(number: CallNumberRef | null): CallState {
  return { format: 1, phase: 'routing', number, ring: null, connectedLegId: null, pastLegIds: [], legsIssued: 0, timersIssued: 0 };
}

function finish(builder: DecisionBuilder, state: CallState): Decision {
  const settled: CallState = { ...state, legsIssued: builder.legsIssued, timersIssued: builder.timersIssued };
  return { state: settled, steps: builder.steps, trace: builder.trace, done: settled.phase !== 'routing' };
}

function eventIds(event: CallEvent): { legId?: LegId; timerId?: TimerId } {
  if ('legId' in event) return { legId: event.legId };
  if (event.type === 'timer') return { timerId: event.timerId };
  return {};
}
