import type { MessageSource, SipMessage, TransportDelegate } from '../../../../src/sip/index.ts';

export interface Received {
  readonly message: SipMessage;
  readonly source: MessageSource;
}

/** A transport delegate that queues what arrives, for a test to await one message at a time. */
export class MessageQueue implements TransportDelegate {
  readonly #queued: Received[] = [];
  readonly #waiting: ((received: Received) => void)[] = [];

  onMessage(message: SipMessage, source: MessageSource): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter({ message, source });
    else this.#queued.push({ message, source });
  }

  /** The next message; fails after `ms` so that a missing message fails the test, not hangs it. */
  next(ms = 2000): Promise<Received> {
    const queued = this.#queued.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message arrived')), ms);
      this.#waiting.push((received) => {
        clearTimeout(timer);
        resolve(received);
      });
    });
  }

  get size(): number {
    return this.#queued.length;
  }
}
