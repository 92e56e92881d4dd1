import type { Location } from './dial-plan.ts';
import { readName } from './dial-plan-text.ts';
import { IssueCollector } from './errors.ts';
import { asCountry, parsePhoneNumber, type Country, type E164 } from './phone-number.ts';
import { parseTimeZone } from './schedule-time-zone.ts';

/** A location as stored, once `locationFromInput` accepted it. Dial-plan rules are checked after. */
export type LocationFields = Pick<Location, 'name' | 'timeZone' | 'routingPrefix' | 'outsideDialDigit' | 'country' | 'emergencyCallbackNumber'>;

export interface LocationInput {
  readonly name: string;
  readonly timeZone: string;
  readonly routingPrefix: string;
  readonly outsideDialDigit?: string | null;
  readonly country?: string | null;
  readonly emergencyCallbackNumber?: string | null;
}

/**
 * The outside dial digit a location gets when the input does not say: `0`, as in most of Europe and
 * much of the world. North American sites usually want `9`; null means the site has none (outside
 * numbers are then dialled in E.164 only).
 */
export const defaultOutsideDialDigit = '0';

/**
 * Checks and normalises a location: the name, the time zone (an IANA zone, stored by its canonical
 * name), the country (ISO 3166-1 alpha-2, upper case). The routing prefix and outside dial digit are
 * passed on as given: their rules depend on the organization's dial plan (`conflictsOfLocation`). The
 * emergency callback number is read in the location's country, else `organizationCountry`.
 */
export function locationFromInput(input: LocationInput, organizationCountry: Country | null): LocationFields {
  const issues = new IssueCollector();
  const name = readName(issues, '/name', input.name, { min: 1, max: 100 });
  const timeZone = parseTimeZone(input.timeZone.trim());
  if (timeZone === null) issues.add('/timeZone', 'unknown_time_zone', `${JSON.stringify(input.timeZone)} is not an IANA time zone such as Europe/Amsterdam`);
  let country: Country | null = null;
  if (input.country !== undefined && input.country !== null) {
    country = asCountry(input.country.trim());
    if (country === null) issues.add('/country', 'unknown_country', `${JSON.stringify(input.country)} is not a country code we know`);
  }
  let emergencyCallbackNumber: E164 | null = null;
  const callback = input.emergencyCallbackNumber?.trim();
  if (callback) {
    const parsed = parsePhoneNumber(callback, country ?? organizationCountry);
    if (parsed.ok) emergencyCallbackNumber = parsed.e164;
    else issues.add('/emergencyCallbackNumber', parsed.code, parsed.message);
  }
  issues.throwIfAny();
  return {
    emergencyCallbackNumber,
    name: name ?? '',
    timeZone: timeZone ?? '',
    routingPrefix: input.routingPrefix.trim(),
    outsideDialDigit: input.outsideDialDigit === undefined ? defaultOutsideDialDigit : input.outsideDialDigit,
    country,
  };
}

/** A stored location as input again, for PATCH to lay the given fields over. */
export function locationToInput(location: LocationFields): LocationInput {
  return {
    name: location.name,
    timeZone: location.timeZone,
    routingPrefix: location.routingPrefix,
    outsideDialDigit: location.outsideDialDigit,
    country: location.country,
    emergencyCallbackNumber: location.emergencyCallbackNumber,
  };
}
