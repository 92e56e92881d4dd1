import { destinationKey, type Destination } from '../domain/destination.ts';
import type { RingDestination, RingTo, Whisper } from '../domain/flow.ts';
import type { LegFailureEvent } from './call-event.ts';
import type { LegStatus, RingLegState, RingProgress } from './call-state.ts';
import { groupCount, groupRange, ruleName, type CompiledRing, type TargetPathSegment } from './compiled-target.ts';
import type { DecisionBuilder } from './decision-builder.ts';
import { readableDestination, readableSeconds } from './readable-text.ts';
import { RoutingError } from './routing-error.ts';
import type { LegId, LegSpec, TimerId, WhisperStep } from './step.ts';
import type { TargetOutcome } from './target-outcome.ts';

/**
 * How a ring ended for now: still waiting on its legs and timers, answered, out of destinations (the
 * caller moves on to the ring's `noAnswer` target), or abandoned by the caller (`ended`).
 */
export type RingResult = TargetOutcome<RingProgress>;

/** A leg that still holds the ring open: ringing, or answered and hearing the whisper. */
export function isActive(status: LegStatus): boolean {
  return status === 'ringing' || status === 'whispering';
}

/** Who a ring destination rings right now: itself, or for a roster whoever is on call (`why` says so). */
export interface ResolvedDestination {
  readonly destination: Destination;
  readonly label?: string;
  readonly why?: string;
}

/** What a ring needs from outside the flow: who a roster has on call when a group starts; a whisper's words. */
export interface RingContext {
  resolve(to: RingTo, label: string | undefined): ResolvedDestination;
  whisper(whisper: Whisper, legId: LegId): WhisperStep;
}

/** The events a ring reacts to; events for legs it never started are sorted out by the engine. */
export type RingEvent =
  | LegFailureEvent
  | { readonly type: 'answered'; readonly legId: LegId }
  | { readonly type: 'whisperDone'; readonly legId: LegId; readonly accepted: boolean }
  | { readonly type: 'callerHungUp' }
  | { readonly type: 'timer'; readonly timerId: TimerId };

const strategyWords: Record<CompiledRing['strategy'], string> = {
  simultaneous: 'all at the same time',
  sequential: 'one after another',
  custom: 'each after its own delay',
};

/** Starts a ring: its first group rings at once, whatever its planned delay (no dead air). */
export function beginRing(builder: DecisionBuilder, ring: CompiledRing, path: readonly TargetPathSegment[], context: RingContext): RingResult {
  const rule = ruleName(path);
  if (groupCount(ring) === 0) {
    builder.note('ring.empty', 'This ring has no destinations, so the call goes straight to what happens when nobody answers.', { rule });
    return { kind: 'goTo', segment: 'noAnswer', legIds: [] };
  }
  const count = ring.destinations.length;
  const how = count === 1 ? '' : `, ${strategyWords[ring.strategy]}`;
  builder.note('ring.started', `Ringing ${count} destination${count === 1 ? '' : 's'}${how}.`, { rule });
  return ringOn(builder, ring, startNextGroup(builder, ring, { kind: 'ring', path, nextGroup: 0, legs: [], pendingTimer: null }, context), context);
}

/** Applies one event to a running ring. */
export function continueRing(builder: DecisionBuilder, ring: CompiledRing, progress: RingProgress, event: RingEvent, context: RingContext): RingResult {
  const rule = ruleName(progress.path);
  switch (event.type) {
    case 'callerHungUp': {
      builder.note('call.callerHungUp', 'The caller hung up before anyone answered.', { rule });
      stopEverything(builder, ring, progress, 'caller-hung-up', 'the caller hung up');
      return { kind: 'ended', legIds: progress.legs.map((leg) => leg.legId) };
    }
    case 'timer': {
      if (event.timerId !== progress.pendingTimer) {
        builder.note('timer.stale', `Ignored ${event.timerId}: it was cancelled or replaced before it fired.`, {
          rule,
          timerId: event.timerId,
        });
        return { kind: 'waiting', progress };
      }
      const due = ring.dueAfterSeconds[progress.nextGroup] ?? 0;
      builder.note('ring.nextDue', `${readableSeconds(due)} passed and nobody answered yet: the next destination starts ringing.`, {
        rule,
        timerId: event.timerId,
      });
      return ringOn(builder, ring, startNextGroup(builder, ring, { ...progress, pendingTimer: null }, context), context);
    }
    case 'answered':
      return answer(builder, ring, progress, event.legId, context);
    case 'whisperDone':
      return whisperDone(builder, ring, progress, event.legId, event.accepted, context);
    default:
      return fail(builder, ring, progress, event, context);
  }
}

function answer(builder: DecisionBuilder, ring: CompiledRing, progress: RingProgress, legId: LegId, context: RingContext): RingResult {
  const rule = ruleName(progress.path);
  const leg = ownLeg(progress, legId);
  if (leg.status !== 'ringing') {
    builder.note('leg.stale', `Ignored an answer from ${legId}: it had already stopped ringing (${leg.status}).`, { rule, legId });
    return { kind: 'waiting', progress };
  }
  const who = describeLeg(ring, leg);
  builder.note('leg.answered', `${who} answered.`, { rule, legId });
  if (ring.whisper) {
    // The others keep ringing while this person hears who the call is for: if they do not take it
    // (a voicemail cannot press 1), the ring goes on as if they had not answered.
    const step = context.whisper(ring.whisper, legId);
    builder.step(step);
    const accept = step.accept ? `, and must press ${step.accept.key} within ${readableSeconds(step.accept.timeoutSeconds)} to take the call` : '';
    builder.note('leg.whisper', `${who} hears "${step.text}" before being put through${accept}.`, { rule, legId });
    return { kind: 'waiting', progress: { ...progress, legs: withStatus(progress.legs, legId, 'whispering') } };
  }
  return putThrough(builder, ring, progress, legId, who);
}

function whisperDone(builder: DecisionBuilder, ring: CompiledRing, progress: RingProgress, legId: LegId, accepted: boolean, context: RingContext): RingResult {
  const rule = ruleName(progress.path);
  const leg = ownLeg(progress, legId);
  if (leg.status !== 'whispering') {
    builder.note('leg.stale', `Ignored the end of a whisper to ${legId}: it was not hearing one (${leg.status}).`, { rule, legId });
    return { kind: 'waiting', progress };
  }
  const who = describeLeg(ring, leg);
  if (accepted) {
    builder.note('leg.accepted', `${who} took the call.`, { rule, legId });
    return putThrough(builder, ring, progress, legId, who);
  }
  builder.note('leg.notAccepted', `${who} did not accept the call (a voicemail, or no key pressed), so it counts as not answered.`, { rule, legId });
  return afterLegEnded(builder, ring, { ...progress, legs: withStatus(progress.legs, legId, 'notAccepted') }, context);
}

function putThrough(builder: DecisionBuilder, ring: CompiledRing, progress: RingProgress, legId: LegId, who: string): RingResult {
  const rule = ruleName(progress.path);
  // First answer wins: everyone else stops ringing and nobody waiting starts.
  stopEverything(builder, ring, progress, 'answered-elsewhere', `${who} answered first`, legId);
  builder.step({ type: 'connect', legId });
  builder.note('call.connected', `The caller is connected to ${who}.`, { rule, legId });
  return { kind: 'connected', legId, legIds: progress.legs.map((l) => l.legId) };
}

function fail(builder: DecisionBuilder, ring: CompiledRing, progress: RingProgress, event: LegFailureEvent, context: RingContext): RingResult {
  const rule = ruleName(progress.path);
  const leg = ownLeg(progress, event.legId);
  if (!isActive(leg.status)) {
    builder.note('leg.stale', `Ignored "${event.type}" from ${leg.legId}: it had already stopped ringing (${leg.status}).`, {
      rule,
      legId: leg.legId,
    });
    return { kind: 'waiting', progress };
  }
  const who = describeLeg(ring, leg);
  const destination = destinationOf(ring, leg);
  switch (event.type) {
    case 'busy':
      builder.note('leg.busy', `${who} is busy.`, { rule, legId: leg.legId });
      break;
    case 'noAnswer':
      builder.note('leg.noAnswer', `${who} did not answer within ${readableSeconds(destination.ringSeconds)}.`, { rule, legId: leg.legId });
      break;
    case 'unreachable':
      builder.note('leg.unreachable', `${who} could not be reached.`, { rule, legId: leg.legId });
      break;
    case 'rejected':
      // A B2BUA rings people, not a proxy's branches: one person declining on their mobile ends only
      // their leg, so RFC 3261 §16.7's "6xx cancels every branch" deliberately does not apply here.
      builder.note('leg.rejected', `${who} refused the call${event.status ? ` (${event.status})` : ''}.`, {
        rule,
        legId: leg.legId,
        ...(event.status ? { status: event.status } : {}),
      });
      break;
    case 'refused':
      builder.note('leg.refused', `${who} was not called: ${event.reason}.`, { rule, legId: leg.legId });
      break;
  }
  return afterLegEnded(builder, ring, { ...progress, legs: withStatus(progress.legs, leg.legId, event.type) }, context);
}

/** After a leg stopped without taking the call: wait for the others, start the next group now, or give up. */
function afterLegEnded(builder: DecisionBuilder, ring: CompiledRing, after: RingProgress, context: RingContext): RingResult {
  const rule = ruleName(after.path);
  if (after.legs.some((l) => isActive(l.status))) return { kind: 'waiting', progress: after };

  if (after.nextGroup < groupCount(ring)) {
    // No dead air: nothing rings, so the next group starts now; the groups after it keep their
    // spacing because their timers count from the start of the group before them.
    builder.note('ring.pulledForward', 'Nothing is ringing any more, so the next destination starts now instead of waiting.', { rule });
    if (after.pendingTimer) builder.step({ type: 'cancelTimer', timerId: after.pendingTimer });
    return ringOn(builder, ring, startNextGroup(builder, ring, { ...after, pendingTimer: null }, context), context);
  }
  builder.note('ring.noAnswer', 'Nobody answered.', { rule });
  return { kind: 'goTo', segment: 'noAnswer', legIds: after.legs.map((l) => l.legId) };
}

/**
 * After a group started: when it placed no leg (every destination in it was already ringing) and
 * nothing else rings, the next group starts now (no dead air), or the ring is over.
 */
function ringOn(builder: DecisionBuilder, ring: CompiledRing, progress: RingProgress, context: RingContext): RingResult {
  let current = progress;
  while (!current.legs.some((leg) => isActive(leg.status))) {
    if (current.nextGroup >= groupCount(ring)) {
      builder.note('ring.noAnswer', 'Nobody answered.', { rule: ruleName(current.path) });
      return { kind: 'goTo', segment: 'noAnswer', legIds: current.legs.map((l) => l.legId) };
    }
    if (current.pendingTimer) builder.step({ type: 'cancelTimer', timerId: current.pendingTimer });
    current = startNextGroup(builder, ring, { ...current, pendingTimer: null }, context);
  }
  return { kind: 'waiting', progress: current };
}

/**
 * Rings the group at `progress.nextGroup` and, when another follows, sets the timer that starts it.
 * A destination that is ringing already (listed twice, or a roster's member who is also listed) is not
 * rung a second time: one phone never gets two calls from one caller at once.
 */
function startNextGroup(builder: DecisionBuilder, ring: CompiledRing, progress: RingProgress, context: RingContext): RingProgress {
  const rule = ruleName(progress.path);
  const groupIndex = progress.nextGroup;
  if (groupIndex >= groupCount(ring)) throw new RoutingError('invalid_state', `The ring at ${rule} has no group ${groupIndex + 1}`);

  const [first, end] = groupRange(ring, groupIndex);
  const specs: LegSpec[] = [];
  const started: RingLegState[] = [];
  const ringing = new Set(progress.legs.filter((leg) => isActive(leg.status)).map((leg) => destinationKey(resolvedOf(ring, leg))));
  for (let index = first; index < end; index++) {
    const destination = ring.destinations[index]!;
    const resolved = context.resolve(destination.to, destination.label);
    const key = destinationKey(resolved.destination);
    if (ringing.has(key)) {
      builder.note('leg.alreadyRinging', `Not ringing ${readableDestination(resolved.destination, resolved.label)} again: it is ringing already.`, { rule });
      continue;
    }
    ringing.add(key);
    const legId = builder.newLegId();
    specs.push(legSpec(legId, destination, resolved));
    // A roster's member is remembered in the state: later events name the person who was rung.
    started.push(destination.to.kind === 'roster' ? { legId, destination: index, status: 'ringing', rang: resolved } : { legId, destination: index, status: 'ringing' });
    const why = resolved.why ? ` (${resolved.why})` : '';
    builder.note('leg.ringing', `Ringing ${readableDestination(resolved.destination, resolved.label)}${why} for ${readableSeconds(destination.ringSeconds)}.`, {
      rule,
      legId,
    });
  }
  if (specs.length > 0) builder.step({ type: 'ring', legs: specs });

  let pendingTimer: TimerId | null = null;
  if (groupIndex + 1 < groupCount(ring)) {
    pendingTimer = builder.newTimerId();
    builder.step({ type: 'startTimer', timerId: pendingTimer, seconds: ring.dueAfterSeconds[groupIndex + 1] ?? 0 });
  }
  return { kind: 'ring', path: progress.path, nextGroup: groupIndex + 1, legs: [...progress.legs, ...started], pendingTimer };
}

/** Cancels every ringing or whispering leg (but `except`) and the pending timer. */
function stopEverything(
  builder: DecisionBuilder,
  ring: CompiledRing,
  progress: RingProgress,
  reason: 'answered-elsewhere' | 'caller-hung-up',
  because: string,
  except?: LegId,
): void {
  const rule = ruleName(progress.path);
  const ringing = progress.legs.filter((leg) => isActive(leg.status) && leg.legId !== except);
  if (ringing.length > 0) {
    builder.step({ type: 'cancel', legIds: ringing.map((leg) => leg.legId), reason });
    for (const leg of ringing) {
      builder.note('leg.cancelled', `Stopped ringing ${describeLeg(ring, leg)}: ${because}.`, { rule, legId: leg.legId });
    }
  }
  if (progress.pendingTimer) builder.step({ type: 'cancelTimer', timerId: progress.pendingTimer });
}

function legSpec(legId: LegId, destination: RingDestination, resolved: ResolvedDestination): LegSpec {
  return resolved.label
    ? { legId, destination: resolved.destination, label: resolved.label, ringSeconds: destination.ringSeconds }
    : { legId, destination: resolved.destination, ringSeconds: destination.ringSeconds };
}

function ownLeg(progress: RingProgress, legId: LegId): RingLegState {
  const leg = progress.legs.find((l) => l.legId === legId);
  if (!leg) throw new RoutingError('invalid_state', `${legId} is not a leg of the running ring`);
  return leg;
}

function withStatus(legs: readonly RingLegState[], legId: LegId, status: LegStatus): RingLegState[] {
  return legs.map((leg) => (leg.legId === legId ? { ...leg, status } : leg));
}

function destinationOf(ring: CompiledRing, leg: RingLegState): RingDestination {
  const destination = ring.destinations[leg.destination];
  if (!destination) throw new RoutingError('invalid_state', `${leg.legId} points at no destination of this ring`);
  return destination;
}

/** Who a leg rang: the roster member it resolved to, or its destination. */
function resolvedOf(ring: CompiledRing, leg: RingLegState): Destination {
  if (leg.rang) return leg.rang.destination;
  const to = destinationOf(ring, leg).to;
  if (to.kind === 'roster') throw new RoutingError('invalid_state', `${leg.legId} rang a roster but did not record whom`);
  return to;
}

function describeLeg(ring: CompiledRing, leg: RingLegState): string {
  if (leg.rang) return readableDestination(leg.rang.destination, leg.rang.label);
  const destination = destinationOf(ring, leg);
  const to = destination.to;
  return to.kind === 'roster' ? `roster ${to.rosterId}` : readableDestination(to, destination.label);
}

/** True when the ring started this leg (whatever its status now). */
export function isLegOf(progress: RingProgress, legId: LegId): boolean {
  return progress.legs.some((leg) => leg.legId === legId);
}
