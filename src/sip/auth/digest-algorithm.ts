import { createHash } from 'node:crypto';

/**
 * The Digest algorithms this layer computes (RFC 7616 §3.2 and §6.1, adopted for SIP by RFC 8760 §2).
 * The `-sess` variants hash the nonces into A1 (RFC 7616 §3.4.2).
 */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

export const digestAlgorithms: readonly DigestAlgorithm[] = ['SHA-512-256', 'SHA-512-256-sess', 'SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess'];

const nodeHash: Record<DigestAlgorithm, string> = {
  MD5: 'md5',
  'MD5-sess': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-sess': 'sha256',
  'SHA-512-256': 'sha512-256',
  'SHA-512-256-sess': 'sha512-256',
};

/** Preference when a server offers several (RFC 8760 §2.4: the client uses the strongest it supports). */
const strength: Record<DigestAlgorithm, number> = {
  MD5: 1,
  'MD5-sess': 1,
  'SHA-256': 2,
  'SHA-256-sess': 2,
  'SHA-512-256': 3,
  'SHA-512-256-sess': 3,
};

const byLowerName = new Map(digestAlgorithms.map((name) => [name.toLowerCase(), name]));

/**
 * The algorithm a challenge or credentials name. Absent means MD5 (RFC 2617 §3.2.1, RFC 7616 §3.3);
 * names compare case-insensitively (they are tokens). Undefined for an algorithm this layer lacks.
 */
export function parseDigestAlgorithm(text: string | undefined): DigestAlgorithm | undefined {
  if (text === undefined) return 'MD5';
  return byLowerName.get(text.toLowerCase());
}

export function algorithmStrength(algorithm: DigestAlgorithm): number {
  return strength[algorithm];
}

export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith('-sess');
}

/** H(data) as lower-case hex (RFC 7616 §3.4: strings are hashed as UTF-8). */
export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(nodeHash[algorithm]).update(data, 'utf8').digest('hex');
}
