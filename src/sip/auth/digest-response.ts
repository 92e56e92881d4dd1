import { timingSafeEqual } from 'node:crypto';
import { digestHash, isSessionAlgorithm, type DigestAlgorithm } from './digest-algorithm.ts';

/**
 * What proves a user's identity: the password, or the precomputed HA1 = H(username:realm:password)
 * for one algorithm (RFC 7616 §3.4.2), so a registrar need not store plaintext passwords. For a
 * `-sess` algorithm the stored HA1 is still the plain H(username:realm:password); the session
 * nonces are hashed in at verification time.
 */
export type DigestSecret = { readonly password: string } | { readonly ha1: string };

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  readonly secret: DigestSecret;
  readonly method: string;
  /** The digest-uri as written in the credentials. */
  readonly uri: string;
  readonly nonce: string;
  /** Present for qop=auth; absent for the RFC 2069 compatibility form (RFC 2617 §3.2.2.1). */
  readonly qop?: 'auth';
  /** nonce-count, 8 hex digits as sent. */
  readonly nc?: string;
  readonly cnonce?: string;
}

/** HA1 (RFC 7616 §3.4.2; RFC 2617 §3.2.2.2). */
export function computeHa1(input: DigestResponseInput): string {
  const { algorithm, secret } = input;
  const base = 'ha1' in secret ? secret.ha1.toLowerCase() : digestHash(algorithm, `${input.username}:${input.realm}:${secret.password}`);
  if (!isSessionAlgorithm(algorithm)) return base;
  // -sess: A1 = H(username:realm:passwd):nonce:cnonce, so HA1 changes with every cnonce.
  return digestHash(algorithm, `${base}:${input.nonce}:${input.cnonce ?? ''}`);
}

/** The request-digest (RFC 7616 §3.4.1; RFC 2617 §3.2.2.1; RFC 3261 §22.4 for SIP's method and uri). */
export function computeDigestResponse(input: DigestResponseInput): string {
  const ha1 = computeHa1(input);
  // qop=auth: A2 = Method:digest-uri (RFC 7616 §3.4.3). auth-int is not offered by this layer.
  const ha2 = digestHash(input.algorithm, `${input.method}:${input.uri}`);
  if (input.qop === undefined) return digestHash(input.algorithm, `${ha1}:${input.nonce}:${ha2}`);
  return digestHash(input.algorithm, `${ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

/**
 * Compares two hex digests without a timing side channel on where they first differ. Hex compares
 * case-insensitively (RFC 7616 §3.4.1 writes it lower-case; some phones send upper-case).
 */
export function sameDigest(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
