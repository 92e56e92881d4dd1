import { looksLikeE164, type E164 } from '../domain/phone-number.ts';
import type { BusinessNumber } from '../domain/business-number.ts';
import type { Target } from '../domain/flow.ts';
import type { NumberId, OrganizationId } from '../domain/ids.ts';
import { compileFlow } from './compile-flow.ts';
import type { CallEvent } from './call-event.ts';
import type { CallerId, CallFacts } from './call-facts.ts';
import type { CallNumberRef, CallState, Running } from './call-state.ts';
import type { CompiledFilter, CompiledNumber, CompiledOrganization } from './compiled-organization.ts';
import { isRootSegment, ruleName, targetAt, type CompiledTarget, type TargetPathSegment } from './compiled-target.ts';
import { combineFilters } from './filter-matcher.ts';
import { scheduleOpenAt } from './schedule-evaluator.ts';
import type { Decision } from './decision.ts';
import { DecisionBuilder } from './decision-builder.ts';
import { runHangup, sipStatusFor } from './hangup-step.ts';
import { readableCaller, readableOutsideNumber, readablePhoneNumber } from './readable-text.ts';
import { beginRing, continueRing, type RingContext, type RingEvent } from './ring-step.ts';
import { beginMenu, continueMenu } from './menu-step.ts';
import { beginAnnouncement, continueAnnouncement } from './announcement-step.ts';
import { beginQueue, continueQueue } from './queue-step.ts';
import type { TargetContext } from './target-context.ts';
import type { TargetOutcome } from './target-outcome.ts';
import { whisperStep, type WhisperValues } from './whisper-text.ts';
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
  if (facts.from.kind === 'number' && facts.from.presentedAs) {
    const { displayName, esn, inRange } = facts.from.presentedAs;
    const what = inRange ? `${esn} in the range ${displayName}` : `the virtual extension ${esn} (${displayName})`;
    builder.note('caller.presented', `${readableCaller(facts.from)} is ${what}: the phones that ring show "${displayName}" and ${esn}.`, {
      rule: 'target',
    });
  }
  const state: CallState = { ...initialState(ref), at: facts.at, caller: facts.from };
  return new CallInProgress(builder, compiled, owning, state).enterFlow(compiled, { orgFilter: owning?.filter ?? null, prefix: [], hops: 0 });
}

/**
 * An internal call: not a call to one of the organization's numbers, but one the dial plan sent to
 * `target` — a ring of a user's phones or of an outside number, or (a `number` target) one of the
 * organization's numbers, whose flow then runs without the organization filter, which is for callers
 * from outside. The state carries the target, so `next` continues from the state alone.
 */
export function startTarget(snapshot: RoutingSnapshot, facts: CallFacts, organizationId: OrganizationId, target: Target): Decision {
  const owning = snapshot.organization(organizationId);
  const builder = new DecisionBuilder(null, 0, 0);
  const state: CallState = { ...initialState(null), at: facts.at, caller: facts.from, direct: { organizationId, target } };
  builder.note('call.internal', `Internal call from ${readableCaller(facts.from)}.`, { rule: 'target' });
  return new CallInProgress(builder, directFlow(organizationId, target), owning, state).enter([]);
}

/** The flow of an internal call: just its target, as if a number without filter or rules held it. */
function directFlow(organizationId: OrganizationId, target: Target): CompiledNumber {
  const number: BusinessNumber = {
    id: internalNumberId,
    organizationId,
    phoneNumber: '' as E164,
    label: 'Internal call',
    flow: { target },
    version: 0,
    createdAt: '',
    updatedAt: '',
  };
  return compileFlow(number);
}

const internalNumberId = 'num_internal' as NumberId;

interface FlowEntry {
  /** The organization's filter, applied only where the call first enters ringroute. */
  readonly orgFilter: CompiledFilter | null;
  /** Where this number's paths start: `[]` for the dialled number, `['number', id]` for one reached by a `number` target. */
  readonly prefix: readonly string[];
  /** How many `number` targets this decision has followed, against loops that slipped past validation. */
  readonly hops: number;
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
    case 'announcement': {
      if (verdict.entryIndex === undefined) {
        throw new RoutingError('invalid_state', 'An announcement must come from a filter entry');
      }
      // Compiled as a target of its own: the announcement, then the call is declined.
      builder.note('filter.blocked', `Call filter: ${verdict.reason}; the caller hears an announcement, then the call ends.`, { rule: ruleRef });
      return { kind: 'reroute', path: [...rootPath, String(verdict.entryIndex)] };
    }
    case 'reject':
    case 'busy': {
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
  if (state.format !== 2) throw new RoutingError('invalid_state', `Unknown call state format ${String(state.format)}`);
  const builder = new DecisionBuilder(state.number, state.legsIssued, state.timersIssued, state.playsIssued);
  if (state.phase !== 'routing') {
    const was = state.phase === 'connected' ? 'connected' : 'over';
    builder.note('call.alreadyEnded', `Ignored "${event.type}": the call was already ${was}.`, eventIds(event));
    return finish(builder, state);
  }

  const compiled = numberOfCall(snapshot, state);
  const owning = snapshot.organization(compiled.number.organizationId);
  const running = state.running;
  if (!running) throw new RoutingError('invalid_state', 'A routing call state must have a running target');
  const target = resolveTarget(compiled, owning, running.path);
  if (target?.type !== running.kind) throw new RoutingError('invalid_state', `No ${running.kind} at ${ruleName(running.path)}`);

  if ('legId' in event && (running.kind === 'ring' || running.kind === 'queue') && !running.legs.some((leg) => leg.legId === event.legId)) {
    if (state.pastLegIds.includes(event.legId)) {
      builder.note('leg.stale', `Ignored "${event.type}" from ${event.legId}: it belongs to a ring that already finished.`, { legId: event.legId });
    } else {
      builder.note('leg.unknown', `Ignored "${event.type}" for ${event.legId}, which this call never started.`, { legId: event.legId });
    }
    return finish(builder, state);
  }

  const call = new CallInProgress(builder, compiled, owning, state);
  const context = call.context;
  switch (running.kind) {
    case 'ring': {
      if (target.type !== 'ring') break;
      if (!isRingEvent(event)) {
        builder.note('event.ignored', `Ignored "${event.type}": the call is ringing.`, { rule: ruleName(running.path) });
        return finish(builder, state);
      }
      return call.after(running.path, continueRing(builder, target, running, event, context.ring));
    }
    case 'menu':
      if (target.type !== 'menu') break;
      return call.after(running.path, continueMenu(context, target, running, event));
    case 'announcement':
      return call.after(running.path, continueAnnouncement(context, running, event));
    case 'queue':
      if (target.type !== 'queue') break;
      return call.after(running.path, continueQueue(context, target, running, event));
  }
  throw new RoutingError('invalid_state', `No ${running.kind} at ${ruleName(running.path)}`);
}

function isRingEvent(event: CallEvent): event is RingEvent {
  return event.type !== 'promptDone' && event.type !== 'digits' && event.type !== 'queueState';
}

/**
 * One decision about one call: the call's state as it changes while targets run, the steps and trace
 * collected in the builder, and the context the targets need. Lives for one `start` or `next`.
 */
class CallInProgress {
  readonly context: TargetContext;
  private state: CallState;
  private readonly builder: DecisionBuilder;
  private readonly compiled: CompiledNumber;
  private readonly owning: CompiledOrganization | undefined;

  constructor(builder: DecisionBuilder, compiled: CompiledNumber, owning: CompiledOrganization | undefined, state: CallState) {
    this.builder = builder;
    this.compiled = compiled;
    this.owning = owning;
    this.state = state;
    const ring = ringContext(owning, state.at ?? 0, whisperValues(compiled, state.number, state.caller));
    this.context = {
      builder,
      ring,
      answerCaller: (rule) => {
        if (this.state.answered) return;
        this.state = { ...this.state, answered: true };
        builder.step({ type: 'answer' });
        builder.note('call.answered', 'ringroute answers the call, so the caller can hear prompts and make choices.', { rule });
      },
      queue: (queueId) => owning?.queues.get(queueId),
    };
  }

  /** Continues after a running target took an event or started. */
  after(path: readonly TargetPathSegment[], outcome: TargetOutcome<Running>): Decision {
    switch (outcome.kind) {
      case 'waiting':
        return finish(this.builder, { ...this.state, phase: 'routing', running: outcome.progress });
      case 'connected':
        return finish(this.builder, { ...this.state, phase: 'connected', running: null, connectedLegId: outcome.legId, pastLegIds: [...this.state.pastLegIds, ...outcome.legIds] });
      case 'ended':
        return finish(this.builder, { ...this.state, phase: 'ended', running: null, pastLegIds: [...this.state.pastLegIds, ...outcome.legIds] });
      case 'goTo':
        this.state = { ...this.state, running: null, pastLegIds: [...this.state.pastLegIds, ...outcome.legIds] };
        return this.enter([...path, outcome.segment]);
    }
  }

  /** Runs the target at `path` until it waits for events or ends the call. */
  enter(path: readonly TargetPathSegment[], hops = 0): Decision {
    const { builder, compiled, owning } = this;
    const target = resolveTarget(compiled, owning, path);
    if (!target) throw new RoutingError('invalid_state', `No target at ${ruleName(path)}`);
    // Nesting is bounded by maxTargetDepth at compile time, so this recursion is too.
    switch (target.type) {
      case 'hangup':
        runHangup(builder, target, path, this.state.answered);
        return finish(builder, { ...this.state, phase: 'ended', running: null });
      case 'ring':
        return this.after(path, beginRing(builder, target, path, this.context.ring));
      case 'menu':
        return this.after(path, beginMenu(this.context, target, path));
      case 'announcement':
        return this.after(path, beginAnnouncement(this.context, target, path));
      case 'queue':
        return this.after(path, beginQueue(this.context, target, path));
      case 'number':
        return this.enterNumber(path, target.numberId, hops);
    }
  }

  /** A number's flow from the top: the filters, then the schedule rules, then its target. */
  enterFlow(compiled: CompiledNumber, entry: FlowEntry): Decision {
    const { builder, owning } = this;
    const caller = this.state.caller ?? { kind: 'anonymous' };
    // 1. The call filters: the organization's (on entry), then the number's own.
    const filtered = applyFilters(builder, entry.orgFilter, compiled.filter, caller, entry.prefix);
    if (filtered) return filtered.kind === 'reroute' ? this.enter(filtered.path, entry.hops) : finish(builder, { ...this.state, phase: 'ended' });

    // 2. The schedule rules, in order: the first that holds decides.
    const rule = firstMatchingRule(builder, owning, compiled, this.state.at ?? 0, entry.prefix);
    if (rule !== null) return this.enter([...entry.prefix, 'rules', String(rule)], entry.hops);

    // 3. Otherwise the flow's target.
    return this.enter(entry.prefix, entry.hops);
  }

  private enterNumber(path: readonly TargetPathSegment[], numberId: string, hops: number): Decision {
    const { builder, owning } = this;
    const other = owning?.numbersById.get(numberId);
    if (!other || hops >= maxNumberHops) {
      const why = other ? `more than ${maxNumberHops} numbers in a row` : `number ${numberId} no longer exists`;
      runHangup(builder, { type: 'hangup', reason: 'unavailable' }, path, this.state.answered, `Cannot continue in another number's flow (${why})`);
      return finish(builder, { ...this.state, phase: 'ended', running: null });
    }
    const label = other.number.label ? `${other.number.label} (${readablePhoneNumber(other.number.phoneNumber)})` : readablePhoneNumber(other.number.phoneNumber);
    builder.note('number.followed', `The call continues as a call to ${label}.`, { rule: ruleName(path) });
    return this.enterFlow(other, { orgFilter: null, prefix: ['number', other.number.id], hops: hops + 1 });
  }
}

/** The most `number` targets one call follows in a row: saving a flow refuses loops, this stops any that slip through. */
const maxNumberHops = 8;

/** The call's number in `snapshot`, refusing a snapshot whose number is not the one the call started on. */
function numberOfCall(snapshot: RoutingSnapshot, state: CallState): CompiledNumber {
  if (state.direct) return directFlow(state.direct.organizationId, state.direct.target);
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
function ringContext(owning: CompiledOrganization | undefined, at: number, values: WhisperValues): RingContext {
  return {
    whisper: (whisper, legId) => whisperStep(whisper, legId, values),
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

/** What a whisper's placeholders say on this call: the dialled number's label and number, and the caller. */
function whisperValues(compiled: CompiledNumber, ref: CallNumberRef | null, caller: CallerId | undefined): WhisperValues {
  const dialled = readablePhoneNumber(ref?.e164 ?? compiled.number.phoneNumber);
  const label = compiled.number.label || dialled;
  const from = caller?.kind === 'number' ? readableOutsideNumber(caller.e164) : 'an anonymous caller';
  return { label, dialledNumber: dialled, caller: from };
}

function initialState(number: CallNumberRef | null): CallState {
  return {
    format: 2,
    phase: 'routing',
    number,
    running: null,
    answered: false,
    connectedLegId: null,
    pastLegIds: [],
    legsIssued: 0,
    timersIssued: 0,
    playsIssued: 0,
  };
}

function finish(builder: DecisionBuilder, state: CallState): Decision {
  const settled: CallState = { ...state, legsIssued: builder.legsIssued, timersIssued: builder.timersIssued, playsIssued: builder.playsIssued };
  return { state: settled, steps: builder.steps, trace: builder.trace, done: settled.phase !== 'routing' };
}

function eventIds(event: CallEvent): { legId?: LegId; timerId?: TimerId } {
  if ('legId' in event) return { legId: event.legId };
  if (event.type === 'timer') return { timerId: event.timerId };
  return {};
}
