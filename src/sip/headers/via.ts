import { ALPHANUM, isIn, isToken } from '../grammar/char-classes.ts';
import { formatHeaderParams, noParams, readHeaderParams, type HeaderParams } from '../grammar/header-params.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { ValueCursor } from '../grammar/value-cursor.ts';
import { classifyHost, hostAddress, isIpv4, isIpv6, parsePort } from '../uri/host.ts';

/**
 * One Via header field value (RFC 3261 §20.42, §25.1; RFC 3581 rport; RFC 5118 §4.5):
 *
 *   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   sent-by       = host [ COLON port ]
 */
export interface Via {
  /** "SIP/2.0": protocol-name (upper-cased) "/" protocol-version. */
  readonly protocol: string;
  /** Upper-cased: UDP, TCP, TLS, SCTP, WS, WSS, or any other token. */
  readonly transport: string;
  /** The sent-by host in URI form (an IPv6 reference keeps its brackets). */
  readonly host: string;
  readonly port?: number;
  readonly branch?: string;
  /** The source address the server saw (§18.2.1), without brackets even if sent with them. */
  readonly received?: string;
  /** RFC 3581: true for a bare `;rport` (a request for it), a number once a server filled it in. */
  readonly rport?: number | true;
  /** The other via-params (maddr, ttl, extensions), names lower-cased, values as written. */
  readonly params: HeaderParams;
}

/** RFC 3261 §8.1.1.7: every branch created by an RFC 3261 element starts with this cookie. */
export const branchMagicCookie = 'z9hG4bK';

/**
 * Whether a branch identifies its transaction the RFC 3261 way (§17.2.3): the magic cookie
 * followed by at least one more character. A bare "z9hG4bK" claims the scheme but carries no
 * identifier (RFC 4475 §3.2.1).
 */
export function isRfc3261Branch(branch: string | undefined): boolean {
  return branch !== undefined && branch.length > branchMagicCookie.length && branch.startsWith(branchMagicCookie);
}

/** A Via from its parts, protocol SIP/2.0 unless given. */
export function via(parts: Omit<Via, 'protocol' | 'params'> & { protocol?: string; params?: HeaderParams }): Via {
  return { ...parts, protocol: parts.protocol ?? 'SIP/2.0', transport: parts.transport.toUpperCase(), params: parts.params ?? noParams };
}

export function parseVia(text: string): Parsed<Via> {
  const cursor = new ValueCursor(text);
  cursor.skipWhitespace();
  const name = cursor.readToken();
  if (!name || !cursor.eat(0x2f)) return fail('bad sent-protocol');
  const version = cursor.readToken();
  if (!version || !cursor.eat(0x2f)) return fail('bad sent-protocol');
  const transport = cursor.readToken();
  if (!transport) return fail('no transport');
  if (!cursor.skipWhitespace()) return fail('no space before sent-by');

  let host: string;
  if (cursor.peek() === 0x5b) {
    const close = text.indexOf(']', cursor.pos);
    if (close < 0) return fail('unterminated IPv6 reference');
    host = text.slice(cursor.pos, close + 1);
    cursor.pos = close + 1;
  } else {
    const start = cursor.pos;
    while (!cursor.done && (isIn(cursor.peek(), ALPHANUM) || cursor.peek() === 0x2d || cursor.peek() === 0x2e)) cursor.pos++;
    host = text.slice(start, cursor.pos);
  }
  if (!classifyHost(host)) return fail(`bad sent-by host "${host}"`);

  let port: number | undefined;
  if (cursor.eat(0x3a)) {
    const start = cursor.pos;
    while (!cursor.done && cursor.peek() >= 48 && cursor.peek() <= 57) cursor.pos++;
    port = parsePort(text.slice(start, cursor.pos));
    if (port === undefined) return fail('bad sent-by port');
  }

  const all = readHeaderParams(cursor);
  if (!all.ok) return all;
  const params = all.value;
  const result: { -readonly [K in keyof Via]: Via[K] } = {
    protocol: `${name.toUpperCase()}/${version}`,
    transport: transport.toUpperCase(),
    host,
    params,
  };
  if (port !== undefined) result.port = port;

  if (params.has('branch')) {
    const branch = params.get('branch');
    if (!branch || !isToken(branch)) return fail('bad branch');
    result.branch = branch;
    params.delete('branch');
  }
  if (params.has('received')) {
    // RFC 3261 writes received without brackets; RFC 5118 §4.5 asks to accept them too.
    const received = hostAddress(params.get('received') ?? '');
    if (!isIpv4(received) && !isIpv6(received)) return fail('received is not an IP address');
    result.received = received;
    params.delete('received');
  }
  if (params.has('rport')) {
    const rport = params.get('rport');
    if (rport === null || rport === undefined) {
      result.rport = true;
    } else {
      const value = parsePort(rport);
      if (value === undefined) return fail('bad rport');
      result.rport = value;
    }
    params.delete('rport');
  }
  return ok(result);
}

export function formatVia(value: Via): string {
  let out = `${value.protocol}/${value.transport} ${value.host}`;
  if (value.port !== undefined) out += ':' + value.port;
  if (value.received !== undefined) out += ';received=' + value.received;
  if (value.rport === true) out += ';rport';
  else if (value.rport !== undefined) out += ';rport=' + value.rport;
  if (value.branch !== undefined) out += ';branch=' + value.branch;
  return out + formatHeaderParams(value.params);
}
