import type { DialPlanSettings, Location, User, VirtualExtension, VirtualExtensionRange } from '../domain/dial-plan.ts';
import type { NumberId, OrganizationId } from '../domain/ids.ts';
import type { Country, E164 } from '../domain/phone-number.ts';

/**
 * The settings resolution reads. `phoneContext` (absent: none) names where ESNs are valid in enhanced
 * mode; without one an enhanced-mode call goes to the E.164 number when there is one.
 */
export type DialPlanIndexSettings = Pick<DialPlanSettings, 'steeringDigit' | 'extensionLength' | 'virtualExtensionMode'> & {
  readonly phoneContext?: string | null;
};

/**
 * The plain data a dial-plan index is compiled from, as the store reads it. Each record type is a
 * `Pick` of the domain record, so whole domain records fit as they are.
 */
export interface DialPlanData {
  readonly organizationId: OrganizationId;
  readonly settings: DialPlanIndexSettings;
  /** How numbers dialled without a country code are read when the location does not say. */
  readonly country: Country | null;
  readonly locations: readonly DialPlanLocationData[];
  readonly users: readonly DialPlanUserData[];
  readonly virtualExtensions: readonly DialPlanVirtualExtensionData[];
  readonly ranges: readonly DialPlanRangeData[];
  /** The organization's business numbers: dialling one is an internal call to its flow. */
  readonly numbers: readonly DialPlanNumberData[];
}

export type DialPlanLocationData = Pick<Location, 'id' | 'name' | 'routingPrefix' | 'outsideDialDigit'> & {
  /** The country numbers dialled after the outside dial digit are read in; absent or null: the organization's. */
  readonly country?: Country | null;
};

export type DialPlanUserData = Pick<User, 'id' | 'locationId' | 'extension' | 'displayName'>;

export type DialPlanVirtualExtensionData = Pick<VirtualExtension, 'id' | 'displayName' | 'extension' | 'phoneNumber' | 'locationId'>;

export type DialPlanRangeData = Pick<VirtualExtensionRange, 'id' | 'name' | 'prefix' | 'patterns' | 'locationId'>;

export interface DialPlanNumberData {
  readonly id: NumberId;
  readonly e164: E164;
}
