import type { TaskId } from '../../domain/ids.ts';
import type { Store } from '../../store/store.ts';
import { runVirtualExtensionImport, type ImportOptions, type ImportProgress } from './virtual-extension-import.ts';

export interface TaskRunnerOptions {
  /** Rows per transaction (default 1,000). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Where a task that threw unexpectedly is reported (the task itself is marked failed when possible). */
  readonly onError?: (error: unknown, taskId: TaskId) => void;
}

/**
 * Runs tasks one after another in this process, in the order they were queued. `resume()` picks up
 * what the database says is `queued` or `running` (after a restart); `stop()` lets the batch in
 * progress commit and leaves the rest for the next runner. One task at a time: an import is mostly
 * database writes, and SQLite has one writer anyway.
 */
export class TaskRunner {
  readonly #store: Store;
  readonly #options: TaskRunnerOptions;
  readonly #waiting: TaskId[] = [];
  #running: Promise<void> | null = null;
  #stopping = false;

  constructor(store: Store, options: TaskRunnerOptions = {}) {
    this.#store = store;
    this.#options = options;
  }

  /** Queues the tasks left unfinished in the database (oldest first). */
  async resume(): Promise<void> {
    for (const id of await this.#store.tasks.unfinished()) this.enqueue(id);
  }

  enqueue(id: TaskId): void {
    if (this.#stopping || this.#waiting.includes(id)) return;
    this.#waiting.push(id);
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves when nothing is queued or running (tests and the command line wait for this). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stops after the batch in progress; tasks not finished stay `queued`/`running` for the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#waiting.length = 0;
    await this.idle();
  }

  async #drain(): Promise<void> {
    for (let id = this.#waiting.shift(); id !== undefined && !this.#stopping; id = this.#waiting.shift()) {
      const options: ImportOptions = {
        ...(this.#options.batchSize !== undefined ? { batchSize: this.#options.batchSize } : {}),
        ...(this.#options.onProgress ? { onProgress: this.#options.onProgress } : {}),
        shouldStop: () => this.#stopping,
      };
      try {
        await runVirtualExtensionImport(this.#store, id, options);
      } catch (error) {
        this.#options.onError?.(error, id);
      }
    }
  }
}
