import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { isReliable, type TransportAddress } from '../transport/transport-address.ts';
import { createNon2xxAck } from './non2xx-ack.ts';
import type { ClientTransactionHandler } from './client-transaction-handler.ts';
import { TransactionError } from './transaction-error.ts';
import type { TransactionContext } from './transaction-context.ts';
import { clientKeyOfRequest, type TransactionKey } from './transaction-key.ts';
import { TransactionTimers } from './transaction-timers.ts';

/** RFC 3261 §17.1.1.2 with RFC 6026 §7.2 (the Accepted state). */
export type ClientInviteState = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

/**
 * The client side of an INVITE (RFC 3261 §17.1.1, RFC 6026 §7.2):
 *
 * - calling: the INVITE is sent; on UDP retransmitted on Timer A, which starts at T1 and doubles
 *   each time (§17.1.1.2 sets no cap for INVITE); Timer B (64·T1) gives up with `timeout`.
 * - proceeding: a 1xx arrived; no more retransmission, no Timer B; wait for the final response.
 * - accepted: a 2xx arrived (RFC 6026): every 2xx goes to the TU, which ACKs it end to end;
 *   Timer M (64·T1) ends the transaction.
 * - completed: a 300–699 arrived; the transaction ACKs it (§17.1.1.3) and every retransmission
 *   of it, for Timer D (32 s on UDP, 0 on TCP).
 */
export class ClientInviteTransaction {
  readonly kind = 'invite-client';
  readonly key: TransactionKey;
  readonly request: SipRequest;
  readonly destination: TransportAddress;
  #state: ClientInviteState = 'calling';
  #ack: SipRequest | undefined;
  #onProvisional: (() => void) | undefined;
  readonly #context: TransactionContext;
  readonly #handler: ClientTransactionHandler;
  readonly #timers: TransactionTimers<'A' | 'B' | 'D' | 'M'>;
  readonly #onTerminated: () => void;

  constructor(request: SipRequest, destination: TransportAddress, context: TransactionContext, handler: ClientTransactionHandler, onTerminated: () => void) {
    if (request.method !== 'INVITE') throw new TypeError('a client INVITE transaction needs an INVITE');
    this.key = clientKeyOfRequest(request);
    this.request = request;
    this.destination = destination;
    this.#context = context;
    this.#handler = handler;
    this.#timers = new TransactionTimers(context.clock);
    this.#onTerminated = onTerminated;
  }

  get state(): ClientInviteState {
    return this.#state;
  }

  start(): void {
    const { t1 } = this.#context.timers;
    this.#send(this.request);
    if (!isReliable(this.destination.transport)) this.#scheduleA(t1);
    this.#timers.start('B', 64 * t1, () => {
      if (this.#state === 'calling') this.#fail(new TransactionError('timeout', 'no response to the INVITE before Timer B'));
    });
  }

  /**
   * Runs `fn` once a provisional response has arrived — at once if one has — because a CANCEL may
   * not be sent before (§9.1). It is dropped if the transaction gets a final response first.
   */
  whenProceeding(fn: () => void): void {
    if (this.#state === 'proceeding') fn();
    else if (this.#state === 'calling') this.#onProvisional = fn;
  }

  receive(response: SipResponse): void {
    const status = response.status;
    switch (this.#state) {
      case 'calling':
      case 'proceeding':
        this.#timers.stop('A');
        this.#timers.stop('B');
        if (status < 200) {
          this.#state = 'proceeding';
          this.#handler.onResponse(response);
          const pending = this.#onProvisional;
          this.#onProvisional = undefined;
          pending?.();
        } else if (status < 300) {
          // RFC 6026 §7.2: wait in Accepted for more 2xx (retransmissions, other forks).
          this.#state = 'accepted';
          this.#onProvisional = undefined;
          this.#timers.start('M', 64 * this.#context.timers.t1, () => this.#terminate());
          this.#handler.onResponse(response);
        } else {
          this.#state = 'completed';
          this.#onProvisional = undefined;
          this.#ack = createNon2xxAck(this.request, response);
          this.#send(this.#ack);
          this.#handler.onResponse(response);
          const waitD = isReliable(this.destination.transport) ? 0 : this.#context.timers.timerD;
          if (this.#state === 'completed') this.#timers.start('D', waitD, () => this.#terminate());
        }
        return;
      case 'accepted':
        if (status >= 200 && status < 300) this.#handler.onResponse(response);
        return;
      case 'completed':
        // A retransmitted final response: our ACK was lost, send it again (§17.1.1.2).
        if (status >= 300 && this.#ack) this.#send(this.#ack);
        return;
      case 'terminated':
        return;
    }
  }

  /** Ends the transaction now, without telling the TU of a failure. */
  terminate(): void {
    this.#terminate();
  }

  #scheduleA(interval: number): void {
    this.#timers.start('A', interval, () => {
      if (this.#state !== 'calling') return;
      this.#send(this.request);
      this.#scheduleA(interval * 2);
    });
  }

  #send(message: SipRequest): void {
    this.#context.transport.send(message, this.destination).catch((error: unknown) => {
      if (this.#state === 'terminated') return;
      this.#fail(new TransactionError('transport_failed', `cannot send ${message.method}`, { cause: error }));
    });
  }

  #fail(error: TransactionError): void {
    if (this.#state === 'terminated') return;
    this.#terminate(() => this.#handler.onFailure(error));
  }

  #terminate(before?: () => void): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#onProvisional = undefined;
    this.#timers.stopAll();
    this.#onTerminated();
    before?.();
    this.#handler.onTerminated?.();
  }
}
