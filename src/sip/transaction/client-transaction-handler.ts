import type { SipResponse } from '../message/sip-response.ts';
import type { TransactionError } from './transaction-error.ts';

/** What a client transaction tells the TU that started it (RFC 3261 §17.1). */
export interface ClientTransactionHandler {
  /**
   * Every response the TU must see: provisional ones, the final one, and for an INVITE each 2xx
   * (retransmissions and 2xx from other forks too, RFC 6026 §7.2), which the TU acknowledges itself.
   */
  onResponse(response: SipResponse): void;
  /** The transaction failed: no final response in time, or the transport could not send. */
  onFailure(error: TransactionError): void;
  /** The transaction is over and forgotten (after Timer D, K or M, or a failure). */
  onTerminated?(): void;
}
