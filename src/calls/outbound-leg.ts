import {
  authorizeRequest,
  createRequest,
  DigestClientState,
  InviteForks,
  type ClientTransaction,
  type Dialog,
  type DigestUser,
  type HeaderField,
  type NameAddr,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type TransportAddress,
  type Uri,
} from '../sip/index.ts';
import { takeDialogRequest, type DialogDirectory, type DialogOwner } from './dialog-directory.ts';
import { legFailureOf, unreachable, type LegFailure } from './leg-failure.ts';
import { sendBye } from './in-dialog-request.ts';
import { newTag, type SipEndpoint } from './sip-endpoint.ts';

/** What an outbound leg tells its call. Each fires at most once, except `onDialogRequest` and `onProgress`. */
export interface OutboundLegEvents {
  /** A provisional response above 100 (180 Ringing, 183 Session Progress). */
  onProgress(response: SipResponse): void;
  /** The first 2xx: the destination answered. It has been acknowledged already. */
  onAnswered(response: SipResponse): void;
  /** The leg ended without an answer, not because we cancelled it. */
  onFailed(failure: LegFailure): void;
  /** After answer: the destination hung up (its BYE is answered already). */
  onHungUp(): void;
  /** After answer: a request within the dialog other than BYE (re-INVITE, UPDATE, INFO) to relay. */
  onDialogRequest(transaction: ServerTransaction): void;
}

export interface OutboundLegSpec {
  readonly requestUri: Uri;
  readonly from: NameAddr;
  readonly to: NameAddr;
  /** Header fields besides the ones every INVITE has: P-Asserted-Identity, Privacy, Reason... */
  readonly headers: readonly HeaderField[];
  readonly maxForwards: number;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  /** Credentials for a 401/407 from the trunk (§22.2). */
  readonly credentials?: DigestUser;
}

export type LegState = 'starting' | 'inviting' | 'answered' | 'failed' | 'cancelled' | 'ended';

const digestRetries = 1;

/**
 * One outbound leg: the INVITE ringroute sends to a destination, the early dialogs it makes, and
 * once answered the dialog of the call. It sends its own ACKs (§13.2.2.4), answers a 401/407 with
 * the trunk's credentials once (§22.2), CANCELs on request (§9.1), and when a 2xx arrives after it
 * was cancelled — the CANCEL crossed the answer — acknowledges it and ends it with a BYE, so no
 * destination is left thinking it is in a call (§15).
 */
export class OutboundLeg implements DialogOwner {
  readonly #endpoint: SipEndpoint;
  readonly #dialogs: DialogDirectory;
  readonly #events: OutboundLegEvents;
  readonly #spec: OutboundLegSpec;
  readonly #digest = new DigestClientState();
  #state: LegState = 'starting';
  #transaction: ClientTransaction | undefined;
  #forks: InviteForks | undefined;
  #destination: TransportAddress | undefined;
  #dialog: Dialog | undefined;
  #retries = 0;
  #cancelHeaders: readonly HeaderField[] = [];
  readonly callId: string;
  readonly #fromTag = newTag();

  constructor(endpoint: SipEndpoint, dialogs: DialogDirectory, spec: OutboundLegSpec, events: OutboundLegEvents, callId: string) {
    this.#endpoint = endpoint;
    this.#dialogs = dialogs;
    this.#spec = spec;
    this.#events = events;
    this.callId = callId;
  }

  /** The dialog of the answered call; undefined before the answer. */
  get dialog(): Dialog | undefined {
    return this.#dialog;
  }

  get state(): LegState {
    return this.#state;
  }

  /** Sends the INVITE. Resolving the next hop can fail: that is reported as `onFailed` (unreachable). */
  async start(): Promise<void> {
    const from: NameAddr = { ...this.#spec.from, params: new Map([...this.#spec.from.params, ['tag', this.#fromTag]]) };
    const uri = this.#spec.requestUri;
    let destination: TransportAddress;
    try {
      destination = await this.#endpoint.locate(uri);
    } catch (error) {
      if (this.#state === 'starting') {
        this.#state = 'failed';
        this.#events.onFailed(unreachable(error instanceof Error ? error.message : String(error)));
      }
      return;
    }
    // Cancelled while the address was being looked up: nothing was sent, nothing to undo.
    if (this.#state !== 'starting') return;
    this.#destination = destination;
    const invite = createRequest({
      method: 'INVITE',
      uri,
      via: this.#endpoint.via(destination.transport),
      maxForwards: this.#spec.maxForwards,
      from,
      to: this.#spec.to,
      callId: this.callId,
      cseq: 1,
      contact: this.#endpoint.contact(destination.transport),
      headers: this.#spec.headers,
      body: this.#spec.body,
      ...(this.#spec.contentType !== undefined ? { contentType: this.#spec.contentType } : {}),
    });
    this.#state = 'inviting';
    this.#invite(invite);
  }

  /**
   * Stops the leg. Before the INVITE went out, nothing is sent; while it rings, a CANCEL (§9.1) with
   * `headers` (a Reason, RFC 3326); after the answer, a BYE.
   */
  cancel(headers: readonly HeaderField[] = []): void {
    switch (this.#state) {
      case 'starting':
        this.#state = 'cancelled';
        return;
      case 'inviting':
        this.#state = 'cancelled';
        this.#cancelHeaders = headers;
        this.#sendCancel();
        return;
      case 'answered':
        this.hangUp(headers);
        return;
      default:
        return;
    }
  }

  /** Ends an answered leg with a BYE (§15.1.1). */
  hangUp(headers: readonly HeaderField[] = []): void {
    if (this.#state !== 'answered' || !this.#dialog) return;
    this.#state = 'ended';
    this.#dialogs.remove(this.#dialog);
    sendBye(this.#endpoint, this.#dialog, headers);
  }

  onDialogRequest(transaction: ServerTransaction, dialog: Dialog): void {
    takeDialogRequest(this.#dialogs, transaction, dialog, {
      live: this.#state === 'answered',
      onBye: () => {
        this.#state = 'ended';
        this.#events.onHungUp();
      },
      onRequest: (request) => this.#events.onDialogRequest(request),
    });
  }

  onDialogAck(): void {
    // We never answer an INVITE on an outbound leg with a 2xx of our own except to a relayed
    // re-INVITE, whose ACK needs no action: the offer/answer was complete in the INVITE and its 2xx.
  }

  #invite(invite: SipRequest): void {
    const destination = this.#destination;
    if (!destination) return;
    const forks = new InviteForks(invite, { via: () => this.#endpoint.via(destination.transport) });
    this.#forks = forks;
    this.#transaction = this.#endpoint.send(invite, destination, {
      onResponse: (response) => this.#onResponse(invite, forks, response),
      onFailure: (error) => {
        if (this.#state === 'inviting') {
          this.#state = 'failed';
          this.#events.onFailed(unreachable(error.code === 'timeout' ? 'no response (timeout)' : error.message));
        }
      },
    });
    // A CANCEL asked for during a digest retry applies to the new INVITE.
    if (this.#state === 'cancelled') this.#sendCancel();
  }

  #onResponse(invite: SipRequest, forks: InviteForks, response: SipResponse): void {
    if (forks !== this.#forks) return; // a response to an INVITE replaced by a digest retry
    const outcome = forks.receive(response);
    const status = response.status;
    if (status < 200) {
      if (status > 100 && this.#state === 'inviting') this.#events.onProgress(response);
      return;
    }
    if (status >= 300) {
      if ((status === 401 || status === 407) && this.#state === 'inviting' && this.#retryWithCredentials(invite, response)) return;
      if (this.#state === 'inviting') {
        this.#state = 'failed';
        this.#events.onFailed(legFailureOf(status, response.reason));
      }
      return;
    }
    // A 2xx. Every one is acknowledged, end to end (§13.2.2.4).
    if (outcome.kind === 'confirmed' || outcome.kind === 'extra' || outcome.kind === 'retransmission') {
      this.#ack(outcome.dialog);
      if (outcome.kind === 'retransmission') return;
      if (outcome.kind === 'confirmed' && this.#state === 'inviting') {
        this.#state = 'answered';
        this.#dialog = outcome.dialog;
        this.#dialogs.add(outcome.dialog, this);
        this.#events.onAnswered(response);
        return;
      }
      // Answered after we cancelled it, or a second fork answering: acknowledge, then hang up (§15).
      sendBye(this.#endpoint, outcome.dialog);
    }
  }

  #ack(dialog: Dialog): void {
    const destination = this.#destination;
    if (!destination) return;
    try {
      const ack = dialog.createRequest('ACK', { via: this.#endpoint.via(destination.transport) });
      // The ACK goes where the dialog says (its route set and Contact), resolved like any request.
      void this.#endpoint
        .destinationOf(ack)
        .then((target) => this.#endpoint.layer.sendAck(ack, target))
        .catch(() => undefined);
    } catch {
      // The dialog ended: a BYE already went out.
    }
  }

  /** §22.2: resend the INVITE once with credentials; false when there are none or it was tried. */
  #retryWithCredentials(invite: SipRequest, response: SipResponse): boolean {
    const user = this.#spec.credentials;
    if (!user || this.#retries >= digestRetries) return false;
    this.#retries += 1;
    try {
      this.#invite(authorizeRequest(invite, response, user, this.#digest));
      return true;
    } catch {
      return false;
    }
  }

  #sendCancel(): void {
    const transaction = this.#transaction;
    if (!transaction) return;
    // §9.1: sent once a provisional response arrived; the layer waits for one if needed.
    this.#endpoint.layer.cancel(transaction, { onResponse: () => undefined, onFailure: () => undefined }, this.#cancelHeaders);
    // §9.1: with no final response 64·T1 after the CANCEL, the INVITE transaction is considered
    // cancelled and destroyed, so a destination that never answers the CANCEL leaks nothing.
    this.#endpoint.clock.setTimer(64 * 500, () => {
      if (transaction.kind === 'invite-client' && (transaction.state === 'calling' || transaction.state === 'proceeding')) transaction.terminate();
    });
  }
}
