import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { isReliable, type MessageSource } from '../transport/transport-address.ts';
import type { ServerTransactionEvents } from './server-transaction-events.ts';
import { TransactionError } from './transaction-error.ts';
import type { TransactionContext } from './transaction-context.ts';
import { serverKey, type TransactionKey } from './transaction-key.ts';
import { TransactionTimers } from './transaction-timers.ts';

/** RFC 3261 §17.2.2, figure 8. */
export type ServerNonInviteState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/**
 * The server side of any request but INVITE and ACK (RFC 3261 §17.2.2):
 *
 * - trying: retransmitted requests are absorbed until the TU answers.
 * - proceeding: the TU sent a 1xx; a retransmitted request gets the latest one again.
 * - completed: the TU sent its final response; a retransmitted request gets it again, until
 *   Timer J (64·T1 on UDP, 0 on TCP).
 */
export class ServerNonInviteTransaction {
  readonly kind = 'non-invite-server';
  readonly key: TransactionKey;
  readonly request: SipRequest;
  readonly source: MessageSource;
  #state: ServerNonInviteState = 'trying';
  #lastResponse: SipResponse | undefined;
  readonly #context: TransactionContext;
  readonly #events: ServerTransactionEvents;
  readonly #timers: TransactionTimers<'J'>;

  constructor(request: SipRequest, source: MessageSource, context: TransactionContext, events: ServerTransactionEvents) {
    if (request.method === 'INVITE' || request.method === 'ACK') throw new TypeError(`${request.method} does not use a non-INVITE transaction`);
    this.key = serverKey(request);
    this.request = request;
    this.source = source;
    this.#context = context;
    this.#events = events;
    this.#timers = new TransactionTimers(context.clock);
  }

  get state(): ServerNonInviteState {
    return this.#state;
  }

  get answered(): boolean {
    return this.#state === 'completed' || this.#state === 'terminated';
  }

  start(): void {}

  /** Sends the TU's response; throws `TransactionError('invalid_state')` after the final one. */
  respond(response: SipResponse): void {
    if (this.#state === 'completed' || this.#state === 'terminated') {
      throw new TransactionError('invalid_state', `cannot send ${response.status} to a ${this.request.method} in state ${this.#state}`);
    }
    this.#lastResponse = response;
    if (response.status < 200) {
      this.#state = 'proceeding';
    } else {
      this.#state = 'completed';
      const waitJ = isReliable(this.source.transport) ? 0 : 64 * this.#context.timers.t1;
      this.#timers.start('J', waitJ, () => this.#terminate());
    }
    this.#send(response);
  }

  /** A retransmission of the request (§17.2.2). */
  receive(_request: SipRequest): boolean {
    if (this.#state !== 'trying' && this.#lastResponse) this.#send(this.#lastResponse);
    return true;
  }

  terminate(): void {
    this.#terminate();
  }

  #send(response: SipResponse): void {
    this.#context.transport.sendResponse(response, this.source).catch((error: unknown) => {
      if (this.#state === 'terminated') return;
      this.#terminate(() => this.#events.onFailure(new TransactionError('transport_failed', `cannot send ${response.status}`, { cause: error })));
    });
  }

  #terminate(before?: () => void): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#timers.stopAll();
    before?.();
    this.#events.onTerminated();
  }
}
