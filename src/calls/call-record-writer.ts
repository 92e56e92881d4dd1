import type { CallRecord } from '../domain/call-record.ts';

/** Where finished call records go: the store's `calls` (bookkeeping, not audited configuration). */
export interface CallRecordSink {
  save(records: readonly CallRecord[]): Promise<void>;
}

const batchSize = 200;
const flushAfterMs = 100;

/**
 * Writes call records in batches, off the call's path: a call that ends queues its record and goes
 * on; one transaction stores up to 200 records every 100 ms. A failed batch is reported and dropped:
 * call records must never hold up calls.
 */
export class CallRecordWriter {
  readonly #sink: CallRecordSink;
  readonly #onError: (error: unknown, records: readonly CallRecord[]) => void;
  #pending: CallRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(sink: CallRecordSink, onError: (error: unknown, records: readonly CallRecord[]) => void) {
    this.#sink = sink;
    this.#onError = onError;
  }

  add(record: CallRecord): void {
    this.#pending.push(record);
    if (this.#pending.length >= batchSize) this.#flushSoon(0);
    else this.#flushSoon(flushAfterMs);
  }

  /** Writes everything queued; resolves when it is stored (or reported as failed). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length > 0) {
      this.#writing = this.#writing.then(() => this.#sink.save(batch).catch((error: unknown) => this.#onError(error, batch)));
    }
    return this.#writing;
  }

  #flushSoon(ms: number): void {
    if (this.#timer && ms > 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, ms);
  }
}
