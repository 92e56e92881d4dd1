import { randomBytes } from 'node:crypto';
import {
  createRequest,
  createResponse,
  formatUri,
  nameAddr,
  parseNameAddr,
  SipTransport,
  sipUri,
  TransactionLayer,
  via,
  type ClientTransaction,
  type NameAddr,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type TransactionError,
  type TransactionUser,
  type TransportAddress,
  type TransportProtocol,
  type Uri,
  type Via,
} from '../../../../src/sip/index.ts';
import { sdpBody, sdpContentType } from './sdp-body.ts';
import { UacCallError, type UacCallErrorCode } from './uac-call-error.ts';

export interface UacCallOptions {
  /** How long the call stays up between the ACK and the BYE. Default 50 ms. */
  readonly holdMs?: number;
  /** Give up (reject) when the call has not ended this long after the INVITE. Default 10 s. */
  readonly timeoutMs?: number;
}

/** What one call looked like from the UAC: every status per method, in arrival order. */
export interface UacCallResult {
  readonly callId: string;
  readonly inviteStatuses: readonly number[];
  readonly byeStatuses: readonly number[];
  /** The remote target the ACK and BYE were sent to (the 2xx Contact, §12.1.2). */
  readonly remoteTarget: string;
}

const branch = (): string => `z9hG4bK${randomBytes(8).toString('hex')}`;
const tag = (): string => randomBytes(6).toString('hex');

/**
 * A tiny UAC on the real stack for interop tests: INVITE with an SDP offer, wait for 180/200, ACK
 * the 2xx end to end (§13.2.2.4), hold, then BYE in the dialog built by hand (§12.2.1.1: same
 * Call-ID and tags, CSeq + 1, Request-URI = the remote Contact) and wait for its 200. Calls run
 * one after another or side by side on one transport.
 */
export class TinyUac implements TransactionUser {
  readonly errors: TransactionError[] = [];
  readonly #transport = new SipTransport();
  readonly #layer: TransactionLayer;
  readonly #host: string;
  readonly #live = new Set<ClientTransaction>();
  #port = 0;

  private constructor(host: string) {
    this.#host = host;
    this.#layer = new TransactionLayer({ transport: this.#transport, user: this });
  }

  static async start(host = '127.0.0.1'): Promise<TinyUac> {
    const uac = new TinyUac(host);
    uac.#port = (await uac.#transport.listen({ host, port: 0 })).port;
    return uac;
  }

  get port(): number {
    return this.#port;
  }

  /** A UAC answers no requests of its own here: anything that comes in gets 501 (§8.2.1). */
  onRequest(transaction: ServerTransaction): void {
    transaction.respond(createResponse(transaction.request, 501));
  }

  onTransactionError(error: TransactionError): void {
    this.errors.push(error);
  }

  /** Places one call to `target` and resolves when its BYE got a final response. */
  async call(target: TransportAddress, options: UacCallOptions = {}): Promise<UacCallResult> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UacCallError('timeout', `call to ${target.address}:${target.port} did not end in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.#call(target, options.holdMs ?? 50), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends its transactions (and their timers) and closes the sockets. */
  async close(): Promise<void> {
    for (const transaction of [...this.#live]) transaction.terminate();
    this.#live.clear();
    await this.#transport.close();
  }

  async #call(target: TransportAddress, holdMs: number): Promise<UacCallResult> {
    const callId = `${randomBytes(8).toString('hex')}@${this.#host}`;
    const from = nameAddr(sipUri({ user: 'uac', host: this.#host }), { params: new Map([['tag', tag()]]) });
    const remoteUri = sipUri({ user: 'service', host: target.address, port: target.port });
    const invite = createRequest({
      method: 'INVITE',
      uri: remoteUri,
      via: this.#via(target.transport),
      from,
      to: nameAddr(remoteUri),
      callId,
      cseq: 1,
      contact: nameAddr(this.#contactUri(target.transport)),
      body: sdpBody(this.#host, 40_002, Date.now()),
      contentType: sdpContentType,
    });
    const inviteStatuses: number[] = [];
    // Filled in once the first 2xx is acknowledged.
    const acked: { ack?: SipRequest; destination?: TransportAddress } = {};
    // §13.2.2.4: every retransmission of the 2xx gets the same ACK again (the peer keeps sending
    // the 2xx until an ACK reaches it, §13.3.1.4).
    const reAck = (): void => {
      if (acked.ack && acked.destination) void this.#layer.sendAck(acked.ack, acked.destination).catch(() => undefined);
    };
    const ok = await this.#transact(invite, target, inviteStatuses, 'invite_failed', reAck);
    if (ok.status >= 300) throw new UacCallError('invite_rejected', `INVITE answered ${ok.status}`);

    // §12.1.2: the dialog's remote target is the 2xx Contact; its To (with the tag) is the remote
    // party. The route set would come from Record-Route; the helpers' peers send none.
    const contact = parseNameAddr(ok.rawHeader('Contact') ?? '');
    const remoteTarget = contact.ok ? contact.value.uri : remoteUri;
    const to = ok.to;
    const destination = this.#destinationOf(remoteTarget, target);
    // §13.2.2.4: the ACK for a 2xx is end to end: a new branch, the INVITE's CSeq number, method ACK.
    const ack = this.#inDialog('ACK', remoteTarget, from, to, callId, 1, target.transport);
    Object.assign(acked, { ack, destination });
    await this.#layer.sendAck(ack, destination);

    await new Promise((resolve) => setTimeout(resolve, holdMs));
    // §15.1.1 with §12.2.1.1: the BYE is a new request in the dialog, CSeq one higher.
    const bye = this.#inDialog('BYE', remoteTarget, from, to, callId, 2, target.transport);
    const byeStatuses: number[] = [];
    await this.#transact(bye, destination, byeStatuses, 'bye_failed');
    return { callId, inviteStatuses, byeStatuses, remoteTarget: formatUri(remoteTarget) };
  }

  /**
   * Sends `request` in a client transaction; resolves with the first final response. A later 2xx
   * (a retransmission, RFC 6026 §7.2) goes to `onRepeated2xx`.
   */
  #transact(
    request: SipRequest,
    destination: TransportAddress,
    statuses: number[],
    code: Extract<UacCallErrorCode, 'invite_failed' | 'bye_failed'>,
    onRepeated2xx: () => void = () => undefined,
  ): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      let final: SipResponse | undefined;
      const transaction = this.#layer.sendRequest(request, destination, {
        onResponse: (response) => {
          statuses.push(response.status);
          if (response.status < 200) return;
          if (final) {
            if (response.status < 300) onRepeated2xx();
            return;
          }
          final = response;
          resolve(response);
        },
        onFailure: (error) => reject(new UacCallError(code, `${request.method} failed: ${error.code}`)),
        onTerminated: () => this.#live.delete(transaction),
      });
      this.#live.add(transaction);
    });
  }

  #inDialog(method: 'ACK' | 'BYE', uri: Uri, from: NameAddr, to: NameAddr, callId: string, cseq: number, transport: TransportProtocol): SipRequest {
    return createRequest({ method, uri, via: this.#via(transport), from, to, callId, cseq, contact: nameAddr(this.#contactUri(transport)) });
  }

  #via(transport: TransportProtocol): Via {
    // §8.1.1.7: a fresh branch with the magic cookie; RFC 3581 rport asks for the source port back.
    return via({ transport: transport.toUpperCase(), host: this.#host, port: this.#port, branch: branch(), rport: true });
  }

  #contactUri(transport: TransportProtocol): Uri {
    const params = transport === 'tcp' ? new Map<string, string | null>([['transport', 'tcp']]) : undefined;
    return sipUri({ user: 'uac', host: this.#host, port: this.#port, ...(params ? { params } : {}) });
  }

  /**
   * Where a request to `uri` goes: RFC 3263 would resolve it; the helpers only meet numeric hosts,
   * so the URI's host, port (5060 by default, §19.1.2) and transport parameter are the address.
   */
  #destinationOf(uri: Uri, fallback: TransportAddress): TransportAddress {
    if (uri.kind !== 'sip') return fallback;
    const param = uri.params.get('transport')?.toLowerCase();
    const transport: TransportProtocol = param === 'tcp' ? 'tcp' : param === 'udp' ? 'udp' : fallback.transport;
    const address = uri.host.startsWith('[') ? uri.host.slice(1, -1) : uri.host;
    return { transport, address, port: uri.port ?? 5060 };
  }
}
