/**
 * The base intervals of RFC 3261 §17 (table 4 in Appendix A). Every transaction timer derives from
 * them; a deployment on a slow or lossy network may raise T1 (§17.1.1.1: "T1 is an estimate of
 * the RTT"), and tests may shrink them.
 */
export interface TimerConfig {
  /** RTT estimate, default 500 ms. */
  readonly t1: number;
  /** Longest retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  readonly t2: number;
  /** How long a message may stay in the network, default 5 s. */
  readonly t4: number;
  /** Timer D on an unreliable transport: "at least 32 seconds" (§17.1.1.2). */
  readonly timerD: number;
}

export const defaultTimerConfig: TimerConfig = { t1: 500, t2: 4000, t4: 5000, timerD: 32_000 };

export function resolveTimerConfig(overrides: Partial<TimerConfig> = {}): TimerConfig {
  const config = { ...defaultTimerConfig, ...overrides };
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`timer ${name} must be a non-negative number of milliseconds`);
  }
  return config;
}
