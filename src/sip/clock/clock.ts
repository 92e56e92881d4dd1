/** An opaque handle for a scheduled timer; only the clock that made it can clear it. */
export type TimerHandle = { readonly __timer: unique symbol };

/**
 * Time as the SIP layers see it. RFC 3261 §17 runs every transaction on timers (A–K, and L/M of
 * RFC 6026); taking them from a `Clock` lets tests drive them with a virtual clock and no waiting.
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences mean anything. */
  now(): number;
  /** Runs `fn` once, `ms` milliseconds from now. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Cancels a timer; a handle that already fired or was cleared is ignored. */
  clear(handle: TimerHandle): void;
}
