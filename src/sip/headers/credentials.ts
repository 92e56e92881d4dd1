import { fail, ok, type Parsed } from '../grammar/result.ts';
import { formatAuthParam, parseAuthParams, splitScheme } from './auth-params.ts';

/**
 * An Authorization or Proxy-Authorization value (RFC 3261 §20.7, §20.28, §22; RFC 7616 §3.4).
 * Digest credentials are read into their directives (values decoded); credentials in another
 * scheme are kept as written — a registrar answers those with a fresh Digest challenge
 * (RFC 4475 §3.3.7).
 */
export interface DigestCredentials {
  readonly kind: 'digest';
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
  /** message-qop: "auth" or "auth-int". */
  readonly qop?: string;
  /** nonce-count, 8 hex digits as written. */
  readonly nc?: string;
  /** Directives not named above: name → decoded value. */
  readonly params: ReadonlyMap<string, string>;
}

export interface OtherCredentials {
  readonly kind: 'other';
  readonly scheme: string;
  readonly value: string;
}

export type Credentials = DigestCredentials | OtherCredentials;

const optional = ['algorithm', 'cnonce', 'opaque', 'qop', 'nc'] as const;
const known = new Set<string>(['username', 'realm', 'nonce', 'uri', 'response', ...optional]);

export function parseCredentials(text: string): Parsed<Credentials> {
  const split = splitScheme(text);
  if (!split.ok) return split;
  const { scheme, rest } = split.value;
  if (scheme.toLowerCase() !== 'digest') return ok({ kind: 'other', scheme, value: rest });
  const params = parseAuthParams(rest);
  if (!params.ok) return params;
  const all = params.value;
  const username = all.get('username');
  const realm = all.get('realm');
  const nonce = all.get('nonce');
  const uri = all.get('uri');
  const response = all.get('response');
  if (username === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined) {
    return fail('Digest credentials need username, realm, nonce, uri and response');
  }
  const credentials: { -readonly [K in keyof DigestCredentials]: DigestCredentials[K] } = {
    kind: 'digest',
    username,
    realm,
    nonce,
    uri,
    response,
    params: new Map([...all].filter(([name]) => !known.has(name))),
  };
  for (const name of optional) {
    const value = all.get(name);
    if (value !== undefined) credentials[name] = value;
  }
  return ok(credentials);
}

export function formatCredentials(value: Credentials): string {
  if (value.kind === 'other') return value.value === '' ? value.scheme : `${value.scheme} ${value.value}`;
  const parts = [
    formatAuthParam('username', value.username, true),
    formatAuthParam('realm', value.realm, true),
    formatAuthParam('nonce', value.nonce, true),
    formatAuthParam('uri', value.uri, true),
    formatAuthParam('response', value.response, true),
  ];
  if (value.algorithm !== undefined) parts.push(formatAuthParam('algorithm', value.algorithm, false));
  if (value.cnonce !== undefined) parts.push(formatAuthParam('cnonce', value.cnonce, true));
  if (value.opaque !== undefined) parts.push(formatAuthParam('opaque', value.opaque, true));
  if (value.qop !== undefined) parts.push(formatAuthParam('qop', value.qop, false));
  if (value.nc !== undefined) parts.push(formatAuthParam('nc', value.nc, false));
  for (const [name, param] of value.params) parts.push(formatAuthParam(name, param, false));
  return `Digest ${parts.join(', ')}`;
}
