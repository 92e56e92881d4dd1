import type { LocationId, UserId, VirtualExtensionId, VirtualExtensionRangeId } from '../domain/ids.ts';
import type { Country, E164 } from '../domain/phone-number.ts';

/** The compiled forms the index holds: what resolution and the conflict checks read. */

export interface IndexedLocation {
  readonly id: LocationId;
  readonly name: string;
  readonly routingPrefix: string;
  readonly outsideDialDigit: string | null;
  /** The location's own country, or the organization's when the location has none. */
  readonly country: Country | null;
}

export interface IndexedUser {
  readonly kind: 'user';
  readonly id: UserId;
  readonly displayName: string;
  readonly extension: string;
  readonly locationId: LocationId;
  readonly esn: string;
}

export interface IndexedVirtualExtension {
  readonly kind: 'virtualExtension';
  readonly id: VirtualExtensionId;
  readonly displayName: string;
  readonly extension: string;
  readonly phoneNumber: E164;
  /** null: organization level. */
  readonly locationId: LocationId | null;
  readonly esn: string;
}

/** Anything dialled by its extension: a user or a virtual extension. */
export type IndexedEntry = IndexedUser | IndexedVirtualExtension;

export interface IndexedRange {
  readonly id: VirtualExtensionRangeId;
  readonly name: string;
  readonly prefix: string;
  readonly patterns: readonly string[];
  readonly locationId: LocationId | null;
}

/**
 * The ESN (DESIGN.md): routing prefix + extension at location level, the extension alone at
 * organization level.
 */
export function esnOf(extension: string, location: IndexedLocation | null): string {
  return location ? location.routingPrefix + extension : extension;
}

/** "Ana Silva (virtual extension, organization level)" — how traces and messages name an entry. */
export function describeEntry(entry: IndexedEntry, location: IndexedLocation | null): string {
  const kind = entry.kind === 'user' ? 'user' : 'virtual extension';
  const level = location ? `location ${location.name}` : 'organization level';
  return `${entry.displayName} (${kind}, ${level})`;
}

export function describeRange(range: IndexedRange, location: IndexedLocation | null): string {
  return `range ${range.name} (${location ? `location ${location.name}` : 'organization level'})`;
}
