import { formatHeaderParams, noParams, readHeaderParams, type HeaderParams } from '../grammar/header-params.ts';
import { quoteString, unquote } from '../grammar/quoted-string.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { ValueCursor } from '../grammar/value-cursor.ts';
import { parseUnsigned } from './unsigned-integer.ts';

/**
 * One Reason value (RFC 3326 §2): why a request was sent — a CANCEL after another branch answered,
 * a BYE after an ISDN cause.
 *
 *   reason-value = protocol *(SEMI reason-params)
 *   protocol     = "SIP" / "Q.850" / token
 *   reason-params = protocol-cause / reason-text / reason-extension
 */
export interface Reason {
  readonly protocol: string;
  readonly cause?: number;
  /** Decoded reason-text. */
  readonly text?: string;
  /** Other parameters, names lower-cased, values as written. */
  readonly params: HeaderParams;
}

export function reason(protocol: string, cause?: number, text?: string): Reason {
  const value: { -readonly [K in keyof Reason]: Reason[K] } = { protocol, params: noParams };
  if (cause !== undefined) value.cause = cause;
  if (text !== undefined) value.text = text;
  return value;
}

export function parseReason(text: string): Parsed<Reason> {
  const cursor = new ValueCursor(text);
  cursor.skipWhitespace();
  const protocol = cursor.readToken();
  if (!protocol) return fail('no protocol');
  const read = readHeaderParams(cursor);
  if (!read.ok) return read;
  const params = read.value;
  const value: { -readonly [K in keyof Reason]: Reason[K] } = { protocol, params };
  const cause = params.get('cause');
  if (cause !== undefined) {
    const number = cause === null ? undefined : parseUnsigned(cause, 65535);
    if (number === undefined) return fail('bad cause');
    value.cause = number;
    params.delete('cause');
  }
  const reasonText = params.get('text');
  if (reasonText !== undefined) {
    if (reasonText === null) return fail('text has no value');
    value.text = unquote(reasonText);
    params.delete('text');
  }
  return ok(value);
}

export function formatReason(value: Reason): string {
  let out = value.protocol;
  if (value.cause !== undefined) out += ';cause=' + value.cause;
  if (value.text !== undefined) out += ';text=' + quoteString(value.text);
  return out + formatHeaderParams(value.params);
}
