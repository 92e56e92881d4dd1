import { TOKEN, isIn, isWhitespace, trimWhitespace } from '../grammar/char-classes.ts';
import { formatHeaderParams, noParams, readHeaderParams, type HeaderParams } from '../grammar/header-params.ts';
import { quoteString } from '../grammar/quoted-string.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { ValueCursor } from '../grammar/value-cursor.ts';
import { formatUri } from '../uri/format-uri.ts';
import { parseUri } from '../uri/parse-uri.ts';
import type { Uri } from '../uri/uri.ts';

/**
 * An address with its header parameters: the value of From, To, Contact, Route, Record-Route,
 * P-Asserted-Identity (RFC 3261 §20.10, §25.1):
 *
 *   ( name-addr / addr-spec ) *( SEMI generic-param )
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * In the addr-spec form (no angle brackets) a ";" ends the URI, so `sip:a@b;tag=1` is the URI
 * `sip:a@b` with the header parameter tag (RFC 4475 §3.3.12 and §3.3.13 turn on this).
 */
export interface NameAddr {
  /** Decoded: quotes removed, quoted-pairs resolved. Absent when the address has none. */
  readonly displayName?: string;
  readonly uri: Uri;
  /** Header parameters (tag, expires, q, ...), names lower-cased, values as written. */
  readonly params: HeaderParams;
}

/** A NameAddr from its parts. */
export function nameAddr(uri: Uri, options: { displayName?: string; params?: HeaderParams } = {}): NameAddr {
  const value: { -readonly [K in keyof NameAddr]: NameAddr[K] } = { uri, params: options.params ?? noParams };
  if (options.displayName !== undefined) value.displayName = options.displayName;
  return value;
}

export function parseNameAddr(text: string): Parsed<NameAddr> {
  const cursor = new ValueCursor(text);
  cursor.skipWhitespace();
  let displayName: string | undefined;
  if (cursor.peek() === 0x22) {
    const quoted = cursor.readQuoted();
    if (!quoted) return fail('unterminated quoted display name');
    displayName = quoted.value;
    cursor.skipWhitespace();
    if (cursor.peek() !== 0x3c) return fail('a quoted display name must be followed by <URI>');
  } else {
    const open = text.indexOf('<', cursor.pos);
    if (open >= 0) {
      const raw = trimWhitespace(text.slice(cursor.pos, open));
      // Unquoted, a display name is tokens separated by whitespace: "Bell, Alexander" needs quotes
      // (RFC 4475 §3.1.2.14).
      for (let i = 0; i < raw.length; i++) {
        const c = raw.charCodeAt(i);
        if (!isIn(c, TOKEN) && !isWhitespace(c)) return fail('an unquoted display name may only hold tokens');
      }
      if (raw !== '') displayName = raw;
      cursor.pos = open;
    }
  }

  let uri: Parsed<Uri>;
  if (cursor.peek() === 0x3c) {
    const close = text.indexOf('>', cursor.pos);
    if (close < 0) return fail('unterminated <URI>');
    const inner = text.slice(cursor.pos + 1, close);
    // LAQUOT = SWS "<" and RAQUOT = ">" SWS: whitespace is allowed outside the brackets only
    // (RFC 4475 §3.1.2.13).
    for (let i = 0; i < inner.length; i++) {
      if (inner.charCodeAt(i) <= 0x20) return fail('whitespace inside <URI>');
    }
    uri = parseUri(inner);
    cursor.pos = close + 1;
  } else {
    const start = cursor.pos;
    while (!cursor.done && cursor.peek() !== 0x3b && !isWhitespace(cursor.peek())) cursor.pos++;
    const spec = text.slice(start, cursor.pos);
    // A URI holding "," "?" or ";" must be written in angle brackets (RFC 3261 §20; RFC 4475
    // §3.1.2.16); the ";" case cannot be detected, it simply starts the header parameters.
    if (spec.includes('?') || spec.includes(',')) return fail('a URI with "?" or "," must be enclosed in <>');
    uri = parseUri(spec);
  }
  if (!uri.ok) return uri;

  const params = readHeaderParams(cursor);
  if (!params.ok) return params;
  return ok(nameAddr(uri.value, { displayName, params: params.value }));
}

/** Always the name-addr form (`"Name" <uri>;params`), which is valid for every URI. */
export function formatNameAddr(value: NameAddr): string {
  const name = value.displayName !== undefined ? quoteString(value.displayName) + ' ' : '';
  return `${name}<${formatUri(value.uri)}>${formatHeaderParams(value.params)}`;
}
