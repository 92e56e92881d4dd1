import type { Clock, TimerHandle } from './clock.ts';

interface PendingTimer {
  readonly at: number;
  /** Creation order, so timers due at the same instant fire in the order they were set. */
  readonly order: number;
  readonly fn: () => void;
}

/**
 * A clock that moves only when told to, for tests of timer-driven behaviour (RFC 3261 §17 timers)
 * with no waiting and no flakiness. `advance(ms)` fires every timer that falls due, in time order,
 * with `now()` set to each timer's due time while it runs; timers set by a firing timer fire in
 * the same advance if they fall due within it.
 */
export class VirtualClock implements Clock {
  #now: number;
  #order = 0;
  readonly #timers = new Map<TimerHandle, PendingTimer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const handle = {} as TimerHandle;
    this.#timers.set(handle, { at: this.#now + Math.max(0, ms), order: this.#order++, fn });
    return handle;
  }

  clear(handle: TimerHandle): void {
    this.#timers.delete(handle);
  }

  /** How many timers are waiting to fire. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing what falls due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('a clock cannot go back');
    const end = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(end);
      if (next === undefined) break;
      const [handle, timer] = next;
      this.#timers.delete(handle);
      this.#now = timer.at;
      timer.fn();
    }
    this.#now = end;
  }

  /** Moves time to the next pending timer and fires it (and any due at the same instant). */
  advanceToNext(): boolean {
    let earliest: number | undefined;
    for (const timer of this.#timers.values()) if (earliest === undefined || timer.at < earliest) earliest = timer.at;
    if (earliest === undefined) return false;
    this.advance(earliest - this.#now);
    return true;
  }

  #nextDue(end: number): [TimerHandle, PendingTimer] | undefined {
    let best: [TimerHandle, PendingTimer] | undefined;
    for (const entry of this.#timers) {
      const timer = entry[1];
      if (timer.at > end) continue;
      if (!best || timer.at < best[1].at || (timer.at === best[1].at && timer.order < best[1].order)) best = entry;
    }
    return best;
  }
}
