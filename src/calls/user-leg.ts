import type { Dialog, HeaderField, NameAddr, SipResponse } from '../sip/index.ts';
import type { DialogDirectory } from './dialog-directory.ts';
import { unreachable, type LegFailure } from './leg-failure.ts';
import { contactTarget } from './leg-target.ts';
import { OutboundLeg, type LegState, type OutboundLegEvents } from './outbound-leg.ts';
import type { SipEndpoint } from './sip-endpoint.ts';

/** What every fork of a user's leg shares: who is calling, and the caller's offer. */
export interface UserLegSpec {
  readonly from: NameAddr;
  readonly headers: readonly HeaderField[];
  readonly maxForwards: number;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  /** The SIP URIs of the user's registered devices, looked up when the leg starts. */
  contacts(): Promise<readonly string[]>;
  /** A fresh Call-ID for each fork (§8.1.1.4): each device is called on its own. */
  newCallId(): string;
  /** The Reason header for forks that lost to another device's answer (RFC 3326). */
  readonly completedElsewhere: HeaderField;
}

/**
 * One leg to a user: every contact their devices registered rings at once, as one leg to the call
 * (RFC 3261 §16.7 describes the same parallel search for a proxy; here each fork is an INVITE of our
 * own). The first 2xx wins and the other forks are cancelled; a fork answering after that is
 * acknowledged and hung up by its OutboundLeg (§15). The leg fails only when every fork failed: busy
 * if any device was busy, else rejected if any refused, else unreachable. With no device registered
 * it is unreachable at once. Its events are the ones an OutboundLeg gives, so the call cannot tell the two apart.
 */
export class UserLeg {
  readonly #endpoint: SipEndpoint;
  readonly #dialogs: DialogDirectory;
  readonly #spec: UserLegSpec;
  readonly #events: OutboundLegEvents;
  readonly #forks: OutboundLeg[] = [];
  readonly #failures: LegFailure[] = [];
  #state: LegState = 'starting';
  #winner: OutboundLeg | undefined;
  /** How many contacts the leg tried; a contact whose URI could not be called counts as a failed fork. */
  #contacts = 0;

  constructor(endpoint: SipEndpoint, dialogs: DialogDirectory, spec: UserLegSpec, events: OutboundLegEvents) {
    this.#endpoint = endpoint;
    this.#dialogs = dialogs;
    this.#spec = spec;
    this.#events = events;
  }

  get state(): LegState {
    return this.#state;
  }

  /** The dialog of the device that answered; undefined before the answer. */
  get dialog(): Dialog | undefined {
    return this.#winner?.dialog;
  }

  /** Looks up the user's devices and calls them all. Resolves once every fork's INVITE was sent (or failed). */
  async start(): Promise<void> {
    let contacts: readonly string[];
    try {
      contacts = await this.#spec.contacts();
    } catch (error) {
      this.#fail(unreachable(`the user's devices could not be looked up: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    // Cancelled (the ring time ran out, another leg answered) while the devices were looked up.
    if (this.#state !== 'starting') return;
    const forks: OutboundLeg[] = [];
    for (const contact of contacts) {
      const target = contactTarget(contact, this.#spec);
      if (typeof target === 'string') {
        this.#failures.push(unreachable(target));
        continue;
      }
      const fork: OutboundLeg = new OutboundLeg(
        this.#endpoint,
        this.#dialogs,
        { ...target, maxForwards: this.#spec.maxForwards, body: this.#spec.body, contentType: this.#spec.contentType },
        this.#forkEvents(() => fork),
        this.#spec.newCallId(),
      );
      forks.push(fork);
    }
    if (forks.length === 0) {
      this.#fail(contacts.length === 0 ? unreachable('no registered device') : combined(this.#failures));
      return;
    }
    this.#forks.push(...forks);
    this.#contacts = contacts.length;
    this.#state = 'inviting';
    await Promise.all(forks.map((fork) => fork.start()));
  }

  /** Stops the leg: nothing is sent while the devices are looked up; ringing forks get a CANCEL; after the answer, a BYE. */
  cancel(headers: readonly HeaderField[] = []): void {
    switch (this.#state) {
      case 'starting':
        this.#state = 'cancelled';
        return;
      case 'inviting':
        this.#state = 'cancelled';
        for (const fork of this.#forks) fork.cancel(headers);
        return;
      case 'answered':
        this.hangUp(headers);
        return;
      default:
        return;
    }
  }

  /** Ends the answered leg with a BYE to the device that answered (§15.1.1). */
  hangUp(headers: readonly HeaderField[] = []): void {
    if (this.#state !== 'answered') return;
    this.#state = 'ended';
    this.#winner?.hangUp(headers);
  }

  #forkEvents(self: () => OutboundLeg): OutboundLegEvents {
    return {
      onProgress: (response) => {
        if (this.#state === 'inviting') this.#events.onProgress(response);
      },
      onAnswered: (response) => this.#forkAnswered(self(), response),
      onFailed: (failure) => {
        this.#failures.push(failure);
        if (this.#state === 'inviting' && this.#failures.length >= this.#contacts) this.#fail(combined(this.#failures));
      },
      onHungUp: () => {
        if (self() !== this.#winner || this.#state !== 'answered') return;
        this.#state = 'ended';
        this.#events.onHungUp();
      },
      onDialogRequest: (transaction) => {
        if (self() === this.#winner) this.#events.onDialogRequest(transaction);
      },
    };
  }

  #forkAnswered(fork: OutboundLeg, response: SipResponse): void {
    if (this.#state !== 'inviting') {
      // Another device won, or the leg was cancelled, while this 2xx was on its way (§15).
      fork.hangUp();
      return;
    }
    this.#state = 'answered';
    this.#winner = fork;
    // RFC 3326 §2: the devices that lost show no missed call.
    for (const other of this.#forks) if (other !== fork) other.cancel([this.#spec.completedElsewhere]);
    this.#events.onAnswered(response);
  }

  #fail(failure: LegFailure): void {
    if (this.#state !== 'starting' && this.#state !== 'inviting') return;
    this.#state = 'failed';
    this.#events.onFailed(failure);
  }
}

/** One failure for the leg out of its forks': busy beats a refusal, which beats unreachable. */
function combined(failures: readonly LegFailure[]): LegFailure {
  const reason = failures.map((f) => f.reason).join('; ') || 'no registered device';
  const busy = failures.find((f) => f.kind === 'busy');
  if (busy) return { ...busy, reason };
  const rejected = failures.find((f) => f.kind === 'rejected');
  if (rejected) return { ...rejected, reason };
  return unreachable(reason);
}
