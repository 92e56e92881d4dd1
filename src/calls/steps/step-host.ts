import type { CallEvent, LegId, TimerId } from '../../routing/index.ts';
import type { HeaderField, ServerTransaction, SipResponse, TimerHandle } from '../../sip/index.ts';
import type { DialogDirectory } from '../dialog-directory.ts';
import type { InboundLeg } from '../inbound-leg.ts';
import type { UserId } from '../../domain/ids.ts';
import type { LegTarget, UserLegTarget } from '../leg-target.ts';
import type { OutboundLeg } from '../outbound-leg.ts';
import type { UserLeg } from '../user-leg.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { CallLedger } from '../call-ledger.ts';

/**
 * One outbound leg as the call keeps it: the SIP leg (one INVITE, or a user's devices forked at once),
 * its ring timer, and its answer once it came.
 */
export interface PlacedLeg {
  readonly legId: LegId;
  readonly sip: OutboundLeg | UserLeg;
  ringTimer: TimerHandle | undefined;
  answer: SipResponse | undefined;
}

/**
 * What the steps of a call need from it. Each step file takes only this, so a step can be read (and
 * tested) on its own: it starts what it starts through the host, and the host can stop everything a
 * step left running when the call ends.
 */
export interface StepHost {
  readonly endpoint: SipEndpoint;
  readonly inbound: InboundLeg;
  /** The legs this call placed, by id; ended legs stay so late events can be told apart. */
  readonly legs: Map<LegId, PlacedLeg>;
  readonly timers: Map<TimerId, TimerHandle>;
  readonly ledger: CallLedger;
  readonly dialogs: DialogDirectory;
  /** A fresh Call-ID for an outbound leg (§8.1.1.4): each leg is a call of its own. */
  newCallId(): string;
  /** After the call was connected: a request within the connected leg's dialog, for the caller. */
  relayFromLeg(legId: LegId, transaction: ServerTransaction): void;
  /** How to reach a destination: Request-URI, To, identity headers and credentials (for a user: who is calling). */
  targetOf(legId: LegId): LegTarget | UserLegTarget | string;
  /** The SIP URIs of the devices a user of the call's organization has registered now. */
  contactsOf(userId: UserId): Promise<readonly string[]>;
  /** Hands an event to the engine (queued: never re-entered while a decision is being applied). */
  deliver(event: CallEvent): void;
  /** A leg sent its first 180/183; the caller hears ringing once. */
  legProgress(legId: LegId, response: SipResponse): void;
  /** A leg was answered; the engine decides whether it gets the call. */
  legAnswered(legId: LegId, response: SipResponse): void;
  /** After the call was connected: the connected destination hung up. */
  legHungUp(legId: LegId): void;
  /** The first INVITE of the call left ringroute (post-dial delay ends here). */
  inviteSent(): void;
  /** Connects the caller to an answered leg; false when the caller is gone. */
  connect(legId: LegId): boolean;
  /** Ends the call: the caller's leg is refused or hung up and nothing else runs. */
  end(how: { readonly kind: 'refused'; readonly status: number; readonly reason: string } | { readonly kind: 'hungUp'; readonly reason: string }): void;
  /** The Reason header for cancelling a leg because another answered (RFC 3326). */
  readonly completedElsewhere: HeaderField;
}
