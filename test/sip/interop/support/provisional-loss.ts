import type {
  MessageSource,
  MessageTransport,
  SipRequest,
  SipResponse,
  TransportAddress,
  TransportDelegate,
} from '../../../../src/sip/index.ts';

/**
 * A path that loses every provisional response (1xx) a UAS sends, in front of a real transport:
 * the peer then never hears the 100 Trying that would stop its INVITE retransmissions (RFC 3261
 * §17.1.1.2, §17.2.1), so the test sees how our server transaction absorbs them. Everything
 * else passes through untouched.
 */
export class ProvisionalLoss implements MessageTransport {
  /** How many 1xx were dropped. */
  lost = 0;
  readonly #inner: MessageTransport;

  constructor(inner: MessageTransport) {
    this.#inner = inner;
  }

  attach(delegate: TransportDelegate): void {
    this.#inner.attach(delegate);
  }

  send(request: SipRequest, destination: TransportAddress): Promise<void> {
    return this.#inner.send(request, destination);
  }

  sendResponse(response: SipResponse, source?: MessageSource): Promise<void> {
    if (response.status < 200) {
      this.lost++;
      return Promise.resolve();
    }
    return this.#inner.sendResponse(response, source);
  }
}
