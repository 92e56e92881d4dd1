import { randomBytes } from 'node:crypto';
import {
  createResponse,
  SipTransport,
  TransactionLayer,
  type MessageSource,
  type ServerTransaction,
  type SipRequest,
  type TransactionError,
  type TransactionUser,
} from '../../../../src/sip/index.ts';
import { ProvisionalLoss } from './provisional-loss.ts';
import { sdpBody, sdpContentType } from './sdp-body.ts';
import { UasCall } from './uas-call.ts';

export interface TinyUasOptions {
  readonly host?: string;
  /** Wait this long after the 180 before sending the 200 to an INVITE. */
  readonly inviteAnswerDelayMs?: number;
  /** Wait this long before answering a BYE 200. */
  readonly byeAnswerDelayMs?: number;
  /** Lose every 1xx on the way out (see ProvisionalLoss), so a UDP peer retransmits its INVITE. */
  readonly loseProvisionals?: boolean;
}

/**
 * A tiny UAS on the real stack for interop tests: INVITE → 180, 200 (To tag, Contact, SDP answer);
 * the 2xx ACK arrives through `onAck`; BYE → 200; OPTIONS → 200; anything else → 501. It keeps no
 * dialog state beyond counters: enough to check that a peer's calls went through.
 */
export class TinyUas implements TransactionUser {
  readonly calls = new Map<string, UasCall>();
  readonly errors: TransactionError[] = [];
  optionsAnswered = 0;
  readonly #transport: SipTransport;
  readonly #layer: TransactionLayer;
  readonly #options: TinyUasOptions;
  readonly #host: string;
  readonly #pending = new Set<ReturnType<typeof setTimeout>>();
  readonly #live = new Set<ServerTransaction>();
  #port = 0;
  #pruneAt = 1_024;

  private constructor(options: TinyUasOptions) {
    this.#options = options;
    this.#host = options.host ?? '127.0.0.1';
    this.#transport = new SipTransport();
    const wire = options.loseProvisionals ? new ProvisionalLoss(this.#transport) : this.#transport;
    this.#layer = new TransactionLayer({ transport: wire, user: this });
  }

  static async start(options: TinyUasOptions = {}): Promise<TinyUas> {
    const uas = new TinyUas(options);
    uas.#port = (await uas.#transport.listen({ host: uas.#host, port: 0 })).port;
    return uas;
  }

  /** The UDP and TCP port it listens on. */
  get port(): number {
    return this.#port;
  }

  /** Transactions the layer still holds (they linger for Timers J, K, L after completing). */
  get liveTransactions(): number {
    return this.#layer.size;
  }

  get host(): string {
    return this.#host;
  }

  /** How many calls went all the way through INVITE, ACK and BYE. */
  get completedCalls(): number {
    let count = 0;
    for (const call of this.calls.values()) if (call.completed) count++;
    return count;
  }

  onRequest(transaction: ServerTransaction): void {
    const request = transaction.request;
    this.#track(transaction);
    switch (request.method) {
      case 'INVITE':
        this.#call(request).invites++;
        this.#answerInvite(transaction);
        break;
      case 'BYE': {
        const call = this.calls.get(request.callId);
        if (!call) {
          // §15.1.2: a BYE that matches no dialog gets 481.
          transaction.respond(createResponse(request, 481));
          return;
        }
        call.byes++;
        this.#later(this.#options.byeAnswerDelayMs ?? 0, () => {
          transaction.respond(createResponse(request, 200));
          call.byeAnswered = true;
        });
        break;
      }
      case 'OPTIONS':
        // §11.2: answer as an INVITE would be answered, with what we allow.
        transaction.respond(createResponse(request, 200, { headers: [{ name: 'Allow', value: 'INVITE, ACK, BYE, CANCEL, OPTIONS' }] }));
        this.optionsAnswered++;
        break;
      default:
        // §8.2.1: a method we do not implement.
        transaction.respond(createResponse(request, 501, { headers: [{ name: 'Allow', value: 'INVITE, ACK, BYE, CANCEL, OPTIONS' }] }));
    }
  }

  onAck(ack: SipRequest, _source: MessageSource): void {
    const call = this.calls.get(ack.callId);
    if (call) call.acks++;
  }

  onTransactionError(error: TransactionError): void {
    this.errors.push(error);
  }

  /** Stops answering, ends its transactions (and their timers) and closes the sockets. */
  async close(): Promise<void> {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
    for (const transaction of this.#live) transaction.terminate();
    this.#live.clear();
    await this.#transport.close();
  }

  #answerInvite(transaction: ServerTransaction): void {
    const request = transaction.request;
    // §8.2.6.2: one To tag for every response to this INVITE; it names our half of the dialog.
    const toTag = randomBytes(6).toString('hex');
    // §12.1.1: the 2xx carries a Contact, the remote target for the UAC's ACK and BYE; a
    // transport parameter keeps a TCP peer on TCP (§19.1.1).
    const transport = transaction.source.transport;
    const contact = `<sip:uas@${this.#host}:${this.#port}${transport === 'tcp' ? ';transport=tcp' : ''}>`;
    transaction.respond(createResponse(request, 180, { toTag, headers: [{ name: 'Contact', value: contact }] }));
    this.#later(this.#options.inviteAnswerDelayMs ?? 0, () => {
      // RFC 3264 §6: the answer; the media port is never used (no RTP here).
      const answer = sdpBody(this.#host, 40_000, Date.now());
      transaction.respond(createResponse(request, 200, { toTag, headers: [{ name: 'Contact', value: contact }], body: answer, contentType: sdpContentType }));
    });
  }

  #call(request: SipRequest): UasCall {
    let call = this.calls.get(request.callId);
    if (!call) {
      call = new UasCall(request.callId);
      this.calls.set(request.callId, call);
    }
    return call;
  }

  /** Remembers live transactions so close() can stop their timers; prunes ended ones, amortised. */
  #track(transaction: ServerTransaction): void {
    this.#live.add(transaction);
    if (this.#live.size < this.#pruneAt) return;
    for (const known of this.#live) if (known.state === 'terminated') this.#live.delete(known);
    this.#pruneAt = Math.max(1_024, 2 * this.#live.size);
  }

  #later(delayMs: number, action: () => void): void {
    if (delayMs <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      action();
    }, delayMs);
    this.#pending.add(timer);
  }
}
