import type { LocationId, OrganizationId, UserId, VirtualExtensionId, VirtualExtensionRangeId, DeviceId, TrunkId } from './ids.ts';
import type { Country, E164 } from './phone-number.ts';

/**
 * The internal dial plan of an organization: its settings, locations (each with a routing prefix),
 * users and virtual extensions with short extensions, and virtual extension ranges. The vocabulary is
 * DESIGN.md's: an ESN (enterprise significant number) is routing prefix + extension for a
 * location-level entry, the extension alone for an organization-level one.
 */

/** An organization's dial-plan settings. */
export interface DialPlanSettings {
  /** The digit every routing prefix starts with (so `8` + `01` + `5001` reaches location 01's 5001). */
  readonly steeringDigit: string;
  /** How many digits every extension in the organization has (2–10). */
  readonly extensionLength: number;
  /**
   * How a call to a virtual extension leaves: `standard` — an ordinary outbound call to its E.164
   * number; `enhanced` — the ESN as a private number (a tel URI with `phone-context`, RFC 3966) to a
   * provider that routes it.
   */
  readonly virtualExtensionMode: VirtualExtensionMode;
  /**
   * Where the organization's ESNs are valid, for enhanced mode: the `phone-context` of the private
   * number (RFC 3966 §5.1.5), a domain name the organization controls (`acme.example`) or the global
   * number prefix of its numbering plan (`+3120`). Required in enhanced mode; null otherwise.
   */
  readonly phoneContext: string | null;
  /**
   * The trunk calls from the organization's phones leave through (to virtual extensions, ranges and
   * outside numbers); null: its first enabled trunk. Calls that came in on a trunk ring phone numbers
   * through that same trunk.
   */
  readonly outboundTrunkId: TrunkId | null;
}

export type VirtualExtensionMode = 'standard' | 'enhanced';

export const dialPlanDefaults: DialPlanSettings = {
  steeringDigit: '8',
  extensionLength: 4,
  virtualExtensionMode: 'standard',
  phoneContext: null,
  outboundTrunkId: null,
};

export const extensionLengthLimits = { min: 2, max: 10 } as const;

/** A site of an organization. */
export interface Location {
  readonly id: LocationId;
  readonly organizationId: OrganizationId;
  readonly name: string;
  /** IANA time zone, canonical name. */
  readonly timeZone: string;
  /** Digits, starting with the organization's steering digit, unique in the organization and none a prefix of another. */
  readonly routingPrefix: string;
  /** The digit dialled before an outside number (`0` in much of Europe, `9` in North America); null: none. */
  readonly outsideDialDigit: string | null;
  /** Where national numbers dialled here are read; null: the organization's country. */
  readonly country: Country | null;
  /**
   * The number emergency services see, and call back, when a phone here dials 112 or 911 (an ESN means
   * nothing to them): the site's main line. Null: the organization's first business number.
   */
  readonly emergencyCallbackNumber: E164 | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A person with an extension and SIP devices that register with ringroute. */
export interface User {
  readonly id: UserId;
  readonly organizationId: OrganizationId;
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
  readonly locationId: LocationId;
  readonly extension: string | null;
  readonly email: string | null;
  readonly devices: readonly Device[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * A SIP phone or softphone of a user. It registers and places calls with digest credentials: the
 * user name is unique on the platform; the password is kept only as digest hashes (HA1) for the realm.
 */
export interface Device {
  readonly id: DeviceId;
  readonly name: string;
  readonly username: string;
  /** HA1 = H(username:realm:password) for MD5 and SHA-256 (RFC 7616 §3.4.2); the password itself is never stored. */
  readonly ha1: { readonly md5: string; readonly sha256: string };
}

/** An external number behind a short extension and a name, at organization or location level. */
export interface VirtualExtension {
  readonly id: VirtualExtensionId;
  readonly organizationId: OrganizationId;
  readonly displayName: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly extension: string;
  readonly phoneNumber: E164;
  /** null: organization level (dialled the same from every location). */
  readonly locationId: LocationId | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type DialPlanLevel = 'organization' | 'location';

/** A block of virtual extensions: dialling an extension that matches a pattern calls `prefix` + the digits. */
export interface VirtualExtensionRange {
  readonly id: VirtualExtensionRangeId;
  readonly organizationId: OrganizationId;
  readonly name: string;
  /** In standard mode the start of an E.164 number (`+3120555`); in enhanced mode digits. */
  readonly prefix: string;
  /** Up to 100 patterns of the extension length: digits and `X` (any digit), e.g. `2XXX`. */
  readonly patterns: readonly string[];
  readonly locationId: LocationId | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const maxRangePatterns = 100;
