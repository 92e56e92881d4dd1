import { isToken, isWhitespace, trimWhitespace } from '../grammar/char-classes.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { parseUnsigned, uint32Max } from './unsigned-integer.ts';

/**
 * CSeq (RFC 3261 §20.16): `1*DIGIT LWS Method`. The number must fit 32 bits (§8.1.1.5), so an
 * overlarge one makes the message invalid (RFC 4475 §3.1.2.4, §3.1.2.5). The method is
 * case-sensitive (§7.1) and must equal the request's (checked by `validateRequest`).
 */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export function parseCSeq(text: string): Parsed<CSeq> {
  const value = trimWhitespace(text);
  let split = 0;
  while (split < value.length && !isWhitespace(value.charCodeAt(split))) split++;
  const seq = parseUnsigned(value.slice(0, split), uint32Max);
  if (seq === undefined) return fail('bad sequence number');
  const method = trimWhitespace(value.slice(split));
  if (split === value.length || !isToken(method)) return fail('bad method');
  return ok({ seq, method });
}

export function formatCSeq(value: CSeq): string {
  return `${value.seq} ${value.method}`;
}
