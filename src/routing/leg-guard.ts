import { effectiveAllowedCountries } from '../domain/allowed-countries.ts';
import type { Destination } from '../domain/destination.ts';
import type { Organization } from '../domain/organization.ts';
import { countryOfDialled } from '../domain/phone-number.ts';

/**
 * The toll-fraud guard: a leg to a phone number goes out only when the number's country is one the
 * organization allows (by default its own). Returns why a leg may not be placed, or null when it
 * may. SIP URIs are not phone numbers and pass; so do users, whose devices are the organization's
 * own registered phones (an internal call that costs nothing), and private numbers of enhanced mode,
 * which the organization's provider routes inside its own network, and emergency numbers, which are
 * never refused. Both drivers ask this before placing a leg — the
 * simulator too — so a refused leg shows the same in a simulation as on a real call.
 */
export function legRefusal(organization: Pick<Organization, 'country' | 'allowedCountries'>, destination: Destination): string | null {
  if (destination.kind !== 'phone') return null;
  const country = countryOfDialled(destination.e164);
  const allowed = effectiveAllowedCountries(organization);
  if (country !== null && allowed.includes(country)) return null;
  const where = country === null ? `${destination.e164} belongs to no country` : `country ${country} is not allowed`;
  return `${where} for this organization (allowed: ${allowed.join(', ') || 'none'})`;
}
