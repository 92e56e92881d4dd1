import { TOKEN, isIn } from './char-classes.ts';
import { fail, ok, type Parsed } from './result.ts';
import type { ValueCursor } from './value-cursor.ts';

/**
 * Header field parameters (RFC 3261 §25.1):
 *
 *   *( SEMI generic-param )
 *   generic-param = token [ EQUAL gen-value ]
 *   gen-value     = token / host / quoted-string
 *
 * Names are case-insensitive (§7.3.1) and are stored lower-cased. Values are stored as written: a
 * quoted-string keeps its quotes, so that a value survives a round trip and a token can be told
 * from a quoted-string (use `unquote` for the text). A parameter without a value maps to null.
 * When a name repeats, the first occurrence wins.
 */
export type HeaderParams = ReadonlyMap<string, string | null>;

export const noParams: HeaderParams = new Map();

function isValueChar(code: number): boolean {
  // token, plus what a host adds: ":" and the brackets of an IPv6 reference (RFC 5118 §4.5).
  return isIn(code, TOKEN) || code === 0x3a || code === 0x5b || code === 0x5d;
}

/**
 * Reads parameters from the cursor until the end of the text. Fails on an empty parameter (";;"),
 * a missing value after "=", or anything after the parameters.
 */
export function readHeaderParams(cursor: ValueCursor): Parsed<Map<string, string | null>> {
  const params = new Map<string, string | null>();
  for (;;) {
    cursor.skipWhitespace();
    if (cursor.done) return ok(params);
    if (!cursor.eat(0x3b)) return fail(`unexpected "${cursor.rest().slice(0, 20)}" where a parameter should start`);
    const name = cursor.readToken().toLowerCase();
    if (name === '') return fail('empty parameter');
    let value: string | null = null;
    if (cursor.eat(0x3d)) {
      if (cursor.peek() === 0x22) {
        const quoted = cursor.readQuoted();
        if (!quoted) return fail(`unterminated quoted value of parameter ${name}`);
        value = quoted.raw;
      } else {
        const start = cursor.pos;
        while (!cursor.done && isValueChar(cursor.peek())) cursor.pos++;
        value = cursor.text.slice(start, cursor.pos);
        if (value === '') return fail(`parameter ${name} has "=" but no value`);
      }
    }
    if (!params.has(name)) params.set(name, value);
  }
}

/** ";name=value" for each parameter, in order; values are written as stored. */
export function formatHeaderParams(params: HeaderParams): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}
