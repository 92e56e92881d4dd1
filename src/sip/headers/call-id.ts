import { WORD, isAll, trimWhitespace } from '../grammar/char-classes.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';

/**
 * Call-ID (RFC 3261 §20.8): `callid = word [ "@" word ]`, compared byte for byte (case matters).
 * `word` allows far more than a token — "(", ")", "<", ">", ":", "\", DQUOTE, "/", "[", "]", "?",
 * "{", "}" (RFC 4475 §3.1.1.2) — but no whitespace and no "@" inside a word.
 */
export function parseCallId(text: string): Parsed<string> {
  const value = trimWhitespace(text);
  const at = value.indexOf('@');
  const valid = at < 0 ? isAll(value, WORD) : isAll(value.slice(0, at), WORD) && isAll(value.slice(at + 1), WORD);
  return valid ? ok(value) : fail('bad Call-ID');
}
