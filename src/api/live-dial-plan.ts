import { presentCaller, type CallerPresentation, type DialPlanIndex } from '../dialplan/index.ts';
import type { CallerShownAs } from '../domain/call-record.ts';
import type { OrganizationId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { ReadRepositories, ResourceType, Store, StoreChange } from '../store/store.ts';
import { loadDialPlanIndex } from './dial-plan-data-loader.ts';

/** Changes that can change what an organization's dial plan says. */
const dialPlanResources: ReadonlySet<ResourceType> = new Set(['organization', 'number', 'location', 'user', 'virtualExtension', 'virtualExtensionRange']);

/** A reload slower than this makes later changes reload in the background instead of before the write returns. */
const awaitedReloadLimitMs = 50;

/**
 * Each organization's compiled dial plan, kept in step with the store, for what call control asks
 * while a call arrives (how to present a caller). A small dial plan is reloaded before the write that
 * changed it returns, like the routing snapshot; a large one (a reload slower than 50 ms, typically
 * tens of thousands of virtual extensions) is reloaded in the background, coalescing the changes of
 * a bulk import, and is current a moment after the write.
 */
export class LiveDialPlan {
  readonly #indexes = new Map<OrganizationId, DialPlanIndex>();
  readonly #slow = new Set<OrganizationId>();
  readonly #pending = new Set<OrganizationId>();
  readonly #reads: ReadRepositories;
  #queue: Promise<void> = Promise.resolve();

  private constructor(reads: ReadRepositories) {
    this.#reads = reads;
  }

  /**
   * Loads the dial plans of the organizations that have numbers (they get calls from outside) and
   * follows changes. An organization without numbers whose phones dial is loaded on its first call
   * (`load`).
   */
  static async follow(store: Store): Promise<LiveDialPlan> {
    const live = new LiveDialPlan(store);
    for (const organizationId of await store.numbers.organizationIdsWithNumbers()) await live.#reload(organizationId);
    store.onChange((changes) => live.apply(changes));
    return live;
  }

  /** How the organization shows this caller, when the number is one of its virtual extensions' or in one of its ranges. */
  presentCaller(organizationId: OrganizationId, e164: E164): CallerShownAs | null {
    const index = this.#indexes.get(organizationId);
    const found = index ? presentCaller(index, e164) : null;
    return found ? shownAs(found) : null;
  }

  /** The organization's dial plan as last loaded. */
  index(organizationId: OrganizationId): DialPlanIndex | undefined {
    return this.#indexes.get(organizationId);
  }

  /**
   * The organization's dial plan, loading it first when it is not held yet (an organization with
   * users but no numbers, before its first dial-plan change). Once loaded it follows changes like
   * the others. Undefined for an organization that does not exist.
   */
  async load(organizationId: OrganizationId): Promise<DialPlanIndex | undefined> {
    const held = this.#indexes.get(organizationId);
    if (held) return held;
    // Through the queue, so the load cannot overtake a reload of a change made before it.
    await this.#enqueue(async () => {
      if (!this.#indexes.has(organizationId)) await this.#reload(organizationId);
    });
    return this.#indexes.get(organizationId);
  }

  apply(changes: readonly StoreChange[]): Promise<void> {
    const touched = [...new Set(changes.filter((c) => dialPlanResources.has(c.resourceType)).map((c) => c.organizationId))];
    const awaited: OrganizationId[] = [];
    for (const organizationId of touched) {
      if (!this.#slow.has(organizationId)) {
        awaited.push(organizationId);
        continue;
      }
      // Coalesce: one background reload stands for every change made before it starts.
      if (this.#pending.has(organizationId)) continue;
      this.#pending.add(organizationId);
      this.#enqueue(async () => {
        this.#pending.delete(organizationId);
        await this.#reload(organizationId);
      });
    }
    if (awaited.length === 0) return Promise.resolve();
    return this.#enqueue(async () => {
      for (const organizationId of awaited) await this.#reload(organizationId);
    });
  }

  /** Resolves once every reload asked for so far has run. */
  settled(): Promise<void> {
    return this.#queue;
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work);
    // A failed reload keeps the last good index and must not wedge the queue.
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #reload(organizationId: OrganizationId): Promise<void> {
    const started = performance.now();
    const organization = await this.#reads.organizations.get(organizationId);
    if (!organization) {
      this.#indexes.delete(organizationId);
      return;
    }
    this.#indexes.set(organizationId, await loadDialPlanIndex(this.#reads, organizationId));
    if (performance.now() - started > awaitedReloadLimitMs) this.#slow.add(organizationId);
    else this.#slow.delete(organizationId);
  }
}

/** What a call record keeps of a presentation. */
export function shownAs(found: CallerPresentation): CallerShownAs {
  return found.kind === 'virtualExtension'
    ? { displayName: found.displayName, esn: found.esn, virtualExtensionId: found.virtualExtensionId }
    : { displayName: found.displayName, esn: found.esn, rangeId: found.rangeId };
}
