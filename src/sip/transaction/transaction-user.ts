import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import type { MessageSource } from '../transport/transport-address.ts';
import type { ServerInviteTransaction } from './server-invite-transaction.ts';
import type { ServerNonInviteTransaction } from './server-non-invite-transaction.ts';
import type { TransactionError } from './transaction-error.ts';

export type ServerTransaction = ServerInviteTransaction | ServerNonInviteTransaction;

/** The transaction user (UA core, dialogs, a proxy core): what the layer hands upward (§17). */
export interface TransactionUser {
  /** A new request with its server transaction; answer it with `transaction.respond(...)`. Not ACK or CANCEL. */
  onRequest(transaction: ServerTransaction): void;
  /**
   * An ACK outside any transaction: the ACK for a 2xx (§13.2.2.4, §17.1.1.3), end to end. Also an
   * ACK that reached an INVITE transaction in the Accepted state (RFC 6026 §7.1).
   */
  onAck?(ack: SipRequest, source: MessageSource): void;
  /**
   * A CANCEL matched an INVITE that has no final response yet (§9.2). The layer has answered the
   * CANCEL with 200; the TU should answer the INVITE with 487. Without this hook the layer does.
   */
  onCancel?(invite: ServerInviteTransaction, cancel: SipRequest): void;
  /** A response that matched no client transaction, such as a 2xx retransmitted after Timer M. */
  onStrayResponse?(response: SipResponse, source: MessageSource): void;
  /** A server transaction failed: no ACK before Timer H, or its response could not be sent. */
  onTransactionError?(error: TransactionError, transaction: ServerTransaction): void;
}
