import type { Brand } from '../domain/brand.ts';
import type { Destination } from '../domain/destination.ts';
import type { HangupReason, Prompt } from '../domain/flow.ts';
import type { QueueId } from '../domain/ids.ts';

/** One outbound leg of one call, unique within that call (`leg-1`, `leg-2`, ...). */
export type LegId = Brand<string, 'LegId'>;

/** One prompt the engine asked to play, unique within one call (`play-1`, ...). */
export type PlayId = Brand<string, 'PlayId'>;

/** A timer the engine asked for, unique within one call; a newer one never reuses an older id. */
export type TimerId = Brand<string, 'TimerId'>;

/** One destination to ring now. The driver reports `noAnswer` itself once `ringSeconds` have passed. */
export interface LegSpec {
  readonly legId: LegId;
  readonly destination: Destination;
  readonly label?: string;
  readonly ringSeconds: number;
  /** A leg ringing a queue member: which queue and member, so the driver's queue knows who is busy. */
  readonly queue?: { readonly queueId: QueueId; readonly member: number };
}

export type CancelReason = 'answered-elsewhere' | 'caller-hung-up' | 'superseded';

/** Why a call is refused before it is answered: a flow's hang-up reason, or no such number. */
export type RejectReason = HangupReason | 'not-found';

/** A command for the driver (call control or the simulator), executed in the order given. */
export type Step =
  | RingStep
  | CancelStep
  | ConnectStep
  | StartTimerStep
  | CancelTimerStep
  | RejectStep
  | HangupStep
  | AnswerStep
  | PlayStep
  | WhisperStep
  | WatchQueueStep
  | JoinQueueStep
  | LeaveQueueStep;

export type StepType = Step['type'];

/** Start ringing these legs now. */
export interface RingStep {
  readonly type: 'ring';
  readonly legs: readonly LegSpec[];
}

/** Stop ringing these legs; a leg already answered (hearing a whisper) is hung up instead. */
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

/** End a call whose caller leg ringroute already answered (for a prompt, a menu or a queue). */
export interface HangupStep {
  readonly type: 'hangup';
  readonly reason: HangupReason;
}

/** Answer the caller's leg with ringroute's own media, before the first prompt or the queue's music. Emitted once per call. */
export interface AnswerStep {
  readonly type: 'answer';
}

/**
 * Play a prompt to the (answered) caller. Without `collect` the driver reports `promptDone` when it
 * ends. With `collect` it listens for keys, also while the prompt plays, and reports `digits`: the
 * keys pressed, ended by `maxDigits` keys, by `#` after at least one other key, or by
 * `interDigitSeconds` of quiet after a key; or `''` when no key came within `timeoutSeconds` after the
 * prompt ended. A `#` pressed first is reported as `#`.
 */
export interface PlayStep {
  readonly type: 'play';
  readonly playId: PlayId;
  readonly prompt: Prompt;
  readonly collect?: DigitCollection;
}

export interface DigitCollection {
  readonly maxDigits: number;
  readonly timeoutSeconds: number;
  readonly interDigitSeconds: number;
}

/**
 * Play `text` to the person who answered this leg (the caller still hears ringing), then report
 * `whisperDone`. With `accept`, they accept by pressing the key within the seconds given; otherwise
 * the driver reports `accepted: false` and hangs the leg up.
 */
export interface WhisperStep {
  readonly type: 'whisper';
  readonly legId: LegId;
  readonly text: string;
  readonly accept?: { readonly key: string; readonly timeoutSeconds: number };
}

/** Report this queue as the call sees it (`queueState`), now and on every change, until `leaveQueue`. */
export interface WatchQueueStep {
  readonly type: 'watchQueue';
  readonly queueId: QueueId;
}

/** Put the caller at the back of the queue (they hear its music while nothing else plays). */
export interface JoinQueueStep {
  readonly type: 'joinQueue';
  readonly queueId: QueueId;
}

/** The call is done with the queue: stop reporting it, and take the caller out if they joined. */
export interface LeaveQueueStep {
  readonly type: 'leaveQueue';
  readonly queueId: QueueId;
  readonly outcome: QueueOutcome;
  /** The member who took the call (`answered`). */
  readonly member?: number;
}

export type QueueOutcome = 'answered' | 'overflow' | 'timeout' | 'callerHungUp';
