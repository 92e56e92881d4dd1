import { trimWhitespace } from '../grammar/char-classes.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { parseUnsigned, uint32Max } from './unsigned-integer.ts';

/** Max-Forwards (RFC 3261 §20.22): 1*DIGIT, 0 to 255. */
export function parseMaxForwards(text: string): Parsed<number> {
  const value = parseUnsigned(trimWhitespace(text), 255);
  return value === undefined ? fail('Max-Forwards must be an integer from 0 to 255') : ok(value);
}

/**
 * Content-Length (RFC 3261 §20.14): 1*DIGIT octets. "-999" is not a length (RFC 4475 §3.1.2.3); a
 * length past what arrived is caught by the parser, not here.
 */
export function parseContentLength(text: string): Parsed<number> {
  const value = parseUnsigned(trimWhitespace(text), uint32Max);
  return value === undefined ? fail('Content-Length must be a non-negative integer') : ok(value);
}

/**
 * delta-seconds (RFC 3261 §25.1) of Expires and Min-Expires (§20.19, §20.23): 1*DIGIT, here at most
 * 2**32-1 (RFC 4475 §3.1.2.4 shows a 100-digit Expires that must not be taken at face value).
 */
export function parseDeltaSeconds(text: string): Parsed<number> {
  const value = parseUnsigned(trimWhitespace(text), uint32Max);
  return value === undefined ? fail('delta-seconds must be an integer from 0 to 2**32-1') : ok(value);
}

export function formatInteger(value: number): string {
  return String(value);
}
