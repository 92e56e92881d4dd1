import { formatChallenge } from '../headers/challenge.ts';
import { parseCredentials, type DigestCredentials } from '../headers/credentials.ts';
import { createResponse } from '../message/create-response.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { parseUri } from '../uri/parse-uri.ts';
import { uriEquals } from '../uri/uri-equals.ts';
import { isSessionAlgorithm, parseDigestAlgorithm, type DigestAlgorithm } from './digest-algorithm.ts';
import { computeDigestResponse, sameDigest, type DigestSecret } from './digest-response.ts';
import type { DigestFailureReason, DigestVerdict } from './digest-verdict.ts';
import { NonceCountGuard } from './nonce-count-guard.ts';
import { NonceSource } from './nonce-source.ts';

/**
 * Finds what proves a user: the password or the HA1 for `algorithm` (see DigestSecret), or
 * undefined for a user the realm does not know.
 */
export type CredentialLookup = (
  username: string,
  realm: string,
  algorithm: DigestAlgorithm,
) => DigestSecret | undefined | Promise<DigestSecret | undefined>;

export interface DigestServerOptions {
  readonly realm: string;
  /** Shared by every node serving the realm (at least 16 bytes). */
  readonly secret: string | Buffer;
  /**
   * `www` for a registrar or UAS (401, WWW-Authenticate / Authorization), `proxy` for a proxy
   * (407, Proxy-Authenticate / Proxy-Authorization) — RFC 3261 §22.2, §22.3. Defaults to `www`.
   */
  readonly role?: 'www' | 'proxy';
  /** Offered in this order, one challenge each. Defaults to SHA-256 then MD5 (RFC 8760 §2.4). */
  readonly algorithms?: readonly DigestAlgorithm[];
  /**
   * Accept qop-less (RFC 2069 style) answers, which old phones send. Defaults to true. Without
   * a nonce-count such a nonce can be used once only.
   */
  readonly allowLegacy?: boolean;
  /** Wall-clock milliseconds, for nonce age. Defaults to Date.now. */
  readonly now?: () => number;
  /** Defaults to 5 minutes. */
  readonly nonceLifetimeMs?: number;
  /** How many nonces the replay guard remembers. Defaults to 10 000. */
  readonly replayCapacity?: number;
  /** Salt source for nonces; tests may pin it. */
  readonly random?: (size: number) => Buffer;
}

const nonceCount = /^[0-9a-fA-F]{8}$/;

/**
 * The server half of SIP Digest authentication (RFC 3261 §22.1, §22.4; RFC 7616; RFC 8760): issues
 * challenges and checks the credentials that answer them. Nonces are stateless (see NonceSource), so
 * any node with the secret can verify; replay tracking is per node (see NonceCountGuard).
 */
export class DigestServer {
  readonly realm: string;
  /** Where challenges go: WWW-Authenticate (401) or Proxy-Authenticate (407). */
  readonly challengeHeader: 'WWW-Authenticate' | 'Proxy-Authenticate';
  /** Where credentials are read from: Authorization or Proxy-Authorization. */
  readonly credentialsHeader: 'Authorization' | 'Proxy-Authorization';
  /** The status that carries a challenge: 401 or 407 (RFC 3261 §22.1, §22.3). */
  readonly challengeStatus: 401 | 407;
  readonly algorithms: readonly DigestAlgorithm[];
  readonly #allowLegacy: boolean;
  readonly #nonces: NonceSource;
  readonly #guard: NonceCountGuard;

  constructor(options: DigestServerOptions) {
    this.realm = options.realm;
    const proxy = options.role === 'proxy';
    this.challengeHeader = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    this.credentialsHeader = proxy ? 'Proxy-Authorization' : 'Authorization';
    this.challengeStatus = proxy ? 407 : 401;
    this.algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    if (this.algorithms.length === 0) throw new RangeError('a DigestServer needs at least one algorithm');
    this.#allowLegacy = options.allowLegacy ?? true;
    this.#nonces = new NonceSource({
      secret: options.secret,
      realm: options.realm,
      ...(options.now && { now: options.now }),
      ...(options.nonceLifetimeMs !== undefined && { lifetimeMs: options.nonceLifetimeMs }),
      ...(options.random && { random: options.random }),
    });
    this.#guard = new NonceCountGuard(options.replayCapacity);
  }

  /**
   * Challenge header values, one per algorithm in preference order (RFC 8760 §2.4: SHA-256 before
   * MD5, so a client that takes the first it supports takes the strongest). All share one fresh
   * nonce. `stale` tells the client its password was right and only the nonce was old (RFC 7616 §3.3).
   */
  challenge(options: { readonly stale?: boolean } = {}): string[] {
    const nonce = this.#nonces.issue();
    return this.algorithms.map((algorithm) =>
      formatChallenge({
        kind: 'digest',
        realm: this.realm,
        nonce,
        algorithm,
        qop: ['auth'],
        ...(options.stale === true && { stale: true }),
        params: new Map(),
      }),
    );
  }

  /**
   * The 401 (or 407 for a proxy) that challenges `request`, carrying `challenge()` (RFC 3261 §22.1,
   * §8.2.6). `toTag` as for createResponse: a UAS uses one tag for every response to a request.
   */
  challengeResponse(request: SipRequest, options: { readonly stale?: boolean; readonly toTag?: string } = {}): SipResponse {
    return createResponse(request, this.challengeStatus, {
      ...(options.toTag !== undefined && { toTag: options.toTag }),
      headers: this.challenge(options).map((value) => ({ name: this.challengeHeader, value })),
    });
  }

  /** Checks the request's credentials for this realm. Never throws (unless `lookup` does). */
  async verify(request: SipRequest, lookup: CredentialLookup): Promise<DigestVerdict> {
    const found = this.#credentialsFor(request);
    if (!found.ok) return found;
    const credentials = found.credentials;
    const fail = (reason: DigestFailureReason): DigestVerdict => ({ ok: false, reason, username: credentials.username });

    const algorithm = parseDigestAlgorithm(credentials.algorithm);
    if (algorithm === undefined || !this.algorithms.includes(algorithm)) return fail('bad_algorithm');
    const nonce = this.#nonces.check(credentials.nonce);
    if (nonce.kind === 'invalid') return fail('bad_nonce');
    // RFC 3261 §22.4: the uri directive must name the Request-URI (a change in transit is an attack).
    if (!sameRequestUri(credentials.uri, request.uriText)) return fail('bad_uri');

    // RFC 7616 §3.4: with qop, nc and cnonce are required; RFC 2617 §3.2.2 keeps the qop-less form.
    let count: number;
    if (credentials.qop !== undefined) {
      if (credentials.qop.toLowerCase() !== 'auth') return fail('bad_qop');
      if (credentials.nc === undefined || !nonceCount.test(credentials.nc) || !credentials.cnonce) return fail('bad_qop');
      count = parseInt(credentials.nc, 16);
      if (count === 0) return fail('bad_qop');
    } else {
      // -sess still needs the cnonce for A1 (RFC 2617 §3.2.2.2).
      if (!this.#allowLegacy || (isSessionAlgorithm(algorithm) && !credentials.cnonce)) return fail('bad_qop');
      count = 1;
    }

    const secret = await lookup(credentials.username, this.realm, algorithm);
    if (secret === undefined) return fail('unknown_user');
    const expected = computeDigestResponse({
      algorithm,
      username: credentials.username,
      realm: this.realm,
      secret,
      method: request.method,
      uri: credentials.uri,
      nonce: credentials.nonce,
      ...(credentials.cnonce !== undefined && { cnonce: credentials.cnonce }),
      ...(credentials.qop !== undefined && { qop: 'auth' as const, nc: credentials.nc }),
    });
    if (!sameDigest(expected, credentials.response)) return fail('bad_response');

    // Only now, with the digest right, is an old nonce "stale" rather than a failure (RFC 7616 §3.3).
    if (nonce.kind === 'expired') return fail('stale');
    const replay = this.#guard.accept(credentials.nonce, nonce.issuedAt, count);
    if (replay === 'replay') return fail('replay');
    if (replay === 'forgotten') return fail('stale');
    return { ok: true, username: credentials.username, algorithm };
  }

  /**
   * The Digest credentials addressed to this realm. A request may carry credentials for several
   * realms (proxies along the path, RFC 3261 §22.3); the ones for other realms are not ours to judge.
   */
  #credentialsFor(
    request: SipRequest,
  ): { readonly ok: true; readonly credentials: DigestCredentials } | { readonly ok: false; readonly reason: DigestFailureReason } {
    let sawDigest = false;
    let sawMalformed = false;
    for (const raw of request.rawHeaders(this.credentialsHeader)) {
      const parsed = parseCredentials(raw);
      if (!parsed.ok) {
        sawMalformed = true;
        continue;
      }
      if (parsed.value.kind !== 'digest') continue;
      sawDigest = true;
      if (parsed.value.realm === this.realm) return { ok: true, credentials: parsed.value };
    }
    return { ok: false, reason: sawMalformed ? 'malformed' : sawDigest ? 'bad_realm' : 'missing' };
  }
}

/** The same text, or two spellings of one URI by RFC 3261 §19.1.4 comparison. */
function sameRequestUri(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  const a = parseUri(digestUri);
  const b = parseUri(requestUri);
  return a.ok && b.ok && uriEquals(a.value, b.value);
}
