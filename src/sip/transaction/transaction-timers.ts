import type { Clock, TimerHandle } from '../clock/clock.ts';

/** The running timers of one transaction, by their RFC 3261 letter, so each can be reset or stopped. */
export class TransactionTimers<Name extends string> {
  readonly #clock: Clock;
  readonly #running = new Map<Name, TimerHandle>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Starts (or restarts) a timer. */
  start(name: Name, ms: number, fn: () => void): void {
    this.stop(name);
    const handle = this.#clock.setTimer(ms, () => {
      this.#running.delete(name);
      fn();
    });
    this.#running.set(name, handle);
  }

  stop(name: Name): void {
    const handle = this.#running.get(name);
    if (handle === undefined) return;
    this.#clock.clear(handle);
    this.#running.delete(name);
  }

  stopAll(): void {
    for (const handle of this.#running.values()) this.#clock.clear(handle);
    this.#running.clear();
  }

  isRunning(name: Name): boolean {
    return this.#running.has(name);
  }
}
