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
 */
export type Behaviour = 'answer' | 'busy' | 'noAnswer' | 'unreachable' | 'reject' | { readonly answerAfterSeconds: number };

export interface SimulationOptions {
  readonly facts: CallFacts;
  /** Asked once per leg, when it starts ringing. */
  readonly behaviourFor: (leg: LegSpec) => Behaviour;
  /** The caller gives up this many seconds after calling, if the call is still ringing by then. */
  readonly callerHangsUpAfterSeconds?: number;
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
  | { readonly result: 'callerHungUp'; readonly atSeconds: number };

export type { TimelineEntry, TimelineEvent } from '../domain/call-timeline.ts';

export type SimulationTraceEntry = TraceEntry & { readonly atSeconds: number };

export interface SimulationResult {
  readonly outcome: SimulationOutcome;
  readonly timeline: readonly TimelineEntry[];
  readonly trace: readonly SimulationTraceEntry[];
}
