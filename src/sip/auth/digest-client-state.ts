import { randomBytes } from 'node:crypto';

/**
 * What a client remembers between answers: the nonce-count per nonce (RFC 7616 §3.4: the client
 * increments it for every request it sends with the same nonce, so the server can spot replays) and
 * where cnonces come from. Bounded: the oldest nonces are forgotten past `capacity`, which only
 * restarts their count — the server then answers stale or replay and the client gets a fresh nonce.
 */
export class DigestClientState {
  readonly #counts = new Map<string, number>();
  readonly #random: (size: number) => Buffer;
  readonly #capacity: number;

  constructor(options: { readonly random?: (size: number) => Buffer; readonly capacity?: number } = {}) {
    this.#random = options.random ?? randomBytes;
    this.#capacity = options.capacity ?? 64;
  }

  /** The next nonce-count for `nonce`: 1 for the first use. */
  nextCount(nonce: string): number {
    const next = (this.#counts.get(nonce) ?? 0) + 1;
    this.#counts.delete(nonce);
    this.#counts.set(nonce, next);
    if (this.#counts.size > this.#capacity) {
      const oldest = this.#counts.keys().next().value as string;
      this.#counts.delete(oldest);
    }
    return next;
  }

  /** A fresh client nonce (RFC 7616 §3.4: unguessable, to defeat chosen-plaintext attacks). */
  cnonce(): string {
    return this.#random(12).toString('base64url');
  }
}
