import type { LocationId, NumberId, OrganizationId, UserId, VirtualExtensionId, VirtualExtensionRangeId } from '../domain/ids.ts';
import type { Country, E164 } from '../domain/phone-number.ts';
import type { DialPlanData, DialPlanIndexSettings, DialPlanUserData, DialPlanVirtualExtensionData } from './dial-plan-data.ts';
import {
  esnOf,
  type IndexedEntry,
  type IndexedLocation,
  type IndexedRange,
  type IndexedUser,
  type IndexedVirtualExtension,
} from './indexed-records.ts';
import { RangePatternSet, type PatternHit } from './range-patterns.ts';

/** What the index knows of a user who places calls (users without an extension can still dial). */
export interface IndexedCaller {
  readonly id: UserId;
  readonly displayName: string;
  readonly locationId: LocationId;
}

/** The maps behind an index. Every lookup resolution needs is one `Map#get`. */
interface IndexState {
  readonly locations: Map<LocationId, IndexedLocation>;
  readonly locationsByPrefix: Map<string, IndexedLocation>;
  /** location → extension → the user or location-level virtual extension that has it. */
  readonly locationExtensions: Map<LocationId, Map<string, IndexedEntry>>;
  /** extension → the organization-level virtual extension that has it. */
  readonly organizationExtensions: Map<string, IndexedVirtualExtension>;
  readonly callers: Map<UserId, IndexedCaller>;
  readonly users: Map<UserId, IndexedUser>;
  readonly virtualExtensions: Map<VirtualExtensionId, IndexedVirtualExtension>;
  readonly byPhoneNumber: Map<E164, IndexedVirtualExtension>;
  readonly ranges: Map<VirtualExtensionRangeId, IndexedRange>;
  readonly locationRanges: Map<LocationId, RangePatternSet>;
  readonly organizationRanges: RangePatternSet;
  readonly numbers: Map<E164, NumberId>;
  /** Records the data holds but the index could not place (duplicates the conflict checks should have refused). */
  readonly problems: string[];
}

/**
 * An organization's dial plan compiled for lookups: resolution (`resolveDigits`), caller-ID
 * presentation and the conflict checks read it. Build one with `compileDialPlanIndex`; it does not
 * change afterwards (a `DialPlanDraft` is the writable copy for bulk imports).
 */
export class DialPlanIndex {
  readonly organizationId: OrganizationId;
  readonly settings: DialPlanIndexSettings;
  readonly country: Country | null;
  protected readonly state: IndexState;

  protected constructor(organizationId: OrganizationId, settings: DialPlanIndex['settings'], country: Country | null, state: IndexState) {
    this.organizationId = organizationId;
    this.settings = settings;
    this.country = country;
    this.state = state;
  }

  /** Inconsistencies found while compiling, in words (empty for data the conflict checks accepted). */
  get problems(): readonly string[] {
    return this.state.problems;
  }

  get virtualExtensionCount(): number {
    return this.state.virtualExtensions.size;
  }

  location(id: LocationId): IndexedLocation | undefined {
    return this.state.locations.get(id);
  }

  locationByPrefix(prefix: string): IndexedLocation | undefined {
    return this.state.locationsByPrefix.get(prefix);
  }

  locations(): IterableIterator<IndexedLocation> {
    return this.state.locations.values();
  }

  caller(id: UserId): IndexedCaller | undefined {
    return this.state.callers.get(id);
  }

  /** The user or location-level virtual extension with this extension at the location. */
  extensionAt(locationId: LocationId, extension: string): IndexedEntry | undefined {
    return this.state.locationExtensions.get(locationId)?.get(extension);
  }

  organizationExtension(extension: string): IndexedVirtualExtension | undefined {
    return this.state.organizationExtensions.get(extension);
  }

  /** Every user with an extension and every virtual extension. */
  *entries(): IterableIterator<IndexedEntry> {
    yield* this.state.users.values();
    yield* this.state.virtualExtensions.values();
  }

  user(id: UserId): IndexedUser | undefined {
    return this.state.users.get(id);
  }

  virtualExtension(id: VirtualExtensionId): IndexedVirtualExtension | undefined {
    return this.state.virtualExtensions.get(id);
  }

  virtualExtensionByPhoneNumber(e164: E164): IndexedVirtualExtension | undefined {
    return this.state.byPhoneNumber.get(e164);
  }

  range(id: VirtualExtensionRangeId): IndexedRange | undefined {
    return this.state.ranges.get(id);
  }

  ranges(): IterableIterator<IndexedRange> {
    return this.state.ranges.values();
  }

  /** The range pattern of the scope (a location, or null: organization level) that `digits` fall in. */
  rangeMatch(locationId: LocationId | null, digits: string): PatternHit | undefined {
    return locationId === null ? this.state.organizationRanges.match(digits) : this.state.locationRanges.get(locationId)?.match(digits);
  }

  businessNumber(e164: E164): NumberId | undefined {
    return this.state.numbers.get(e164);
  }

  /** A copy of the maps a draft writes to: O(size), done once per bulk import rather than per row. */
  protected static copyStateOf(index: DialPlanIndex): IndexState {
    const s = index.state;
    return {
      ...s,
      locationExtensions: new Map([...s.locationExtensions].map(([id, map]) => [id, new Map(map)])),
      organizationExtensions: new Map(s.organizationExtensions),
      virtualExtensions: new Map(s.virtualExtensions),
      byPhoneNumber: new Map(s.byPhoneNumber),
      problems: [...s.problems],
    };
  }

  /** Places a virtual extension in the maps; a slot already held by another record stays with it. */
  protected place(data: DialPlanVirtualExtensionData): void {
    const s = this.state;
    const location = data.locationId === null ? null : s.locations.get(data.locationId);
    if (location === undefined) {
      s.problems.push(`virtual extension ${data.id} is at location ${String(data.locationId)}, which does not exist`);
      return;
    }
    const entry: IndexedVirtualExtension = {
      kind: 'virtualExtension',
      id: data.id,
      displayName: data.displayName,
      extension: data.extension,
      phoneNumber: data.phoneNumber,
      locationId: data.locationId,
      esn: esnOf(data.extension, location),
    };
    s.virtualExtensions.set(entry.id, entry);
    if (location === null) {
      claim(s.organizationExtensions, entry.extension, entry, s.problems);
    } else {
      claim(extensionsOf(s, location.id), entry.extension, entry, s.problems);
    }
    claim(s.byPhoneNumber, entry.phoneNumber, entry, s.problems);
  }

  /** Takes a virtual extension out of every map that holds it. */
  protected unplace(id: VirtualExtensionId): void {
    const s = this.state;
    const entry = s.virtualExtensions.get(id);
    if (!entry) return;
    s.virtualExtensions.delete(id);
    const extensions = entry.locationId === null ? s.organizationExtensions : s.locationExtensions.get(entry.locationId);
    if (extensions?.get(entry.extension) === entry) extensions.delete(entry.extension);
    if (s.byPhoneNumber.get(entry.phoneNumber) === entry) s.byPhoneNumber.delete(entry.phoneNumber);
  }

  /** Compiles the data; records it cannot place go to `problems` rather than stop the build. */
  static compile(data: DialPlanData): DialPlanIndex {
    const index = new DialPlanIndex(data.organizationId, data.settings, data.country, emptyState());
    index.fill(data);
    return index;
  }

  protected fill(data: DialPlanData): void {
    const s = this.state;
    for (const l of data.locations) {
      const location: IndexedLocation = {
        id: l.id,
        name: l.name,
        routingPrefix: l.routingPrefix,
        outsideDialDigit: l.outsideDialDigit,
        country: l.country ?? data.country,
      };
      s.locations.set(location.id, location);
      claim(s.locationsByPrefix, location.routingPrefix, location, s.problems);
    }
    for (const u of data.users) this.placeUser(u);
    for (const v of data.virtualExtensions) this.place(v);
    for (const r of data.ranges) {
      const location = r.locationId === null ? null : s.locations.get(r.locationId);
      if (location === undefined) {
        s.problems.push(`range ${r.id} is at location ${String(r.locationId)}, which does not exist`);
        continue;
      }
      const range: IndexedRange = { id: r.id, name: r.name, prefix: r.prefix, patterns: [...r.patterns], locationId: r.locationId };
      s.ranges.set(range.id, range);
      let set = s.organizationRanges;
      if (location !== null) {
        set = s.locationRanges.get(location.id) ?? new RangePatternSet();
        s.locationRanges.set(location.id, set);
      }
      for (const pattern of range.patterns) {
        const clash = this.overlapOf(pattern, location);
        if (clash) s.problems.push(`pattern ${pattern} of ${range.id} overlaps pattern ${clash.pattern} of ${clash.range.id}`);
        set.add(range, pattern);
      }
    }
    for (const n of data.numbers) s.numbers.set(n.e164, n.id);
  }

  /** A pattern already placed in a scope that meets this one (same location, or either organization level) and overlaps `pattern`. */
  private overlapOf(pattern: string, location: IndexedLocation | null): PatternHit | undefined {
    const s = this.state;
    const own = location ? s.locationRanges.get(location.id)?.overlapping(pattern) : undefined;
    if (own) return own;
    const organizationLevel = s.organizationRanges.overlapping(pattern);
    if (organizationLevel || location) return organizationLevel;
    for (const set of s.locationRanges.values()) {
      const hit = set.overlapping(pattern);
      if (hit) return hit;
    }
    return undefined;
  }

  private placeUser(u: DialPlanUserData): void {
    const s = this.state;
    const location = s.locations.get(u.locationId);
    if (!location) {
      s.problems.push(`user ${u.id} is at location ${u.locationId}, which does not exist`);
      return;
    }
    s.callers.set(u.id, { id: u.id, displayName: u.displayName, locationId: u.locationId });
    if (u.extension === null) return;
    const entry: IndexedUser = {
      kind: 'user',
      id: u.id,
      displayName: u.displayName,
      extension: u.extension,
      locationId: u.locationId,
      esn: esnOf(u.extension, location),
    };
    s.users.set(entry.id, entry);
    claim(extensionsOf(s, location.id), entry.extension, entry, s.problems);
  }
}

/** Compiles an organization's dial plan (see `DialPlanIndex`). */
export function compileDialPlanIndex(data: DialPlanData): DialPlanIndex {
  return DialPlanIndex.compile(data);
}

function emptyState(): IndexState {
  return {
    locations: new Map(),
    locationsByPrefix: new Map(),
    locationExtensions: new Map(),
    organizationExtensions: new Map(),
    callers: new Map(),
    users: new Map(),
    virtualExtensions: new Map(),
    byPhoneNumber: new Map(),
    ranges: new Map(),
    locationRanges: new Map(),
    organizationRanges: new RangePatternSet(),
    numbers: new Map(),
    problems: [],
  };
}

function extensionsOf(s: IndexState, locationId: LocationId): Map<string, IndexedEntry> {
  let map = s.locationExtensions.get(locationId);
  if (!map) {
    map = new Map();
    s.locationExtensions.set(locationId, map);
  }
  return map;
}

function claim<K, V extends { readonly id: string }>(map: Map<K, V>, key: K, value: V, problems: string[]): void {
  const holder = map.get(key);
  if (holder && holder.id !== value.id) {
    problems.push(`${value.id} and ${holder.id} both claim ${String(key)}; ${holder.id} keeps it`);
    return;
  }
  map.set(key, value);
}
