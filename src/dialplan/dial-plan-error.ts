/**
 * Why the dial-plan layer refused an input it cannot answer for (as opposed to a conflict, which
 * is a normal answer). The code is the contract; the message is for people.
 */
export type DialPlanErrorCode =
  /** An ESN passed to `privateNumberUri` is not digits. */
  | 'invalid_esn'
  /** A `phone-context` is neither a domain name nor a global number prefix (RFC 3966 §5.1.5). */
  | 'invalid_phone_context';

export class DialPlanError extends Error {
  readonly code: DialPlanErrorCode;

  constructor(code: DialPlanErrorCode, message: string) {
    super(message);
    this.name = 'DialPlanError';
    this.code = code;
  }
}
