import { trimWhitespace } from './char-classes.ts';
import { fail, ok, type Parsed } from './result.ts';

/**
 * Splits a header field value into its comma-separated elements (RFC 3261 §7.3.1: a header whose
 * grammar is a comma-separated list may be written as one line or as several). A comma inside a
 * quoted-string ("Bell, Alexander") or inside <...> (sip:a,b@host) does not separate elements.
 * Elements are returned trimmed; an empty element (",," or a trailing comma) is kept as '' so that
 * the element parser can reject it — the grammars we parse do not allow empty elements
 * (RFC 4475 §3.1.2.1).
 */
export function splitList(value: string): Parsed<string[]> {
  const elements: string[] = [];
  let start = 0;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22 && !inAngle) {
      // Skip to the closing quote, honouring quoted-pairs.
      i++;
      while (i < value.length && value.charCodeAt(i) !== 0x22) {
        if (value.charCodeAt(i) === 0x5c) i++;
        i++;
      }
      if (i >= value.length) return fail('unterminated quoted string');
    } else if (c === 0x3c) {
      inAngle = true;
    } else if (c === 0x3e) {
      inAngle = false;
    } else if (c === 0x2c && !inAngle) {
      elements.push(trimWhitespace(value.slice(start, i)));
      start = i + 1;
    }
  }
  elements.push(trimWhitespace(value.slice(start)));
  return ok(elements);
}
