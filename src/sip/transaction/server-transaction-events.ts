import type { SipRequest } from '../message/sip-request.ts';
import type { TransactionError } from './transaction-error.ts';

/** What a server transaction reports back to its layer, which tells the TU. */
export interface ServerTransactionEvents {
  /** The transaction failed (Timer H, or the transport could not send a response). */
  onFailure(error: TransactionError): void;
  /** An ACK reached an INVITE transaction that already sent a 2xx (RFC 6026 §7.1): the TU's. */
  onAck(ack: SipRequest): void;
  onTerminated(): void;
}
