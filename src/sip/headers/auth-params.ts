import { isToken, isWhitespace, trimWhitespace } from '../grammar/char-classes.ts';
import { splitList } from '../grammar/list-splitter.ts';
import { quoteString } from '../grammar/quoted-string.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { ValueCursor } from '../grammar/value-cursor.ts';

/**
 * The shared shape of WWW-Authenticate, Proxy-Authenticate, Authorization and Proxy-Authorization
 * values (RFC 3261 §25.1, §22.4; RFC 7616 for the Digest directives):
 *
 *   auth-scheme LWS auth-param *(COMMA auth-param)
 *   auth-param = auth-param-name EQUAL ( token / quoted-string )
 *
 * The commas are internal to one value, which is why these headers are never split into list
 * elements (RFC 3261 §7.3.1) and each header line is one challenge or one set of credentials.
 */
export interface SchemeAndParams {
  readonly scheme: string;
  /** Everything after the scheme, as written (trimmed). */
  readonly rest: string;
}

export function splitScheme(text: string): Parsed<SchemeAndParams> {
  const value = trimWhitespace(text);
  let end = 0;
  while (end < value.length && !isWhitespace(value.charCodeAt(end))) end++;
  const scheme = value.slice(0, end);
  if (!isToken(scheme)) return fail('bad authentication scheme');
  return ok({ scheme, rest: trimWhitespace(value.slice(end)) });
}

/** auth-params as name (lower-cased) → decoded value; the first of a repeated name wins. */
export function parseAuthParams(text: string): Parsed<Map<string, string>> {
  const params = new Map<string, string>();
  const elements = splitList(text);
  if (!elements.ok) return elements;
  for (const element of elements.value) {
    const cursor = new ValueCursor(element);
    const name = cursor.readToken().toLowerCase();
    if (!name || !cursor.eat(0x3d)) return fail(`bad auth-param "${element.slice(0, 30)}"`);
    let value: string;
    if (cursor.peek() === 0x22) {
      const quoted = cursor.readQuoted();
      if (!quoted) return fail(`unterminated quoted value of ${name}`);
      value = quoted.value;
    } else {
      value = cursor.readToken();
      if (!value) return fail(`auth-param ${name} has no value`);
    }
    cursor.skipWhitespace();
    if (!cursor.done) return fail(`unexpected text after auth-param ${name}`);
    if (!params.has(name)) params.set(name, value);
  }
  return ok(params);
}

/** `name=value` with the value quoted when `quoted` says so or when it is not a token. */
export function formatAuthParam(name: string, value: string, quoted: boolean): string {
  return `${name}=${quoted || !isToken(value) ? quoteString(value) : value}`;
}
