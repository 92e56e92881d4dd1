import type { TimelineEntry } from '../domain/call-timeline.ts';
import type { CallFacts } from './call-facts.ts';
import type { LegId, LegSpec, RejectReason } from './step.ts';
import type { TraceEntry } from './trace-entry.ts';

/**
 * How a simulated destination behaves once it starts ringing.
 * - `answer`: picks up at once (0 s after it starts ringing).
 * - `{ answerAfterSeconds }`: picks up after that many seconds; at or past its ring time it counts
 *   as not answered, because the ring time ends first.
 * - `noAnswer`: rings until its ring time is over.
 * - `busy`, `unreachable`: fails at once.
 * - `reject`: declines at once (603 Decline), like pressing the red button on a mobile.
 * - `voicemail`: a voicemail picks up at once; it never presses a key, so it never accepts a whisper
 *   that asks for one.
 * Anyone else who answers a whisper that asks them to accept presses the key as soon as it has played.
 */
export type Behaviour = 'answer' | 'busy' | 'noAnswer' | 'unreachable' | 'reject' | 'voicemail' | { readonly answerAfterSeconds: number };

/**
 * A queue as it stands when the simulated call arrives, and how it changes after. Members by index
 * in the queue's member order; a member not listed is available and has never had a queue call.
 */
export interface QueueScript {
  /**
   * One entry per caller already waiting: seconds after the call arrives that they leave the queue (a
   * member took them, or they gave up); `Infinity` for one who stays.
   */
  readonly callersAheadLeaveAfterSeconds?: readonly number[];
  readonly members?: readonly QueueMemberScript[];
  /** The member round-robin tries first (default 0). */
  readonly roundRobinNext?: number;
  /** The queue's recent average wait, for expected-wait announcements (default unknown). */
  readonly averageWaitSeconds?: number | null;
}

export interface QueueMemberScript {
  readonly state: 'available' | 'busy' | 'wrapUp';
  /** For a busy or wrapping-up member: seconds after the call arrives that they become available. */
  readonly availableAfterSeconds?: number;
  /** For `longest-idle`: seconds the member has been idle when the call arrives. */
  readonly idleForSeconds?: number;
}

export interface SimulationOptions {
  readonly facts: CallFacts;
  /** Asked once per leg, when it starts ringing. */
  readonly behaviourFor: (leg: LegSpec) => Behaviour;
  /** The caller gives up this many seconds after calling, if the call is still ringing by then. */
  readonly callerHangsUpAfterSeconds?: number;
  /**
   * What the caller keys in, one entry per menu prompt in the order they play; `''` or a missing entry
   * means nothing before the menu's timeout. Keys are pressed as the prompt ends.
   */
  readonly digits?: readonly string[];
  /** How each queue the call reaches stands, by queue id; a queue not listed is empty with every member available. */
  readonly queues?: Readonly<Record<string, QueueScript>>;
  /** Stop with a `simulation_runaway` error after delivering this many events (default 10,000). */
  readonly maxEvents?: number;
}

export type SimulationOutcome =
  | {
      readonly result: 'answered';
      readonly legId: LegId;
      /** E.164 or SIP URI of the destination that answered. */
      readonly destination: string;
      readonly label?: string;
      readonly atSeconds: number;
    }
  /** `noAnswer`: destinations rang and nobody answered. `rejected`: refused without ringing anyone. */
  | { readonly result: 'noAnswer' | 'rejected'; readonly status: number; readonly reason: RejectReason; readonly atSeconds: number }
  /** ringroute answered the caller (an announcement, a menu, a queue) and then hung up. */
  | { readonly result: 'hungUp'; readonly reason: RejectReason; readonly atSeconds: number }
  | { readonly result: 'callerHungUp'; readonly atSeconds: number };

export type { TimelineEntry, TimelineEvent } from '../domain/call-timeline.ts';

export type SimulationTraceEntry = TraceEntry & { readonly atSeconds: number };

export interface SimulationResult {
  readonly outcome: SimulationOutcome;
  readonly timeline: readonly TimelineEntry[];
  readonly trace: readonly SimulationTraceEntry[];
}
