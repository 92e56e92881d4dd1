/** Small measuring helpers for benchmarks: nanosecond timings, percentiles, forced GC. */

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function msSince(start: bigint): number {
  return Number(nowNs() - start) / 1e6;
}

/** The p-th percentile (0–100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Heap in use after a full collection. Needs `node --expose-gc`. */
export function settledHeapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc to measure memory');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
