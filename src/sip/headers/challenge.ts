import { fail, ok, type Parsed } from '../grammar/result.ts';
import { formatAuthParam, parseAuthParams, splitScheme } from './auth-params.ts';

/**
 * A WWW-Authenticate or Proxy-Authenticate value (RFC 3261 §20.44, §20.27, §22; RFC 7616 §3.3).
 * Digest challenges are read into their directives; a challenge in any other scheme is kept as
 * written, for the authentication layer to ignore or pass on.
 */
export interface DigestChallenge {
  readonly kind: 'digest';
  readonly realm: string;
  readonly nonce: string;
  readonly domain?: string;
  readonly opaque?: string;
  readonly stale?: boolean;
  /** As written ("MD5", "SHA-256", "MD5-sess"...); absent means MD5. */
  readonly algorithm?: string;
  /** The qop-options, e.g. ["auth", "auth-int"]. */
  readonly qop?: readonly string[];
  /** Directives not named above (userhash, charset, extensions): name → decoded value. */
  readonly params: ReadonlyMap<string, string>;
}

export interface OtherChallenge {
  readonly kind: 'other';
  readonly scheme: string;
  /** The text after the scheme, as written. */
  readonly value: string;
}

export type Challenge = DigestChallenge | OtherChallenge;

const known = new Set(['realm', 'nonce', 'domain', 'opaque', 'stale', 'algorithm', 'qop']);

export function parseChallenge(text: string): Parsed<Challenge> {
  const split = splitScheme(text);
  if (!split.ok) return split;
  const { scheme, rest } = split.value;
  if (scheme.toLowerCase() !== 'digest') return ok({ kind: 'other', scheme, value: rest });
  const params = parseAuthParams(rest);
  if (!params.ok) return params;
  const all = params.value;
  const realm = all.get('realm');
  const nonce = all.get('nonce');
  if (realm === undefined || nonce === undefined) return fail('a Digest challenge needs realm and nonce');
  const challenge: { -readonly [K in keyof DigestChallenge]: DigestChallenge[K] } = {
    kind: 'digest',
    realm,
    nonce,
    params: new Map([...all].filter(([name]) => !known.has(name))),
  };
  const domain = all.get('domain');
  if (domain !== undefined) challenge.domain = domain;
  const opaque = all.get('opaque');
  if (opaque !== undefined) challenge.opaque = opaque;
  const stale = all.get('stale');
  if (stale !== undefined) challenge.stale = stale.toLowerCase() === 'true';
  const algorithm = all.get('algorithm');
  if (algorithm !== undefined) challenge.algorithm = algorithm;
  const qop = all.get('qop');
  if (qop !== undefined) challenge.qop = qop.split(',').map((option) => option.trim()).filter((option) => option !== '');
  return ok(challenge);
}

export function formatChallenge(value: Challenge): string {
  if (value.kind === 'other') return value.value === '' ? value.scheme : `${value.scheme} ${value.value}`;
  const parts = [formatAuthParam('realm', value.realm, true), formatAuthParam('nonce', value.nonce, true)];
  if (value.domain !== undefined) parts.push(formatAuthParam('domain', value.domain, true));
  if (value.opaque !== undefined) parts.push(formatAuthParam('opaque', value.opaque, true));
  if (value.stale !== undefined) parts.push(`stale=${value.stale ? 'TRUE' : 'FALSE'}`);
  if (value.algorithm !== undefined) parts.push(formatAuthParam('algorithm', value.algorithm, false));
  if (value.qop !== undefined) parts.push(formatAuthParam('qop', value.qop.join(','), true));
  for (const [name, param] of value.params) parts.push(formatAuthParam(name, param, false));
  return `Digest ${parts.join(', ')}`;
}
