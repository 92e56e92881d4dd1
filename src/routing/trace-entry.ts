import type { NumberId, OrganizationId } from '../domain/ids.ts';
import type { LegId, PlayId, TimerId } from './step.ts';

/**
 * Stable codes of trace entries. Dashboards and call records may switch on these; the message next
 * to each is for people and may be reworded.
 */
export type TraceCode =
  | 'number.matched'
  | 'number.notFound'
  | 'number.followed'
  | 'caller.presented'
  | 'call.internal'
  | 'filter.passed'
  | 'filter.blocked'
  | 'filter.rerouted'
  | 'rule.matched'
  | 'rule.notMatched'
  | 'rule.scheduleMissing'
  | 'ring.started'
  | 'ring.empty'
  | 'ring.nextDue'
  | 'ring.pulledForward'
  | 'ring.noAnswer'
  | 'leg.ringing'
  | 'leg.answered'
  | 'leg.busy'
  | 'leg.noAnswer'
  | 'leg.unreachable'
  | 'leg.rejected'
  | 'leg.refused'
  | 'leg.alreadyRinging'
  | 'leg.cancelled'
  | 'leg.stale'
  | 'leg.unknown'
  | 'timer.stale'
  | 'call.connected'
  | 'call.rejected'
  | 'call.callerHungUp'
  | 'call.alreadyEnded'
  | 'call.answered'
  | 'call.hungUp'
  | 'event.ignored'
  | 'announcement.playing'
  | 'announcement.done'
  | 'menu.prompt'
  | 'menu.chosen'
  | 'menu.extension'
  | 'menu.invalid'
  | 'menu.timeout'
  | 'menu.exhausted'
  | 'leg.whisper'
  | 'leg.accepted'
  | 'leg.notAccepted'
  | 'queue.missing'
  | 'queue.full'
  | 'queue.noMember'
  | 'queue.joined'
  | 'queue.waiting'
  | 'queue.memberRinging'
  | 'queue.nextRound'
  | 'queue.announcement'
  | 'queue.timeout'
  | 'queue.overflow';

/** One reason the engine gives for what it did, in words a customer understands. */
export interface TraceEntry {
  readonly code: TraceCode;
  readonly message: string;
  readonly organizationId?: OrganizationId;
  readonly numberId?: NumberId;
  /** Where in the number's flow the deciding rule sits, e.g. `target` or `target.noAnswer`. */
  readonly rule?: string;
  readonly legId?: LegId;
  readonly timerId?: TimerId;
  readonly playId?: PlayId;
  /** A queue the entry talks about. */
  readonly queueId?: string;
  /** A SIP status the entry talks about (the caller's rejection, a leg's refusal). */
  readonly status?: number;
}
