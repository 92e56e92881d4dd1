import type { Brand } from '../domain/brand.ts';
import type { Destination } from '../domain/destination.ts';
import type { HangupReason } from '../domain/flow.ts';

/** One outbound leg of one call, unique within that call (`leg-1`, `leg-2`, ...). */
export type LegId = Brand<string, 'LegId'>;

/** A timer the engine asked for, unique within one call; a newer one never reuses an older id. */
export type TimerId = Brand<string, 'TimerId'>;

/** One destination to ring now. The driver reports `noAnswer` itself once `ringSeconds` have passed. */
export interface LegSpec {
  readonly legId: LegId;
  readonly destination: Destination;
  readonly label?: string;
  readonly ringSeconds: number;
}

export type CancelReason = 'answered-elsewhere' | 'caller-hung-up' | 'superseded';

/** Why a call is refused before it is answered: a flow's hang-up reason, or no such number. */
export type RejectReason = HangupReason | 'not-found';

/**
 * A command for the driver (call control or the simulator), executed in the order given.
 * Drivers must switch on `type` exhaustively: members for prompts, digit collection and queues
 * will join this union.
 */
export type Step = RingStep | CancelStep | ConnectStep | StartTimerStep | CancelTimerStep | RejectStep | HangupStep;

export type StepType = Step['type'];

/** Start ringing these legs now. */
export interface RingStep {
  readonly type: 'ring';
  readonly legs: readonly LegSpec[];
}

/** Stop ringing these legs. */
export interface CancelStep {
  readonly type: 'cancel';
  readonly legIds: readonly LegId[];
  readonly reason: CancelReason;
}

/** Answer the caller and bridge them to this (answered) leg. */
export interface ConnectStep {
  readonly type: 'connect';
  readonly legId: LegId;
}

/** Deliver a `timer` event with this id after `seconds`, unless cancelled first. */
export interface StartTimerStep {
  readonly type: 'startTimer';
  readonly timerId: TimerId;
  readonly seconds: number;
}

export interface CancelTimerStep {
  readonly type: 'cancelTimer';
  readonly timerId: TimerId;
}

/** Refuse the unanswered call with this SIP final status (404, 480, 486, 603). */
export interface RejectStep {
  readonly type: 'reject';
  readonly status: number;
  readonly reason: RejectReason;
}

/**
 * End a call whose caller leg was already answered (after a prompt, in a menu). The ring and hang-up
 * targets of today never emit it: they act before answer and use `reject`.
 */
export interface HangupStep {
  readonly type: 'hangup';
  readonly reason: HangupReason;
}
