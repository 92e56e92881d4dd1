import type { OrganizationId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import {
  compileOrganization,
  type CompiledNumber,
  type CompiledOrganization,
  type OrganizationConfig,
} from './compiled-organization.ts';
import { RoutingError } from './routing-error.ts';
import { fnv1a, ShardedMap, type ShardedMapDraft, type ShardHash } from './sharded-map.ts';

/**
 * The immutable, pre-compiled configuration the engine reads. Updates return a new snapshot and
 * leave this one valid, so calls in progress keep the snapshot they started with.
 */
export interface RoutingSnapshot {
  readonly numberCount: number;
  readonly organizationCount: number;
  lookupNumber(e164: E164): CompiledNumber | undefined;
  organization(id: OrganizationId): CompiledOrganization | undefined;
  /**
   * Adds the organization or replaces it with this configuration: numbers it no longer lists stop
   * routing, new and changed ones route by their new flow. Costs time in proportion to the
   * organization, not to the snapshot.
   *
   * A number another organization still lists is taken over by this one: the change feed may report
   * "B gained it" before "A lost it", and the newest claim is the true one.
   */
  withOrganization(config: OrganizationConfig): RoutingSnapshot;
  /** Without the organization and its numbers; the same snapshot when it is not there. */
  withoutOrganization(id: OrganizationId): RoutingSnapshot;
}

// 2^14 shards keep about 60 numbers per shard at a million numbers, so replacing an organization
// copies little; 2^10 does the same for organizations.
const numberShardBits = 14;
const organizationShardBits = 10;

/**
 * Numbers are handed out in blocks (10, 100, 1,000 consecutive numbers), and an organization usually
 * owns whole blocks. Hashing all but the last two digits keeps each run of 100 in one shard, so a
 * change to an organization copies a shard per block it owns rather than one per number.
 */
const hashNumberBlock: ShardHash = (e164) => fnv1a(e164, Math.max(0, e164.length - 2));

type NumberIndex = ShardedMap<E164, CompiledNumber>;
type OrganizationIndex = ShardedMap<OrganizationId, CompiledOrganization>;

class ShardedRoutingSnapshot implements RoutingSnapshot {
  private readonly numbers: NumberIndex;
  private readonly organizations: OrganizationIndex;

  constructor(numbers: NumberIndex, organizations: OrganizationIndex) {
    this.numbers = numbers;
    this.organizations = organizations;
    Object.freeze(this);
  }

  get numberCount(): number {
    return this.numbers.size;
  }

  get organizationCount(): number {
    return this.organizations.size;
  }

  lookupNumber(e164: E164): CompiledNumber | undefined {
    return this.numbers.get(e164);
  }

  organization(id: OrganizationId): CompiledOrganization | undefined {
    return this.organizations.get(id);
  }

  withOrganization(config: OrganizationConfig): RoutingSnapshot {
    const id = config.organization.id;
    const previous = this.organizations.get(id);
    const compiled = compileOrganization(config, previous);
    const kept = new Set<string>(compiled.numbers.map((n) => n.number.phoneNumber));
    const numbers = this.numbers.edit((draft) => {
      for (const old of previous?.numbers ?? []) {
        if (!kept.has(old.number.phoneNumber)) releaseNumber(draft, old, id);
      }
      for (const number of compiled.numbers) {
        // Unchanged numbers are the same object: skipping them leaves their shard uncopied.
        if (draft.get(number.number.phoneNumber) !== number) draft.set(number.number.phoneNumber, number);
      }
    });
    const organizations = this.organizations.edit((draft) => draft.set(id, compiled));
    return new ShardedRoutingSnapshot(numbers, organizations);
  }

  withoutOrganization(id: OrganizationId): RoutingSnapshot {
    const previous = this.organizations.get(id);
    if (!previous) return this;
    const numbers = this.numbers.edit((draft) => {
      for (const old of previous.numbers) releaseNumber(draft, old, id);
    });
    const organizations = this.organizations.edit((draft) => draft.delete(id));
    return new ShardedRoutingSnapshot(numbers, organizations);
  }
}

/** Removes a number from the index only while it still routes to this organization (see withOrganization). */
function releaseNumber(draft: ShardedMapDraft<E164, CompiledNumber>, old: CompiledNumber, owner: OrganizationId): void {
  const current = draft.get(old.number.phoneNumber);
  if (current && current.number.organizationId === owner) draft.delete(old.number.phoneNumber);
}

const empty = new ShardedRoutingSnapshot(
  ShardedMap.empty<E164, CompiledNumber>(numberShardBits, hashNumberBlock),
  ShardedMap.empty<OrganizationId, CompiledOrganization>(organizationShardBits),
);

export function emptySnapshot(): RoutingSnapshot {
  return empty;
}

/**
 * Compiles a whole configuration, as read from the store at start-up. Here, unlike in
 * `withOrganization`, one number listed by two organizations means the input is inconsistent, and
 * the build refuses it rather than pick an owner.
 */
export function buildSnapshot(configs: Iterable<OrganizationConfig>): RoutingSnapshot {
  const compiledOrganizations: CompiledOrganization[] = [];
  const organizations = ShardedMap.empty<OrganizationId, CompiledOrganization>(organizationShardBits).edit((draft) => {
    for (const config of configs) {
      const id = config.organization.id;
      if (draft.get(id)) throw new RoutingError('duplicate_organization', `Organization ${id} appears twice`);
      const compiled = compileOrganization(config);
      draft.set(id, compiled);
      compiledOrganizations.push(compiled);
    }
  });
  const numbers = ShardedMap.empty<E164, CompiledNumber>(numberShardBits, hashNumberBlock).edit((draft) => {
    for (const organization of compiledOrganizations) {
      for (const number of organization.numbers) {
        const e164 = number.number.phoneNumber;
        const holder = draft.get(e164);
        if (holder) {
          throw new RoutingError(
            'duplicate_number',
            `${e164} belongs to both ${holder.number.organizationId} and ${number.number.organizationId}`,
          );
        }
        draft.set(e164, number);
      }
    }
  });
  return new ShardedRoutingSnapshot(numbers, organizations);
}
