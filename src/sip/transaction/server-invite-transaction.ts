import { createResponse } from '../message/create-response.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { isReliable, type MessageSource } from '../transport/transport-address.ts';
import type { ServerTransactionEvents } from './server-transaction-events.ts';
import { TransactionError } from './transaction-error.ts';
import type { TransactionContext } from './transaction-context.ts';
import { serverKey, type TransactionKey } from './transaction-key.ts';
import { TransactionTimers } from './transaction-timers.ts';

/** RFC 3261 §17.2.1 with RFC 6026 §7.1 (the Accepted state). */
export type ServerInviteState = 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

/**
 * The server side of an INVITE (RFC 3261 §17.2.1, RFC 6026 §7.1):
 *
 * - proceeding: a 100 Trying goes out at once (the TU's own 1xx may take longer than 200 ms);
 *   a retransmitted INVITE gets the latest provisional response again.
 * - accepted: the TU sent a 2xx. The TU retransmits it itself (§13.3.1.4); the transaction
 *   absorbs INVITE retransmissions and passes a matching ACK to the TU, until Timer L (64·T1).
 * - completed: the TU sent a 300–699; on UDP it is retransmitted on Timer G (T1 doubling up to
 *   T2) until the ACK arrives, or Timer H (64·T1) gives up with `ack_timeout`.
 * - confirmed: the ACK arrived; more ACKs are absorbed for Timer I (T4 on UDP, 0 on TCP).
 */
export class ServerInviteTransaction {
  readonly kind = 'invite-server';
  readonly key: TransactionKey;
  readonly request: SipRequest;
  readonly source: MessageSource;
  #state: ServerInviteState = 'proceeding';
  #lastResponse: SipResponse | undefined;
  readonly #context: TransactionContext;
  readonly #events: ServerTransactionEvents;
  readonly #timers: TransactionTimers<'G' | 'H' | 'I' | 'L' | 'Trying'>;

  constructor(request: SipRequest, source: MessageSource, context: TransactionContext, events: ServerTransactionEvents) {
    if (request.method !== 'INVITE') throw new TypeError('a server INVITE transaction needs an INVITE');
    this.key = serverKey(request);
    this.request = request;
    this.source = source;
    this.#context = context;
    this.#events = events;
    this.#timers = new TransactionTimers(context.clock);
  }

  get state(): ServerInviteState {
    return this.#state;
  }

  /** Whether a final response was sent: a CANCEL then has no effect (§9.2). */
  get answered(): boolean {
    return this.#state !== 'proceeding';
  }

  /**
   * §17.2.1: the 100 Trying that stops the client's retransmissions — at once, or after the
   * configured `trying` delay (at most 200 ms) unless the TU has answered by then.
   */
  start(): void {
    const delay = this.#context.timers.trying;
    if (delay <= 0) {
      this.#respondProvisional(createResponse(this.request, 100));
      return;
    }
    this.#timers.start('Trying', delay, () => this.#sendTrying());
  }

  /**
   * Sends the TU's response. Throws `TransactionError('invalid_state')` for a response the state
   * does not allow (anything after a non-2xx final response; a non-2xx after a 2xx).
   */
  respond(response: SipResponse): void {
    const status = response.status;
    if (this.#state === 'accepted' && status >= 200 && status < 300) {
      this.#send(response); // the TU's own 2xx retransmission (§13.3.1.4) or a second 2xx
      return;
    }
    if (this.#state !== 'proceeding') {
      throw new TransactionError('invalid_state', `cannot send ${status} to an INVITE in state ${this.#state}`);
    }
    this.#timers.stop('Trying');
    if (status < 200) {
      this.#respondProvisional(response);
    } else if (status < 300) {
      this.#state = 'accepted';
      this.#lastResponse = response;
      this.#timers.start('L', 64 * this.#context.timers.t1, () => this.#terminate());
      this.#send(response);
    } else {
      this.#state = 'completed';
      this.#lastResponse = response;
      const { t1 } = this.#context.timers;
      if (!isReliable(this.source.transport)) this.#scheduleG(t1);
      this.#timers.start('H', 64 * t1, () => this.#fail(new TransactionError('ack_timeout', `no ACK for the ${status} before Timer H`)));
      this.#send(response);
    }
  }

  /**
   * A request that matched this transaction: a retransmitted INVITE or an ACK. Returns false for
   * an ACK the transaction does not take (its To tag is not the one we answered with).
   */
  receive(request: SipRequest): boolean {
    if (request.method === 'ACK') return this.#receiveAck(request);
    // A retransmitted INVITE (§17.2.1): repeat the latest response in Proceeding and Completed;
    // with nothing sent yet (a delayed 100), the 100 goes now.
    if ((this.#state === 'proceeding' || this.#state === 'completed') && this.#lastResponse) this.#send(this.#lastResponse);
    else if (this.#state === 'proceeding') this.#sendTrying();
    return true;
  }

  terminate(): void {
    this.#terminate();
  }

  #receiveAck(ack: SipRequest): boolean {
    // RFC 2543 matching leaves the To tag to us (§17.2.3): it must be the one our response carried.
    const sentTag = this.#lastResponse?.to.params.get('tag');
    const ackTag = ack.to.params.get('tag');
    if (sentTag !== undefined && sentTag !== null && ackTag !== sentTag) return false;
    if (this.#state === 'accepted') {
      this.#events.onAck(ack);
    } else if (this.#state === 'completed') {
      this.#state = 'confirmed';
      this.#timers.stop('G');
      this.#timers.stop('H');
      const waitI = isReliable(this.source.transport) ? 0 : this.#context.timers.t4;
      this.#timers.start('I', waitI, () => this.#terminate());
    }
    return true; // confirmed: absorbed; proceeding: an ACK before any final response, ignored
  }

  #sendTrying(): void {
    this.#timers.stop('Trying');
    if (this.#state === 'proceeding' && !this.#lastResponse) this.#respondProvisional(createResponse(this.request, 100));
  }

  #respondProvisional(response: SipResponse): void {
    this.#lastResponse = response;
    this.#send(response);
  }

  #scheduleG(interval: number): void {
    this.#timers.start('G', interval, () => {
      if (this.#state !== 'completed' || !this.#lastResponse) return;
      this.#send(this.#lastResponse);
      this.#scheduleG(Math.min(interval * 2, this.#context.timers.t2));
    });
  }

  #send(response: SipResponse): void {
    this.#context.transport.sendResponse(response, this.source).catch((error: unknown) => {
      this.#fail(new TransactionError('transport_failed', `cannot send ${response.status}`, { cause: error }));
    });
  }

  #fail(error: TransactionError): void {
    if (this.#state === 'terminated') return;
    this.#terminate(() => this.#events.onFailure(error));
  }

  #terminate(before?: () => void): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#timers.stopAll();
    before?.();
    this.#events.onTerminated();
  }
}
