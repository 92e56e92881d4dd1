/**
 * Why a transaction ended without the exchange completing. The code is the contract.
 *
 * - `timeout`: no final response before Timer B (INVITE, §17.1.1.2) or Timer F (non-INVITE,
 *   §17.1.2.2). The TU should treat it as a 408 (§8.1.3.1).
 * - `ack_timeout`: a non-2xx final response to an INVITE was never acknowledged before Timer H
 *   (§17.2.1).
 * - `transport_failed`: the transport could not send a message (§17.1.4, §17.2.4); treat as 503.
 * - `invalid_state`: the TU asked for something the transaction's state forbids (a second final
 *   response, a response after termination).
 */
export type TransactionErrorCode = 'timeout' | 'ack_timeout' | 'transport_failed' | 'invalid_state';

export class TransactionError extends Error {
  constructor(
    readonly code: TransactionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransactionError';
  }
}
