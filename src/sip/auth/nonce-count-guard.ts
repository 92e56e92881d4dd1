/** Whether a (nonce, nonce-count) pair may be accepted. */
export type NonceCountCheck = 'accepted' | 'replay' | 'forgotten';

/**
 * Replay protection (RFC 7616 §3.4, §5.5; RFC 2617 §3.2.2): per nonce, each accepted nonce-count
 * must be higher than the last. Memory is bounded: past `capacity` nonces the least recently used
 * is dropped, and its issue time raises a watermark. A nonce issued at or before the watermark that
 * is not remembered may have been used already, so it is reported `forgotten` (the server answers
 * stale=true and the client retries with a fresh nonce, without asking the user again); a nonce
 * issued after it was never dropped, so not remembering it means it was never used.
 *
 * The memory is per node: a replay sent to another node of a cluster is caught only if requests
 * for one user reach the same node, or the guard is shared.
 */
export class NonceCountGuard {
  readonly #capacity: number;
  /** nonce → highest accepted count, least recently used first (Map keeps insertion order). */
  readonly #counts = new Map<string, { readonly count: number; readonly issuedAt: number }>();
  #watermark = Number.NEGATIVE_INFINITY;

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#counts.size;
  }

  /** Records `count` for `nonce` when it is higher than any accepted before. */
  accept(nonce: string, issuedAt: number, count: number): NonceCountCheck {
    const seen = this.#counts.get(nonce);
    if (seen === undefined && issuedAt <= this.#watermark) return 'forgotten';
    if (seen !== undefined && count <= seen.count) return 'replay';
    this.#counts.delete(nonce);
    this.#counts.set(nonce, { count, issuedAt });
    if (this.#counts.size > this.#capacity) {
      const [oldest, entry] = this.#counts.entries().next().value as [string, { issuedAt: number }];
      this.#counts.delete(oldest);
      this.#watermark = Math.max(this.#watermark, entry.issuedAt);
    }
    return 'accepted';
  }
}
