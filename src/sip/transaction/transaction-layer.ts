import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import { realClock } from '../clock/real-clock.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { createResponse } from '../message/create-response.ts';
import type { SipMessage } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import type { MessageTransport, TransportDelegate } from '../transport/message-transport.ts';
import type { MessageSource, TransportAddress } from '../transport/transport-address.ts';
import { createCancel } from './cancel-request.ts';
import { ClientInviteTransaction } from './client-invite-transaction.ts';
import { ClientNonInviteTransaction } from './client-non-invite-transaction.ts';
import type { ClientTransactionHandler } from './client-transaction-handler.ts';
import { ServerInviteTransaction } from './server-invite-transaction.ts';
import { ServerNonInviteTransaction } from './server-non-invite-transaction.ts';
import { resolveTimerConfig, type TimerConfig } from './timer-config.ts';
import type { TransactionContext } from './transaction-context.ts';
import { clientKeyOfResponse, serverKey, type TransactionKey } from './transaction-key.ts';
import type { ServerTransaction, TransactionUser } from './transaction-user.ts';

export type ClientTransaction = ClientInviteTransaction | ClientNonInviteTransaction;

export interface TransactionLayerOptions {
  readonly transport: MessageTransport;
  readonly user: TransactionUser;
  /** Defaults to the real clock. */
  readonly clock?: Clock;
  /** T1, T2, T4 and Timer D; defaults per RFC 3261 Appendix A. */
  readonly timers?: Partial<TimerConfig>;
}

/**
 * The transaction layer (RFC 3261 §17): between a transport and the transaction user. It matches
 * incoming responses to client transactions (§17.1.3) and requests to server transactions
 * (§17.2.3), creates server transactions for new requests, absorbs retransmissions, answers
 * CANCEL (§9.2), and passes ACKs for 2xx and stray responses straight to the TU.
 */
export class TransactionLayer implements TransportDelegate {
  readonly #context: TransactionContext;
  readonly #user: TransactionUser;
  readonly #clients = new Map<TransactionKey, ClientTransaction>();
  readonly #servers = new Map<TransactionKey, ServerTransaction>();

  constructor(options: TransactionLayerOptions) {
    this.#context = { clock: options.clock ?? realClock, timers: resolveTimerConfig(options.timers), transport: options.transport };
    this.#user = options.user;
    options.transport.attach(this);
  }

  /** How many transactions are alive, client and server. */
  get size(): number {
    return this.#clients.size + this.#servers.size;
  }

  /**
   * Starts a client transaction for `request` (not ACK) to `destination`. The request's top Via
   * must carry a unique RFC 3261 branch (§8.1.1.7): it is the transaction's identity.
   */
  sendRequest(request: SipRequest, destination: TransportAddress, handler: ClientTransactionHandler): ClientTransaction {
    if (request.method === 'ACK') throw new TypeError('an ACK has no transaction: use sendAck');
    const onTerminated = (): void => {
      if (this.#clients.get(transaction.key) === transaction) this.#clients.delete(transaction.key);
    };
    const transaction: ClientTransaction =
      request.method === 'INVITE'
        ? new ClientInviteTransaction(request, destination, this.#context, handler, onTerminated)
        : new ClientNonInviteTransaction(request, destination, this.#context, handler, onTerminated);
    if (this.#clients.has(transaction.key)) throw new TypeError(`branch ${request.topVia.branch ?? ''} is already in use`);
    this.#clients.set(transaction.key, transaction);
    transaction.start();
    return transaction;
  }

  /** Sends the ACK for a 2xx, end to end and outside any transaction (§13.2.2.4, §17.1.1.3). */
  sendAck(ack: SipRequest, destination: TransportAddress): Promise<void> {
    if (ack.method !== 'ACK') throw new TypeError(`sendAck needs an ACK, not ${ack.method}`);
    return this.#context.transport.send(ack, destination);
  }

  /**
   * Cancels an INVITE we sent (§9.1): builds the CANCEL and sends it in its own transaction to the
   * INVITE's destination once a provisional response has arrived (never before). Returns undefined
   * when the INVITE already has a final response, so there is nothing left to cancel.
   */
  cancel(invite: ClientTransaction, handler: ClientTransactionHandler, headers: readonly HeaderField[] = []): SipRequest | undefined {
    if (invite.kind !== 'invite-client') throw new TypeError(`only an INVITE can be cancelled, not ${invite.request.method}`);
    if (invite.state !== 'calling' && invite.state !== 'proceeding') return undefined;
    const cancel = createCancel(invite.request, headers);
    invite.whenProceeding(() => this.sendRequest(cancel, invite.destination, handler));
    return cancel;
  }

  onMessage(message: SipMessage, source: MessageSource): void {
    if (message.kind === 'response') this.#onResponse(message, source);
    else this.#onRequest(message, source);
  }

  #onResponse(response: SipResponse, source: MessageSource): void {
    const transaction = this.#clients.get(clientKeyOfResponse(response));
    if (transaction) transaction.receive(response);
    else this.#user.onStrayResponse?.(response, source);
  }

  #onRequest(request: SipRequest, source: MessageSource): void {
    const existing = this.#servers.get(serverKey(request));
    if (existing) {
      if (!existing.receive(request) && request.method === 'ACK') this.#user.onAck?.(request, source);
      return;
    }
    if (request.method === 'ACK') {
      this.#user.onAck?.(request, source);
      return;
    }
    const transaction = this.#createServer(request, source);
    if (request.method === 'CANCEL') this.#onCancel(transaction as ServerNonInviteTransaction);
    else this.#user.onRequest(transaction);
  }

  /** §9.2: find the INVITE by its transaction key taken as INVITE; 481 if there is none. */
  #onCancel(cancel: ServerNonInviteTransaction): void {
    const invite = this.#servers.get(serverKey(cancel.request, 'INVITE'));
    if (!(invite instanceof ServerInviteTransaction)) {
      cancel.respond(createResponse(cancel.request, 481));
      return;
    }
    cancel.respond(createResponse(cancel.request, 200));
    if (invite.answered) return; // a final response went out: the CANCEL has no effect
    if (this.#user.onCancel) this.#user.onCancel(invite, cancel.request);
    else invite.respond(createResponse(invite.request, 487, { toTag: randomBytes(6).toString('hex') }));
  }

  #createServer(request: SipRequest, source: MessageSource): ServerTransaction {
    const events = {
      onFailure: (error: Parameters<NonNullable<TransactionUser['onTransactionError']>>[0]) => this.#user.onTransactionError?.(error, transaction),
      onAck: (ack: SipRequest) => this.#user.onAck?.(ack, source),
      onTerminated: () => {
        if (this.#servers.get(transaction.key) === transaction) this.#servers.delete(transaction.key);
      },
    };
    const transaction: ServerTransaction =
      request.method === 'INVITE'
        ? new ServerInviteTransaction(request, source, this.#context, events)
        : new ServerNonInviteTransaction(request, source, this.#context, events);
    this.#servers.set(transaction.key, transaction);
    transaction.start();
    return transaction;
  }
}
