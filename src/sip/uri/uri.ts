/**
 * The URIs SIP carries (RFC 3261 §19.1, RFC 3966, RFC 3986 §3).
 *
 * Components hold decoded text (%-escapes resolved): `sip:%61lice@atlanta.com` has the user
 * `alice`. Parameter names are lower-cased (they are case-insensitive, §19.1.4); parameter values
 * and header values keep their case. A parameter without a value maps to null. When a parameter
 * or header name repeats, the first occurrence wins.
 */

/** uri-parameters: name (lower-cased) → decoded value, or null for a parameter without one. */
export type UriParams = ReadonlyMap<string, string | null>;

/** sip: and sips: URIs (RFC 3261 §19.1.1). */
export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  readonly user?: string;
  readonly password?: string;
  /** hostname, IPv4 address, or IPv6 reference with its brackets ("[2001:db8::1]"). */
  readonly host: string;
  readonly port?: number;
  readonly params: UriParams;
  /** The ?name=value&... headers, in order; names as written (they compare case-insensitively). */
  readonly headers: ReadonlyMap<string, string>;
}

/** tel: URIs (RFC 3966): the number as written (visual separators kept) and its parameters. */
export interface TelUri {
  readonly kind: 'tel';
  readonly number: string;
  readonly params: UriParams;
}

/**
 * Any other absolute URI (RFC 3986 §4.3), kept opaque: SIP must carry URIs it does not understand
 * (an isbn: To, an http: From, a name: Contact — RFC 4475 §3.3.4) and answer 416 only when it has
 * to route on one (RFC 3261 §8.2.2.1).
 */
export interface AbsoluteUri {
  readonly kind: 'absolute';
  /** Lower-cased. */
  readonly scheme: string;
  /** Everything after "scheme:", as written. */
  readonly value: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

const empty: ReadonlyMap<string, never> = new Map<string, never>();

/** A SIP URI from its parts; omitted params and headers are empty. */
export function sipUri(parts: {
  scheme?: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params?: UriParams;
  headers?: ReadonlyMap<string, string>;
}): SipUri {
  const uri: { -readonly [K in keyof SipUri]: SipUri[K] } = {
    kind: 'sip',
    scheme: parts.scheme ?? 'sip',
    host: parts.host,
    params: parts.params ?? empty,
    headers: parts.headers ?? empty,
  };
  if (parts.user !== undefined) uri.user = parts.user;
  if (parts.password !== undefined) uri.password = parts.password;
  if (parts.port !== undefined) uri.port = parts.port;
  return uri;
}
