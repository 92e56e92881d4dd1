import type { TimelineEntry } from './call-timeline.ts';
import type { CallId, NumberId, OrganizationId, TrunkId } from './ids.ts';

/**
 * How a call ended, from the caller's point of view:
 * - `answered`: a destination answered and the two talked;
 * - `noAnswer`: destinations rang and nobody answered (the flow ended in a hang-up);
 * - `rejected`: refused without ringing anyone (a hang-up target, a number with no destinations);
 * - `callerHungUp`: the caller gave up before anyone answered;
 * - `failed`: ringroute could not carry it (every leg refused by the country guard, an internal error).
 */
export const callResults = ['answered', 'noAnswer', 'rejected', 'callerHungUp', 'failed'] as const;
export type CallResult = (typeof callResults)[number];

/** How one outbound leg ended. `refused`: never sent, e.g. its country is not allowed (see `reason`). */
export const legResults = ['answered', 'busy', 'noAnswer', 'unreachable', 'rejected', 'cancelled', 'refused'] as const;
export type LegResult = (typeof legResults)[number];

/** Who ended an answered call. */
export type HangupSide = 'caller' | 'callee' | 'system';

export interface CallLegRecord {
  readonly legId: string;
  /** E.164 or SIP URI. */
  readonly destination: string;
  readonly label?: string;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  /** null while the leg is still ringing or talking. */
  readonly result: LegResult | null;
  /** The SIP final status the destination (or trunk) sent, when it sent one. */
  readonly status?: number;
  /** Why, in words: "country GB is not allowed for this organization", "Call completed elsewhere". */
  readonly reason?: string;
}

/** The caller as the network presented it, and as ringroute understood it. */
export interface CallerRecord {
  /** E.164 when it is a phone number, `anonymous` for a withheld number, otherwise what was sent. */
  readonly number: string;
  readonly kind: 'number' | 'anonymous' | 'unknown';
  /** The user part or display the trunk sent, before normalising (`0612345678`, `Anonymous`). */
  readonly raw: string;
  /** When the number is a virtual extension's or in a range: how ringroute showed the caller (display name and ESN). */
  readonly presentedAs?: CallerShownAs;
}

/** How a caller from a virtual extension's number (`virtualExtensionId`) or a range's (`rangeId`) was shown. */
export interface CallerShownAs {
  readonly displayName: string;
  readonly esn: string;
  readonly virtualExtensionId?: string;
  readonly rangeId?: string;
}

/** One call, finished or in progress: what `GET /v1/calls` and `GET /v1/calls/active` return. */
export interface CallRecord {
  readonly id: CallId;
  readonly organizationId: OrganizationId;
  /** The business number that was dialled; null if it was deleted since. */
  readonly numberId: NumberId | null;
  /** E.164. */
  readonly dialledNumber: string;
  readonly caller: CallerRecord;
  /** The trunk the call came in through. */
  readonly trunkId: TrunkId | null;
  /** The SIP Call-ID of the caller's leg, for matching with a carrier's records. */
  readonly sipCallId: string;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  /** Seconds from answer to end (talk time); null when not answered or still going on. */
  readonly durationSeconds: number | null;
  /** null while the call is in progress. */
  readonly result: CallResult | null;
  /** In words, e.g. "caller hung up", "destination hung up", "no destination answered (480)". */
  readonly endCause: string | null;
  readonly hungUpBy: HangupSide | null;
  readonly answeredBy: { readonly legId: string; readonly destination: string; readonly label?: string } | null;
  readonly legs: readonly CallLegRecord[];
  readonly timeline: readonly TimelineEntry[];
}
