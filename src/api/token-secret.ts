import { createHash, randomBytes } from 'node:crypto';

/** Bearer token secrets: `rr_` and 43 characters of base64url (256 random bits). */
export function newTokenSecret(): string {
  return `rr_${randomBytes(32).toString('base64url')}`;
}

/**
 * Tokens are stored as their SHA-256 only. A fast hash is right here: the secrets carry 256 bits of
 * randomness, so there is nothing to brute-force, unlike passwords.
 */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What a person sees in token lists to tell tokens apart. */
export function tokenPrefix(secret: string): string {
  return secret.slice(0, 10);
}

/** A bootstrap token supplied by an operator must be long enough to be a secret. */
export const minimumSecretLength = 24;
