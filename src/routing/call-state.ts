import type { NumberId, OrganizationId } from '../domain/ids.ts';
import type { Destination } from '../domain/destination.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { CallerId } from './call-facts.ts';
import type { TargetPathSegment } from './compiled-target.ts';
import type { LegId, TimerId } from './step.ts';

/**
 * Where one call stands, as plain JSON data: call control may store it, send it to another process
 * or log it, and `next` continues from the copy exactly as from the original. It names the number,
 * its version and the path to the running target, so `next` finds the compiled flow in the snapshot
 * the call started with.
 */
export interface CallState {
  /** Format version of this document, for stored states that outlive a deploy. */
  readonly format: 1;
  readonly phase: CallPhase;
  /** The number the call is for; null when no organization has the dialled number. */
  readonly number: CallNumberRef | null;
  /** The ring running now; null when the call is not waiting on a ring. */
  readonly ring: RingProgress | null;
  readonly connectedLegId: LegId | null;
  /** Legs of rings that already finished, so their late events are told apart from unknown legs. */
  readonly pastLegIds: readonly LegId[];
  /** Counters behind fresh leg and timer ids; ids are never reused within a call. */
  readonly legsIssued: number;
  readonly timersIssued: number;
  /** When the call arrived (epoch ms, `facts.at`): rosters are asked who is on call at this instant. */
  readonly at?: number;
  /** Who calls (`facts.from`): the filters of a number reached later through a `number` target ask. */
  readonly caller?: CallerId;
}

/** `routing`: the engine waits for events. `connected` and `ended`: the engine's part is over. */
export type CallPhase = 'routing' | 'connected' | 'ended';

export interface CallNumberRef {
  readonly organizationId: OrganizationId;
  readonly numberId: NumberId;
  readonly e164: E164;
  /** The stored number's version when the call started; `next` refuses a snapshot with another. */
  readonly version: number;
}

export interface RingProgress {
  readonly path: readonly TargetPathSegment[];
  /** Index of the first group that has not started yet (= groups.length when all have). */
  readonly nextGroup: number;
  /** Legs this ring started, in start order. */
  readonly legs: readonly RingLegState[];
  /** The timer that will start `nextGroup`; null when none is pending. */
  readonly pendingTimer: TimerId | null;
}

export interface RingLegState {
  readonly legId: LegId;
  /** Index of the leg's destination in the compiled ring's `destinations` (start order). */
  readonly destination: number;
  readonly status: LegStatus;
  /** For a roster destination: the member who was on call and rung. */
  readonly rang?: { readonly destination: Destination; readonly label?: string; readonly why?: string };
}

export type LegStatus = 'ringing' | 'answered' | 'busy' | 'noAnswer' | 'unreachable' | 'rejected' | 'refused' | 'cancelled';
