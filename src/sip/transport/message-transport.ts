import type { SipMessage } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import type { MessageSource, TransportAddress } from './transport-address.ts';

/** What a transport hands upward: every message it could parse, with where it came from. */
export interface TransportDelegate {
  /** A request already carries `received`/`rport` in its top Via when they apply (§18.2.1). */
  onMessage(message: SipMessage, source: MessageSource): void;
}

/**
 * What the transaction layer needs of a transport. `SipTransport` is the real one; tests use an
 * in-memory one. Both promises reject with a `TransportError`.
 */
export interface MessageTransport {
  /** Makes `delegate` the receiver of incoming messages (replacing any earlier one). */
  attach(delegate: TransportDelegate): void;
  /** Sends a request (or a 2xx ACK) to a destination (§18.1.1). */
  send(request: SipRequest, destination: TransportAddress): Promise<void>;
  /**
   * Sends a response where §18.2.2 says: back on the connection the request came on while it is
   * open, otherwise to the top Via's received/rport or sent-by. `source` is where the request came from.
   */
  sendResponse(response: SipResponse, source?: MessageSource): Promise<void>;
}
