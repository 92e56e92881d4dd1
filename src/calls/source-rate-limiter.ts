/**
 * A token bucket per source address: each source may start `rate` new requests per second, with a
 * burst of up to one second's worth. Protects the B2BUA (and the trunks behind it) from a peer that
 * floods INVITEs, whether by mistake or on purpose. Buckets idle for a minute are forgotten.
 */
export class SourceRateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number; rate: number }>();
  readonly #now: () => number;
  #lastSweep = 0;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Takes one token for `source` at `rate` per second; false when the source is over its rate. */
  take(source: string, rate: number): boolean {
    const now = this.#now();
    this.#sweep(now);
    const burst = Math.max(1, rate);
    const bucket = this.#buckets.get(source);
    if (!bucket) {
      this.#buckets.set(source, { tokens: burst - 1, at: now, rate });
      return true;
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    bucket.rate = rate;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [source, bucket] of this.#buckets) if (now - bucket.at > 60_000) this.#buckets.delete(source);
  }
}
