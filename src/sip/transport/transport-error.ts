/**
 * Why a message could not be sent. The code is the contract; the message is for logs.
 *
 * - `connect_failed`: a TCP connection to the destination could not be opened.
 * - `connection_closed`: the connection closed before the bytes were written.
 * - `send_failed`: the socket refused the bytes (an ICMP error on UDP, a write error on TCP).
 * - `no_target`: no address to send to could be derived (a response whose Via cannot be used).
 * - `closed`: the transport is not listening (never started, or closed).
 */
export type TransportErrorCode = 'connect_failed' | 'connection_closed' | 'send_failed' | 'no_target' | 'closed';

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}
