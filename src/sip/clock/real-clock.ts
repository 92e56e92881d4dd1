import type { Clock, TimerHandle } from './clock.ts';

/**
 * The clock of the running process: `performance.now()` (monotonic, so a wall-clock step does not
 * fire or starve timers) and `setTimeout`. Timers are unref'd: pending SIP timers alone do not keep
 * the process alive.
 */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms: number, fn: () => void): TimerHandle {
    const timeout = setTimeout(fn, Math.max(0, ms));
    timeout.unref();
    return timeout as unknown as TimerHandle;
  },
  clear(handle: TimerHandle): void {
    clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
  },
};
