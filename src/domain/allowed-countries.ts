import { IssueCollector } from './errors.ts';
import type { Organization } from './organization.ts';
import { asCountry, type Country } from './phone-number.ts';

/** ISO 3166-1 assigns fewer than 250 alpha-2 codes, so a longer list can only hold repeats or mistakes. */
export const maxAllowedCountries = 250;

/** The countries an organization's calls may be sent to: its list, or its own country when it has none. */
export function effectiveAllowedCountries(organization: Pick<Organization, 'country' | 'allowedCountries'>): readonly Country[] {
  return organization.allowedCountries ?? [organization.country];
}

/** Whether a leg to a phone number of `country` may leave for the phone network. */
export function isCountryAllowed(organization: Pick<Organization, 'country' | 'allowedCountries'>, country: Country): boolean {
  return effectiveAllowedCountries(organization).includes(country);
}

/**
 * Reads a list of allowed countries as people send it: ISO 3166-1 alpha-2 codes in any case. The
 * result is upper-case with repeats removed, in the order first given. Every unknown code is reported
 * with its index (`/allowedCountries/2`), so nothing is half-accepted. `null` stays null: "back to
 * the default".
 */
export function allowedCountriesFromInput(raw: readonly string[] | null, field = '/allowedCountries'): readonly Country[] | null {
  if (raw === null) return null;
  const issues = new IssueCollector();
  if (raw.length > maxAllowedCountries) issues.add(field, 'too_many', `may hold at most ${maxAllowedCountries} countries`);
  const result: Country[] = [];
  raw.forEach((text, i) => {
    const country = asCountry(text.trim());
    if (!country) {
      issues.add(`${field}/${i}`, 'unknown_country', `${JSON.stringify(text)} is not a country code we know`);
      return;
    }
    if (!result.includes(country)) result.push(country);
  });
  issues.throwIfAny();
  return result;
}
