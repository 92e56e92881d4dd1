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
  /**
   * How long a server INVITE transaction waits for the TU's own response before it sends 100 Trying.
   * §17.2.1 lets it skip the 100 when the TU answers within 200 ms; a B2BUA that relays a 180 in a
   * few milliseconds saves a message per call with 200. Default 0: at once.
   */
  readonly trying: number;
}

export const defaultTimerConfig: TimerConfig = { t1: 500, t2: 4000, t4: 5000, timerD: 32_000, trying: 0 };

export function resolveTimerConfig(overrides: Partial<TimerConfig> = {}): TimerConfig {
  const config = { ...defaultTimerConfig, ...overrides };
  if (config.trying > 200) throw new RangeError('timer trying must be at most 200 ms (RFC 3261 §17.2.1)');
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`timer ${name} must be a non-negative number of milliseconds`);
  }
  return config;
}
