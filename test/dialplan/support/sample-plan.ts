import type { DialPlanSettings } from '../../../src/domain/dial-plan.ts';
import type { LocationId, NumberId, OrganizationId, UserId, VirtualExtensionId, VirtualExtensionRangeId } from '../../../src/domain/ids.ts';
import type { Country, E164 } from '../../../src/domain/phone-number.ts';
import type {
  DialPlanData,
  DialPlanLocationData,
  DialPlanRangeData,
  DialPlanUserData,
  DialPlanVirtualExtensionData,
} from '../../../src/dialplan/index.ts';

export const organizationId = 'org_acme' as OrganizationId;
export const e164 = (value: string) => value as E164;

export const ams = 'loc_ams' as LocationId;
export const lis = 'loc_lis' as LocationId;
export const nyc = 'loc_nyc' as LocationId;

export function location(id: LocationId, name: string, routingPrefix: string, outsideDialDigit: string | null, country?: string): DialPlanLocationData {
  return country === undefined ? { id, name, routingPrefix, outsideDialDigit } : { id, name, routingPrefix, outsideDialDigit, country: country as Country };
}

export function user(id: string, locationId: LocationId, extension: string | null, displayName: string): DialPlanUserData {
  return { id: id as UserId, locationId, extension, displayName };
}

export function virtualExtension(id: string, extension: string, phoneNumber: string, locationId: LocationId | null, displayName: string): DialPlanVirtualExtensionData {
  return { id: id as VirtualExtensionId, extension, phoneNumber: e164(phoneNumber), locationId, displayName };
}

export function range(id: string, name: string, prefix: string, patterns: string[], locationId: LocationId | null): DialPlanRangeData {
  return { id: id as VirtualExtensionRangeId, name, prefix, patterns, locationId };
}

export const standardSettings: Pick<DialPlanSettings, 'steeringDigit' | 'extensionLength' | 'virtualExtensionMode' | 'phoneContext'> = {
  steeringDigit: '8',
  extensionLength: 4,
  virtualExtensionMode: 'standard',
  phoneContext: null,
};

/**
 * Acme: Amsterdam (prefix 801, outside 0), Lisbon (802, outside 0, Portugal), New York (803,
 * outside 9, US). Bob and Carla both have 1001, at different locations; Ana Silva is organization
 * level 5001 on a Lisbon number; Dirk is Amsterdam's 4001 on a Dutch mobile; Amsterdam has the range
 * 2XXX → +3120555…, the organization the range 6XXX → +3120777…; the main number is +31 20 123 4567.
 */
export function samplePlan(overrides: Partial<DialPlanData> = {}): DialPlanData {
  return {
    organizationId,
    settings: standardSettings,
    country: 'NL' as Country,
    locations: [location(ams, 'Amsterdam', '801', '0'), location(lis, 'Lisbon', '802', '0', 'PT'), location(nyc, 'New York', '803', '9', 'US')],
    users: [user('usr_bob', ams, '1001', 'Bob de Vries'), user('usr_carla', lis, '1001', 'Carla Sousa'), user('usr_eve', nyc, null, 'Eve Park')],
    virtualExtensions: [
      virtualExtension('vex_ana', '5001', '+351212345678', null, 'Ana Silva'),
      virtualExtension('vex_dirk', '4001', '+31612345678', ams, 'Dirk Jansen'),
    ],
    ranges: [range('vxr_ams', 'Amsterdam block', '+3120555', ['2XXX'], ams), range('vxr_support', 'Support', '+3120777', ['6XXX'], null)],
    numbers: [{ id: 'num_main' as NumberId, e164: e164('+31201234567') }],
    ...overrides,
  };
}
