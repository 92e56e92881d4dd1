import type { HeaderField } from '../headers/header-field.ts';

/**
 * Why bytes are not a SIP message this stack accepts. The code is the contract (callers switch on
 * it); the reason is for logs and may be reworded.
 *
 * - `empty_message`: nothing but line breaks (a keep-alive, RFC 5626 §3.5.1, not a message).
 * - `bad_start_line`: not `Method SP Request-URI SP SIP-Version` nor `SIP-Version SP 3DIGIT SP
 *   Reason-Phrase` (RFC 3261 §7.1, §7.2) — extra spaces, a bad version token, a four-digit code.
 * - `bad_request_uri`: the Request-URI is not a URI, or carries what it may not (headers, <>).
 * - `bad_header_line`: a header line without a colon or with a name that is not a token.
 * - `missing_header`: no Via, From, To, Call-ID or CSeq (§8.1.1).
 * - `duplicate_header`: a single-valued header the parser needs (From, To, Call-ID, CSeq,
 *   Max-Forwards, Content-Length) appears twice (RFC 4475 §3.3.8, §3.3.9).
 * - `bad_header_value`: a header the parser needs has a value its grammar rejects.
 * - `content_length_mismatch`: fewer body bytes arrived than Content-Length says (§18.3).
 * - `too_large`, `too_many_headers`, `line_too_long`: a limit of `SipLimits` was exceeded.
 */
export type SipParseErrorCode =
  | 'empty_message'
  | 'bad_start_line'
  | 'bad_request_uri'
  | 'bad_header_line'
  | 'missing_header'
  | 'duplicate_header'
  | 'bad_header_value'
  | 'content_length_mismatch'
  | 'too_large'
  | 'too_many_headers'
  | 'line_too_long';

/**
 * What could be read of a message before it was rejected: enough for the transport layer to
 * answer a broken request with a 400 built from its raw Via, From, To, Call-ID and CSeq lines.
 */
export interface ParseErrorContext {
  readonly kind: 'request' | 'response';
  /** The request method, for a request. */
  readonly method?: string;
  /** The header fields in order, as far as they could be split. */
  readonly fields: readonly HeaderField[];
}

export interface SipParseError {
  readonly code: SipParseErrorCode;
  readonly reason: string;
  /** The canonical name of the header at fault, when one is. */
  readonly header?: string;
  readonly context?: ParseErrorContext;
}

export function parseError(
  code: SipParseErrorCode,
  reason: string,
  extra: { header?: string; context?: ParseErrorContext } = {},
): SipParseError {
  return { code, reason, ...extra };
}

/**
 * Thrown where a value cannot be returned: a typed accessor on a header whose value is malformed,
 * or a message built without the headers every message needs. Carries the same stable code.
 */
export class SipMessageError extends Error {
  readonly code: SipParseErrorCode;
  readonly header: string | undefined;

  constructor(readonly detail: SipParseError) {
    super(detail.reason);
    this.name = 'SipMessageError';
    this.code = detail.code;
    this.header = detail.header;
  }
}

/**
 * The status a UAS answers an unparsable request with (RFC 3261 §8.2, §21.5.14), or undefined when
 * nothing should be sent: the message was a response (dropped, §18.1.2) or not even its start line
 * was readable.
 */
export function parseErrorStatus(error: SipParseError): 400 | 513 | undefined {
  if (error.context?.kind !== 'request') return undefined;
  return error.code === 'too_large' ? 513 : 400;
}
