import { looksLikeE164, type E164 } from '../domain/phone-number.ts';
import type { CallEvent } from './call-event.ts';
import type { CallFacts } from './call-facts.ts';
import type { CallNumberRef, CallState } from './call-state.ts';
import type { CompiledNumber } from './compiled-organization.ts';
import { targetAt, type TargetPathSegment } from './compiled-target.ts';
import type { Decision } from './decision.ts';
import { DecisionBuilder } from './decision-builder.ts';
import { runHangup, sipStatusFor } from './hangup-step.ts';
import { readableCaller, readableOutsideNumber, readablePhoneNumber } from './readable-text.ts';
import { beginRing, continueRing, isLegOf, type RingResult } from './ring-step.ts';
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
  const organization = snapshot.organization(number.organizationId)?.organization;
  const owner = organization ? ` of ${organization.name}` : '';
  const name = number.label ? `${number.label} (${readablePhoneNumber(number.phoneNumber)})` : readablePhoneNumber(number.phoneNumber);
  builder.note('number.matched', `Call to ${name}${owner} from ${readableCaller(facts.from)}.`, { rule: 'target' });
  return enterTarget(builder, compiled, [], initialState(ref));
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
  const progress = state.ring;
  if (!progress) throw new RoutingError('invalid_state', 'A routing call state must have a running ring');
  const ring = targetAt(compiled.target, progress.path);
  if (ring?.type !== 'ring') throw new RoutingError('invalid_state', `No ring at target.${progress.path.join('.')}`);

  if ('legId' in event && !isLegOf(progress, event.legId)) {
    if (state.pastLegIds.includes(event.legId)) {
      builder.note('leg.stale', `Ignored "${event.type}" from ${event.legId}: it belongs to a ring that already finished.`, { legId: event.legId });
    } else {
      builder.note('leg.unknown', `Ignored "${event.type}" for ${event.legId}, which this call never started.`, { legId: event.legId });
    }
    return finish(builder, state);
  }

  const result = continueRing(builder, ring, progress, event);
  return afterRing(builder, compiled, progress.path, state, result);
}

function afterRing(
  builder: DecisionBuilder,
  compiled: CompiledNumber,
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
      return enterTarget(builder, compiled, [...path, 'noAnswer'], { ...state, ring: null, pastLegIds: [...state.pastLegIds, ...result.legIds] });
  }
}

/** Runs the target at `path` until it waits for events or ends the call. */
function enterTarget(builder: DecisionBuilder, compiled: CompiledNumber, path: readonly TargetPathSegment[], state: CallState): Decision {
  const target = targetAt(compiled.target, path);
  if (!target) throw new RoutingError('invalid_state', `No target at target.${path.join('.')}`);
  switch (target.type) {
    case 'hangup':
      runHangup(builder, target, path);
      return finish(builder, { ...state, phase: 'ended', ring: null });
    case 'ring':
      // Nesting is bounded by maxTargetDepth at compile time, so this recursion is too.
      return afterRing(builder, compiled, path, state, beginRing(builder, target, path));
  }
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
