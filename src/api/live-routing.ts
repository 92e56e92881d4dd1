import type { OrganizationId } from '../domain/ids.ts';
import { emptySnapshot, type OrganizationConfig, type RoutingSnapshot } from '../routing/index.ts';
import type { ReadRepositories, Store, StoreChange } from '../store/store.ts';

/**
 * The node's current routing snapshot, kept in step with the store. A committed change makes the store
 * call `apply`, which reloads only the organizations it touched, builds a new snapshot from the old one
 * and swaps it in. `transaction()` awaits this, so when an API call returns, the next call routes by the
 * new configuration. Calls in progress hold on to the snapshot they started with; nothing mutates it.
 */
export class LiveRouting {
  #snapshot: RoutingSnapshot;
  #queue: Promise<void> = Promise.resolve();
  readonly #reads: ReadRepositories;

  private constructor(reads: ReadRepositories, snapshot: RoutingSnapshot) {
    this.#reads = reads;
    this.#snapshot = snapshot;
  }

  /**
   * Builds the first snapshot from everything in the store and follows the store's changes from then on.
   * `base` is what the store's organizations are laid over (empty, except in benchmarks that need a
   * snapshot of a million numbers without a million rows).
   */
  static async follow(store: Store, base: RoutingSnapshot = emptySnapshot()): Promise<LiveRouting> {
    let snapshot = base;
    for (const organizationId of await store.numbers.organizationIdsWithNumbers()) {
      const config = await loadOrganization(store, organizationId);
      if (config) snapshot = snapshot.withOrganization(config);
    }
    const live = new LiveRouting(store, snapshot);
    store.onChange((changes) => live.apply(changes));
    return live;
  }

  current(): RoutingSnapshot {
    return this.#snapshot;
  }

  /**
   * Reloads the organizations the changes touched. Reloads run one after another, each reading the store
   * after its own commit, so the last swap always reflects the last commit.
   */
  apply(changes: readonly StoreChange[]): Promise<void> {
    const organizations = [...new Set(changes.map((c) => c.organizationId))];
    const run = this.#queue.then(async () => {
      for (const organizationId of organizations) {
        const config = await loadOrganization(this.#reads, organizationId);
        this.#snapshot = config
          ? this.#snapshot.withOrganization(config)
          : this.#snapshot.withoutOrganization(organizationId);
      }
    });
    // A failed reload must not wedge the queue for the changes after it.
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

async function loadOrganization(reads: ReadRepositories, organizationId: OrganizationId): Promise<OrganizationConfig | null> {
  const organization = await reads.organizations.get(organizationId);
  if (!organization) return null;
  // Schedules, rosters, queues and the filter travel with the numbers: a change to any of them is a change of
  // this organization, so the feed reloads it whole.
  return {
    organization,
    numbers: await reads.numbers.listAll(organizationId),
    schedules: await reads.schedules.listAll(organizationId),
    rosters: await reads.rosters.listAll(organizationId),
    queues: await reads.queues.listAll(organizationId),
    filter: await reads.organizations.callFilter(organizationId),
  };
}
