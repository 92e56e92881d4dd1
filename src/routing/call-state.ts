import type { NumberId, OrganizationId } from '../domain/ids.ts';
import type { Target } from '../domain/flow.ts';
import type { Destination } from '../domain/destination.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { CallerId } from './call-facts.ts';
import type { TargetPathSegment } from './compiled-target.ts';
import type { QueueView } from './queue-view.ts';
import type { LegId, PlayId, TimerId } from './step.ts';

/**
 * Where one call stands, as plain JSON data: call control may store it, send it to another process
 * or log it, and `next` continues from the copy exactly as from the original. It names the number,
 * its version and the path to the running target, so `next` finds the compiled flow in the snapshot
 * the call started with.
 */
export interface CallState {
  /** Format version of this document, for stored states that outlive a deploy. */
  readonly format: 2;
  readonly phase: CallPhase;
  /** The number the call is for; null when no organization has the dialled number. */
  readonly number: CallNumberRef | null;
  /** The target the call waits in now (a ring, menu, announcement or queue); null once the engine's part is over. */
  readonly running: Running | null;
  /** True once ringroute answered the caller's leg itself (for a prompt, a menu or a queue). */
  readonly answered: boolean;
  readonly connectedLegId: LegId | null;
  /** Legs of rings that already finished, so their late events are told apart from unknown legs. */
  readonly pastLegIds: readonly LegId[];
  /** Counters behind fresh leg and timer ids; ids are never reused within a call. */
  readonly legsIssued: number;
  readonly timersIssued: number;
  readonly playsIssued: number;
  /** When the call arrived (epoch ms, `facts.at`): rosters are asked who is on call at this instant. */
  readonly at?: number;
  /** Who calls (`facts.from`): the filters of a number reached later through a `number` target ask. */
  readonly caller?: CallerId;
  /**
   * An internal call (`startTarget`): the organization and the target the dial plan chose, carried in
   * the state because no number's flow holds it.
   */
  readonly direct?: { readonly organizationId: OrganizationId; readonly target: Target };
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

/** What a call in `routing` waits in. */
export type Running = RingProgress | MenuProgress | AnnouncementProgress | QueueProgress;

export interface RingProgress {
  readonly kind: 'ring';
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

/**
 * `whispering`: answered, hearing the whisper, not yet put through. `notAccepted`: answered but did not
 * accept the whispered call (a voicemail, or someone who pressed nothing).
 */
export type LegStatus = 'ringing' | 'whispering' | 'answered' | 'busy' | 'noAnswer' | 'unreachable' | 'rejected' | 'refused' | 'notAccepted' | 'cancelled';

/** A menu waiting for the caller's keys. */
export interface MenuProgress {
  readonly kind: 'menu';
  readonly path: readonly TargetPathSegment[];
  /** 0 for the first time the prompt plays; one more per retry. */
  readonly attempt: number;
  /** The prompt whose digits the menu waits for. */
  readonly playId: PlayId;
}

/** An announcement playing; then the call goes on to its `then` target. */
export interface AnnouncementProgress {
  readonly kind: 'announcement';
  readonly path: readonly TargetPathSegment[];
  readonly playId: PlayId;
}

/** A caller in a queue (or asking to join one). */
export interface QueueProgress {
  readonly kind: 'queue';
  readonly path: readonly TargetPathSegment[];
  /** False while the engine waits for the queue's first state, to decide whether the caller joins. */
  readonly joined: boolean;
  /** The queue as last reported; null before the first report. */
  readonly view: QueueView | null;
  /** Members rung for this caller, in start order. */
  readonly legs: readonly QueueLegState[];
  /** Members already tried (and not answering) in this round; a new round starts when all available were. */
  readonly tried: readonly number[];
  readonly maxWaitTimer: TimerId | null;
  readonly announceTimer: TimerId | null;
  /** Starts the next round after every available member was tried. */
  readonly retryTimer: TimerId | null;
  /** True once a member of this round rang until their ring time ended (or answered and did not accept). */
  readonly roundRang: boolean;
  /** Rounds in a row in which no member even rang out (all busy or unreachable): the wait before the next grows. */
  readonly unreachedRounds: number;
}

export interface QueueLegState {
  readonly legId: LegId;
  /** Index into the queue's members. */
  readonly member: number;
  readonly status: LegStatus;
}
