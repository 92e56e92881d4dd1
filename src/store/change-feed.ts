import { ChangeListenerError } from './change-listener-error.ts';
import type { ChangeListener, StoreChange } from './store.ts';

/**
 * The one place committed changes leave the store. `KyselyStore.transaction` hands it each committed
 * transaction's changes; a later version also publishes them to other nodes (PostgreSQL LISTEN/NOTIFY)
 * from here.
 *
 * A listener that throws cannot undo the commit, and it must not keep the listeners after it from
 * hearing of the change. So every listener runs, in the order they subscribed, each awaited before the
 * next; then, if any failed, `emit` rejects with a ChangeListenerError that says the change was saved.
 * Rejecting (rather than resolving as if all were well) keeps the store's promise honest: when
 * `transaction()` resolves, every listener has taken the change in. A caller that gets the error knows
 * the change is committed but, say, the routing snapshot may be stale, and can report exactly that.
 *
 * Batches from different transactions are not serialised against each other: two transactions that
 * commit at nearly the same time may have their listeners running at the same time. A listener that
 * must apply batches one at a time queues them itself (as LiveRouting does) and reads current state
 * rather than trusting the order of arrival.
 */
export class ChangeFeed {
  // An array, not a Set: the same function subscribed twice is called twice and unsubscribed once.
  #listeners: { readonly listener: ChangeListener }[] = [];

  subscribe(listener: ChangeListener): () => void {
    const entry = { listener };
    this.#listeners = [...this.#listeners, entry];
    return () => {
      this.#listeners = this.#listeners.filter((e) => e !== entry);
    };
  }

  async emit(changes: readonly StoreChange[]): Promise<void> {
    if (changes.length === 0) return;
    const frozen = Object.freeze(changes.map((c) => Object.freeze({ ...c })));
    const failures: unknown[] = [];
    // A snapshot of the subscribers: one that (un)subscribes while we call them changes the next emit.
    for (const { listener } of this.#listeners) {
      try {
        await listener(frozen);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new ChangeListenerError(frozen, failures);
  }
}
