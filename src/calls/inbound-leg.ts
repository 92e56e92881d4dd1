import {
  createResponse,
  createUasDialog,
  formatNameAddr,
  isReliable,
  type Dialog,
  type HeaderField,
  type ServerInviteTransaction,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type TimerHandle,
} from '../sip/index.ts';
import { takeDialogRequest, type DialogDirectory, type DialogOwner } from './dialog-directory.ts';
import { respondQuietly, sendBye } from './in-dialog-request.ts';
import { newTag, type SipEndpoint } from './sip-endpoint.ts';

export interface InboundLegEvents {
  /** After answer: the caller hung up (its BYE is answered already), or never acknowledged our 2xx. */
  onHungUp(why: 'bye' | 'no-ack'): void;
  /** After answer: a request within the dialog other than BYE (re-INVITE, UPDATE, INFO) to relay. */
  onDialogRequest(transaction: ServerTransaction): void;
}

type InboundState = 'ringing' | 'answered' | 'refused' | 'ended';

/**
 * The caller's leg: the INVITE that came in, answered by ringroute as a UAS. One To tag for every
 * response (§8.2.6.2); the first 180/183 relayed once; the answer retransmitted until the ACK comes
 * (§13.3.1.4); a BYE either way once answered.
 */
export class InboundLeg implements DialogOwner {
  readonly transaction: ServerInviteTransaction;
  readonly #endpoint: SipEndpoint;
  readonly #dialogs: DialogDirectory;
  readonly #events: InboundLegEvents;
  readonly #toTag = newTag();
  #state: InboundState = 'ringing';
  #progressSent = false;
  #dialog: Dialog | undefined;
  #retransmit: TimerHandle | undefined;
  #giveUp: TimerHandle | undefined;

  constructor(endpoint: SipEndpoint, dialogs: DialogDirectory, transaction: ServerInviteTransaction, events: InboundLegEvents) {
    this.#endpoint = endpoint;
    this.#dialogs = dialogs;
    this.transaction = transaction;
    this.#events = events;
  }

  get request(): SipRequest {
    return this.transaction.request;
  }

  get dialog(): Dialog | undefined {
    return this.#dialog;
  }

  get answered(): boolean {
    return this.#state === 'answered';
  }

  /** Our Contact header for responses that make or refresh the dialog (§12.1.1). */
  get contactHeader(): HeaderField {
    return { name: 'Contact', value: formatNameAddr(this.#endpoint.contact(this.transaction.source.transport)) };
  }

  /**
   * Relays a destination's first 180 or 183 (with its early-media SDP) to the caller. Only the first
   * is relayed: a caller hears "ringing" once, however many destinations ring.
   */
  progress(response: SipResponse): void {
    if (this.#state !== 'ringing' || this.#progressSent) return;
    this.#progressSent = true;
    const status = response.status === 183 ? 183 : 180;
    const contentType = response.rawHeader('Content-Type');
    respondQuietly(
      this.transaction,
      createResponse(this.request, status, {
        toTag: this.#toTag,
        headers: [this.contactHeader],
        ...(response.body.length > 0 ? { body: response.body, ...(contentType ? { contentType } : {}) } : {}),
      }),
    );
  }

  /** Answers the caller with the destination's SDP answer (§13.3.1.4); false if the caller is gone. */
  answer(body: Buffer, contentType: string | undefined): boolean {
    if (this.#state !== 'ringing' || this.transaction.answered) return false;
    const response = createResponse(this.request, 200, {
      toTag: this.#toTag,
      headers: [this.contactHeader],
      ...(body.length > 0 ? { body, ...(contentType ? { contentType } : {}) } : {}),
    });
    try {
      this.#dialog = createUasDialog(this.request, response, { via: () => this.#endpoint.via(this.transaction.source.transport) });
    } catch {
      // The caller's INVITE cannot make a dialog (no Contact): answer it anyway, without one.
      this.#dialog = undefined;
    }
    try {
      this.transaction.respond(response);
    } catch {
      return false;
    }
    this.#state = 'answered';
    if (this.#dialog) this.#dialogs.add(this.#dialog, this);
    this.#retransmitUntilAck(response);
    return true;
  }

  /** Refuses the unanswered call with a final status (§8.2.6); a no-op once answered or refused. */
  refuse(status: number, headers: readonly HeaderField[] = []): void {
    if (this.#state !== 'ringing') return;
    this.#state = 'refused';
    respondQuietly(this.transaction, createResponse(this.request, status, { toTag: this.#toTag, headers }));
  }

  /** Ends the answered call towards the caller with a BYE (§15.1.1). */
  hangUp(headers: readonly HeaderField[] = []): void {
    if (this.#state !== 'answered') return;
    this.#state = 'ended';
    this.#stopRetransmitting();
    if (!this.#dialog) return;
    this.#dialogs.remove(this.#dialog);
    sendBye(this.#endpoint, this.#dialog, headers);
  }

  onDialogRequest(transaction: ServerTransaction, dialog: Dialog): void {
    takeDialogRequest(this.#dialogs, transaction, dialog, {
      live: this.#state === 'answered',
      onBye: () => {
        this.#state = 'ended';
        this.#stopRetransmitting();
        this.#events.onHungUp('bye');
      },
      onRequest: (request) => this.#events.onDialogRequest(request),
    });
  }

  onDialogAck(ack: SipRequest): void {
    // The ACK for our answer (same CSeq as the INVITE) stops the retransmissions (§13.3.1.4).
    if (ack.cseq.seq === this.request.cseq.seq) this.#stopRetransmitting();
  }

  /**
   * §13.3.1.4: over UDP the 2xx is sent again at T1, doubling up to T2, until the ACK arrives; with
   * no ACK within 64·T1 the session is confirmed and then ended with a BYE. Over TCP, once is enough,
   * but the 64·T1 wait for the ACK still applies.
   */
  #retransmitUntilAck(response: SipResponse): void {
    const clock = this.#endpoint.clock;
    const t1 = 500;
    const t2 = 4000;
    if (!isReliable(this.transaction.source.transport)) {
      const again = (interval: number): void => {
        this.#retransmit = clock.setTimer(interval, () => {
          respondQuietly(this.transaction, response);
          again(Math.min(interval * 2, t2));
        });
      };
      again(t1);
    }
    this.#giveUp = clock.setTimer(64 * t1, () => {
      this.#stopRetransmitting();
      if (this.#state !== 'answered') return;
      this.hangUp();
      this.#events.onHungUp('no-ack');
    });
  }

  #stopRetransmitting(): void {
    const clock = this.#endpoint.clock;
    if (this.#retransmit) clock.clear(this.#retransmit);
    if (this.#giveUp) clock.clear(this.#giveUp);
    this.#retransmit = undefined;
    this.#giveUp = undefined;
  }
}
