import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { isReliable, type TransportAddress } from '../transport/transport-address.ts';
import type { ClientTransactionHandler } from './client-transaction-handler.ts';
import { TransactionError } from './transaction-error.ts';
import type { TransactionContext } from './transaction-context.ts';
import { clientKeyOfRequest, type TransactionKey } from './transaction-key.ts';
import { TransactionTimers } from './transaction-timers.ts';

/** RFC 3261 §17.1.2.2, figure 6. */
export type ClientNonInviteState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/**
 * The client side of any request but INVITE and ACK (RFC 3261 §17.1.2):
 *
 * - trying: sent; on UDP retransmitted on Timer E, from T1 doubling up to T2; Timer F (64·T1)
 *   gives up with `timeout`.
 * - proceeding: a 1xx arrived; retransmission continues every T2 until F.
 * - completed: the final response went to the TU; retransmissions of it are absorbed for Timer K
 *   (T4 on UDP, 0 on TCP).
 */
export class ClientNonInviteTransaction {
  readonly kind = 'non-invite-client';
  readonly key: TransactionKey;
  readonly request: SipRequest;
  readonly destination: TransportAddress;
  #state: ClientNonInviteState = 'trying';
  readonly #context: TransactionContext;
  readonly #handler: ClientTransactionHandler;
  readonly #timers: TransactionTimers<'E' | 'F' | 'K'>;
  readonly #onTerminated: () => void;

  constructor(request: SipRequest, destination: TransportAddress, context: TransactionContext, handler: ClientTransactionHandler, onTerminated: () => void) {
    if (request.method === 'INVITE' || request.method === 'ACK') throw new TypeError(`${request.method} does not use a non-INVITE transaction`);
    this.key = clientKeyOfRequest(request);
    this.request = request;
    this.destination = destination;
    this.#context = context;
    this.#handler = handler;
    this.#timers = new TransactionTimers(context.clock);
    this.#onTerminated = onTerminated;
  }

  get state(): ClientNonInviteState {
    return this.#state;
  }

  start(): void {
    const { t1 } = this.#context.timers;
    this.#send();
    if (!isReliable(this.destination.transport)) this.#scheduleE(t1);
    this.#timers.start('F', 64 * t1, () => this.#fail(new TransactionError('timeout', `no final response to ${this.request.method} before Timer F`)));
  }

  receive(response: SipResponse): void {
    if (this.#state !== 'trying' && this.#state !== 'proceeding') return; // completed: absorbed
    if (response.status < 200) {
      this.#state = 'proceeding';
      this.#handler.onResponse(response);
      return;
    }
    this.#state = 'completed';
    this.#timers.stop('E');
    this.#timers.stop('F');
    this.#handler.onResponse(response);
    const waitK = isReliable(this.destination.transport) ? 0 : this.#context.timers.t4;
    if (this.#state === 'completed') this.#timers.start('K', waitK, () => this.#terminate());
  }

  terminate(): void {
    this.#terminate();
  }

  #scheduleE(interval: number): void {
    this.#timers.start('E', interval, () => {
      if (this.#state !== 'trying' && this.#state !== 'proceeding') return;
      this.#send();
      // §17.1.2.2: doubling up to T2 in Trying; every T2 once Proceeding.
      const { t2 } = this.#context.timers;
      this.#scheduleE(this.#state === 'proceeding' ? t2 : Math.min(interval * 2, t2));
    });
  }

  #send(): void {
    this.#context.transport.send(this.request, this.destination).catch((error: unknown) => {
      this.#fail(new TransactionError('transport_failed', `cannot send ${this.request.method}`, { cause: error }));
    });
  }

  #fail(error: TransactionError): void {
    if (this.#state === 'terminated' || this.#state === 'completed') return;
    this.#terminate(() => this.#handler.onFailure(error));
  }

  #terminate(before?: () => void): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#timers.stopAll();
    this.#onTerminated();
    before?.();
    this.#handler.onTerminated?.();
  }
}
