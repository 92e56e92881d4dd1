import type { DigestAlgorithm } from './digest-algorithm.ts';

/**
 * Why a request's credentials were not accepted. Stable codes for logs, metrics and the choice of
 * reply: every one is answered with a fresh challenge (401/407, RFC 3261 §22.1), `stale` with
 * stale=true so the client retries without asking its user (RFC 7616 §3.3), `malformed` may be
 * answered 400 instead.
 */
export type DigestFailureReason =
  /** No Digest credentials at all. */
  | 'missing'
  /** An Authorization/Proxy-Authorization value that does not parse. */
  | 'malformed'
  /** Digest credentials, but none for this realm (RFC 3261 §22.3). */
  | 'bad_realm'
  /** An algorithm this server does not offer. */
  | 'bad_algorithm'
  /** A qop other than auth, or qop without nc/cnonce, or no qop where the server demands one. */
  | 'bad_qop'
  /** A nonce this realm never issued (tampered, or another realm's). */
  | 'bad_nonce'
  /** The uri directive is not the Request-URI (RFC 3261 §22.4). */
  | 'bad_uri'
  | 'unknown_user'
  /** The request-digest does not match: wrong password, or a changed method/uri. */
  | 'bad_response'
  /** Correct credentials on a nonce that has expired (or was forgotten): challenge with stale=true. */
  | 'stale'
  /**
   * A nonce-count already used with this nonce (RFC 7616 §3.4); for a qop-less answer, a second use
   * of its nonce. The digest itself was right, so a stale=true challenge is safe here too and lets a
   * genuine client that reused its nonce retry without asking its user.
   */
  | 'replay';

export type DigestVerdict =
  | { readonly ok: true; readonly username: string; readonly algorithm: DigestAlgorithm }
  | { readonly ok: false; readonly reason: DigestFailureReason; readonly username?: string };

/** Client-side failures of answering a challenge. */
export type DigestClientErrorCode = 'no_digest_challenge' | 'unsupported_algorithm' | 'unsupported_qop' | 'not_a_challenge';

export class DigestClientError extends Error {
  readonly code: DigestClientErrorCode;

  constructor(code: DigestClientErrorCode, message: string) {
    super(message);
    this.name = 'DigestClientError';
    this.code = code;
  }
}
