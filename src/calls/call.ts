import type { CallRecord, CallResult, HangupSide } from '../domain/call-record.ts';
import type { UserId } from '../domain/ids.ts';
import type { Organization } from '../domain/organization.ts';
import type { Trunk } from '../domain/trunk.ts';
import type { Target } from '../domain/flow.ts';
import {
  legRefusal,
  next,
  start,
  startTarget,
  type CallEvent,
  type CallFacts,
  type CallState,
  type Decision,
  type LegId,
  type RoutingSnapshot,
  type TimerId,
} from '../routing/index.ts';
import { formatReason, noParams, randomHex, type HeaderField, type ServerInviteTransaction, type ServerTransaction, type SipResponse, type TimerHandle } from '../sip/index.ts';
import { CallLedger, type CallIdentity } from './call-ledger.ts';
import type { CallerIdentity } from './caller-id.ts';
import type { DialogDirectory } from './dialog-directory.ts';
import { InboundLeg } from './inbound-leg.ts';
import { legTarget, type LegTarget, type UserLegTarget } from './leg-target.ts';
import { relayRequest } from './relay.ts';
import type { SipEndpoint } from './sip-endpoint.ts';
import { executeStep } from './steps/execute-step.ts';
import { needsMedia } from './steps/without-media.ts';
import type { PlacedLeg, StepHost } from './steps/step-host.ts';
import type { UserContacts } from './user-contacts.ts';

/** What a call needs from call control, which runs many. */
export interface CallServices {
  readonly endpoint: SipEndpoint;
  readonly dialogs: DialogDirectory;
  /** Epoch milliseconds, for records and the timeline. */
  now(): number;
  /** The call is over; its record is final. */
  ended(call: Call): void;
  /** Milliseconds from the caller's INVITE to the first INVITE out. */
  postDialDelay(ms: number): void;
  /** Something went wrong inside ringroute (a bug); the call was ended with 500. */
  failed(call: Call, error: unknown): void;
  /** Users' registered devices, for legs that ring a user (absent: no user has any). */
  readonly users?: UserContacts;
}

export interface CallSetup {
  readonly identity: CallIdentity;
  readonly snapshot: RoutingSnapshot;
  readonly facts: CallFacts;
  readonly caller: CallerIdentity;
  readonly organization: Organization;
  /** The trunk phone-number legs leave through (the one the call came in on). */
  readonly trunk: Trunk | null;
  readonly invite: ServerInviteTransaction;
  /** `performance.now()` when the INVITE arrived. */
  readonly arrivedAt: number;
  /** An internal call: the target the dial plan chose, run instead of a number's flow. */
  readonly direct?: Target;
}

/** RFC 3326 §2: the CANCEL to a leg that lost tells its phone the call was answered elsewhere. */
const completedElsewhere: HeaderField = { name: 'Reason', value: formatReason({ protocol: 'SIP', cause: 200, text: 'Call completed elsewhere', params: noParams }) };

/**
 * One call: the caller's inbound leg, the outbound legs the engine asks for, and the engine's state.
 * Events from the network and the clock are queued and handed to the engine one at a time; each
 * decision's steps are run by `executeStep` (one file per kind of step). Once connected, the engine's
 * part is over and the call bridges the two dialogs until either side hangs up.
 */
export class Call implements StepHost {
  readonly endpoint: SipEndpoint;
  readonly dialogs: DialogDirectory;
  readonly inbound: InboundLeg;
  readonly legs = new Map<LegId, PlacedLeg>();
  readonly timers = new Map<TimerId, TimerHandle>();
  readonly ledger: CallLedger;
  readonly completedElsewhere = completedElsewhere;
  readonly #setup: CallSetup;
  readonly #services: CallServices;
  readonly #queue: CallEvent[] = [];
  #draining = false;
  #state: CallState | null = null;
  #connected: LegId | null = null;
  #over = false;
  #firstInvite = false;

  constructor(setup: CallSetup, services: CallServices) {
    this.#setup = setup;
    this.#services = services;
    this.endpoint = services.endpoint;
    this.dialogs = services.dialogs;
    this.ledger = new CallLedger(setup.identity, services.now);
    this.inbound = new InboundLeg(services.endpoint, services.dialogs, setup.invite, {
      onHungUp: (why) => this.#finishConnected('caller', why === 'bye' ? 'the caller hung up' : 'the caller never acknowledged the answer'),
      onDialogRequest: (transaction) => relayRequest(this.endpoint, transaction, this.#connectedLeg()?.sip.dialog, this.inbound.contactHeader),
    });
  }

  get id(): string {
    return this.#setup.identity.id;
  }

  get organizationId(): string {
    return this.#setup.identity.organizationId;
  }

  get over(): boolean {
    return this.#over;
  }

  record(): CallRecord {
    return this.ledger.record();
  }

  start(): void {
    const { snapshot, facts, direct, organization } = this.#setup;
    this.#guarded(() => this.#apply(direct ? startTarget(snapshot, facts, organization.id, direct) : start(snapshot, facts)));
  }

  /** The caller sent CANCEL before the answer (§9.2): the INVITE gets 487, the engine hears it. */
  callerCancelled(): void {
    if (this.#over || this.inbound.answered) return;
    this.inbound.refuse(487);
    this.deliver({ type: 'callerHungUp' });
  }

  deliver(event: CallEvent): void {
    this.#queue.push(event);
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let event = this.#queue.shift(); event !== undefined; event = this.#queue.shift()) {
        const state = this.#state;
        if (this.#over || !state || state.phase !== 'routing') continue;
        this.ledger.event(event);
        const current = event;
        this.#guarded(() => this.#apply(next(this.#setup.snapshot, state, current)));
      }
    } finally {
      this.#draining = false;
    }
  }

  targetOf(legId: LegId): LegTarget | UserLegTarget | string {
    const spec = this.ledger.timeline.leg(legId);
    if (!spec) return `${legId} is not a leg of this call`;
    return legTarget(spec.destination, this.#setup.caller.id, this.#setup.trunk, this.endpoint.address.host);
  }

  async contactsOf(userId: UserId): Promise<readonly string[]> {
    return (await this.#services.users?.contactsOf(this.#setup.organization.id, userId)) ?? [];
  }

  newCallId(): string {
    return `${randomHex(10)}@ringroute`;
  }

  legProgress(_legId: LegId, response: SipResponse): void {
    if (!this.#over) this.inbound.progress(response);
  }

  legAnswered(legId: LegId): void {
    this.deliver({ type: 'answered', legId });
    // The engine gave the call to another leg, or it was already decided: this answer lost (§15).
    if (this.#connected !== legId) this.legs.get(legId)?.sip.hangUp([completedElsewhere]);
  }

  legHungUp(legId: LegId): void {
    if (legId === this.#connected) this.#finishConnected('callee', 'the destination hung up');
  }

  relayFromLeg(legId: LegId, transaction: ServerTransaction): void {
    if (legId !== this.#connected) return;
    relayRequest(this.endpoint, transaction, this.inbound.dialog, this.inbound.contactHeader);
  }

  inviteSent(): void {
    if (this.#firstInvite) return;
    this.#firstInvite = true;
    this.#services.postDialDelay(performance.now() - this.#setup.arrivedAt);
  }

  connect(legId: LegId): boolean {
    const placed = this.legs.get(legId);
    const answer = placed?.answer;
    if (!placed || !answer) return false;
    if (!this.inbound.answer(answer.body, answer.rawHeader('Content-Type'))) return false;
    this.#connected = legId;
    this.ledger.connected(legId);
    return true;
  }

  end(how: { readonly kind: 'refused'; readonly status: number; readonly reason: string } | { readonly kind: 'hungUp'; readonly reason: string }): void {
    if (how.kind === 'refused') {
      this.inbound.refuse(how.status);
      const result: CallResult = this.ledger.rang ? 'noAnswer' : 'rejected';
      const cause = result === 'noAnswer' ? `no destination answered (${how.status} ${how.reason})` : `refused: ${how.reason} (${how.status})`;
      this.#finish(result, cause, null);
      return;
    }
    this.inbound.hangUp();
    this.#finish(this.#connected ? 'answered' : 'callerHungUp', how.reason, 'system');
  }

  /** Ends the call from outside (shutdown): both sides get a BYE or a 503, the record is written. */
  abort(reason: string): void {
    if (this.#over) return;
    if (this.inbound.answered) {
      this.inbound.hangUp();
      this.#connectedLeg()?.sip.hangUp();
      this.#finish('answered', reason, 'system');
    } else {
      this.inbound.refuse(503);
      this.#finish('failed', reason, 'system');
    }
  }

  #apply(decision: Decision): void {
    this.#state = decision.state;
    for (const step of decision.steps) {
      if (this.#over) break;
      const refusals = new Map<LegId, string>();
      if (step.type === 'ring') {
        for (const leg of step.legs) {
          const refusal = legRefusal(this.#setup.organization, leg.destination);
          if (refusal !== null) refusals.set(leg.legId, refusal);
        }
      }
      // Steps the call cannot perform without media leave no timeline entry of their own.
      if (!needsMedia(step) && step.type !== 'whisper') this.ledger.step(step, new Set(refusals.keys()));
      executeStep(this, step, refusals);
    }
    if (decision.done && decision.state.phase === 'ended' && !this.#over) {
      // The caller hung up while everything rang: the engine cancelled the legs; the call is over.
      this.#finish('callerHungUp', 'the caller hung up before anyone answered', 'caller');
    }
  }

  #finishConnected(side: HangupSide, cause: string): void {
    if (this.#over) return;
    if (side === 'caller') this.#connectedLeg()?.sip.hangUp();
    else this.inbound.hangUp();
    this.ledger.timeline.add(this.ledger.elapsed(), { event: 'hungUp', reason: cause });
    this.#finish('answered', cause, side);
  }

  #finish(result: CallResult, cause: string, side: HangupSide | null): void {
    if (this.#over) return;
    this.#over = true;
    this.ledger.finish(result, cause, side);
    for (const handle of this.timers.values()) this.endpoint.clock.clear(handle);
    this.timers.clear();
    for (const placed of this.legs.values()) {
      if (placed.ringTimer) this.endpoint.clock.clear(placed.ringTimer);
      placed.ringTimer = undefined;
      if (placed.legId !== this.#connected) placed.sip.cancel();
    }
    this.#services.ended(this);
  }

  #connectedLeg(): PlacedLeg | undefined {
    return this.#connected === null ? undefined : this.legs.get(this.#connected);
  }

  /** A bug in the engine or a step must not leave the caller hanging: answer 500 and end the call. */
  #guarded(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (this.#over) return;
      this.#services.failed(this, error);
      this.inbound.refuse(500);
      this.inbound.hangUp();
      this.#connectedLeg()?.sip.hangUp();
      this.#finish('failed', `internal error: ${error instanceof Error ? error.message : String(error)}`, 'system');
    }
  }
}
