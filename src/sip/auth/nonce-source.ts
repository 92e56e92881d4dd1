import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How a nonce checked out. `issuedAt` lets callers order nonces (see NonceCountGuard). */
export type NonceCheck =
  | { readonly kind: 'fresh'; readonly issuedAt: number }
  | { readonly kind: 'expired'; readonly issuedAt: number }
  | { readonly kind: 'invalid' };

export interface NonceSourceOptions {
  /** Shared by every node of the realm; the only state a node needs to accept another's nonces. */
  readonly secret: string | Buffer;
  readonly realm: string;
  /** Wall-clock milliseconds (nodes must agree roughly). Defaults to Date.now. */
  readonly now?: () => number;
  /** How long a nonce stays fresh. Defaults to 5 minutes. */
  readonly lifetimeMs?: number;
  /** Random salt bytes; tests may pin them. Defaults to crypto.randomBytes. */
  readonly random?: (size: number) => Buffer;
}

/** Nonces dated this far in the future (clock skew between nodes) are still accepted. */
const allowedSkewMs = 30_000;

/**
 * Stateless nonces (RFC 7616 §3.3 suggests "time-stamp H(time-stamp ":" ETag ":" secret)"; RFC 3261
 * §22.4 leaves the form to the server): `<issued ms, base 36>.<salt>.<HMAC-SHA-256(secret,
 * issued.salt.realm)>`. Any node holding the secret can check a nonce and its age without having
 * seen it issued; the salt keeps two nonces issued in the same millisecond apart, so nonce-count
 * tracking (RFC 7616 §3.4) is per challenge.
 */
export class NonceSource {
  readonly #secret: Buffer;
  readonly #realm: string;
  readonly #now: () => number;
  readonly #random: (size: number) => Buffer;
  readonly lifetimeMs: number;

  constructor(options: NonceSourceOptions) {
    this.#secret = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : options.secret;
    if (this.#secret.length < 16) throw new RangeError('the nonce secret needs at least 16 bytes');
    this.#realm = options.realm;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? randomBytes;
    this.lifetimeMs = options.lifetimeMs ?? 300_000;
  }

  issue(): string {
    const issued = Math.floor(this.#now()).toString(36);
    const salt = this.#random(9).toString('base64url');
    return `${issued}.${salt}.${this.#mac(issued, salt).toString('base64url')}`;
  }

  check(nonce: string): NonceCheck {
    const parts = nonce.split('.');
    if (parts.length !== 3) return { kind: 'invalid' };
    const [issued, salt, mac] = parts as [string, string, string];
    if (!/^[0-9a-z]{1,12}$/.test(issued) || !/^[A-Za-z0-9_-]{1,32}$/.test(salt)) return { kind: 'invalid' };
    const expected = this.#mac(issued, salt);
    const received = Buffer.from(mac, 'base64url');
    // base64url decoding skips bad characters, so compare the re-encoding too: one nonce, one spelling.
    if (received.length !== expected.length || !timingSafeEqual(received, expected) || received.toString('base64url') !== mac) {
      return { kind: 'invalid' };
    }
    const issuedAt = parseInt(issued, 36);
    const age = this.#now() - issuedAt;
    if (age < -allowedSkewMs) return { kind: 'invalid' };
    return age > this.lifetimeMs ? { kind: 'expired', issuedAt } : { kind: 'fresh', issuedAt };
  }

  #mac(issued: string, salt: string): Buffer {
    return createHmac('sha256', this.#secret).update(`${issued}.${salt}.${this.#realm}`, 'utf8').digest();
  }
}
