import { AppError } from '../domain/errors.ts';
import type { StoreChange } from './store.ts';

/**
 * A transaction committed, but one or more change listeners failed on its changes. The change is
 * saved; what it should have updated (the routing snapshot) may not reflect it yet. `failures` holds
 * what each failing listener threw, in listener order; `cause` is the first of them.
 */
export class ChangeListenerError extends AppError {
  readonly changes: readonly StoreChange[];
  readonly failures: readonly unknown[];

  constructor(changes: readonly StoreChange[], failures: readonly unknown[]) {
    const first = failures[0];
    const reason = first instanceof Error ? first.message : String(first);
    super(
      'internal',
      `The change was saved, but ${failures.length === 1 ? 'a change listener' : `${failures.length} change listeners`} failed on it: ${reason}`,
    );
    this.name = 'ChangeListenerError';
    this.changes = changes;
    this.failures = failures;
    this.cause = first;
  }
}
