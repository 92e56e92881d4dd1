import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Organization } from '../domain/organization.ts';
import { asCountry, parsePhoneNumber, type Country, type E164 } from '../domain/phone-number.ts';
import type { ReadRepositories } from '../store/store.ts';

/** Reading what a request says in the terms of the caller's organization: its record, its country. */

export async function organizationOf(reads: ReadRepositories, id: Organization['id']): Promise<Organization> {
  const organization = await reads.organizations.get(id);
  if (!organization) throw new NotFoundError('Organization', id);
  return organization;
}

export function countryHint(raw: string | undefined, organization: Organization, field: string): Country {
  if (raw === undefined) return organization.country;
  const country = asCountry(raw);
  if (!country) throw new ValidationError([{ field, code: 'unknown_country', message: `${JSON.stringify(raw)} is not a country code we know` }]);
  return country;
}

export function readPhoneNumber(raw: string, country: Country, field: string): E164 {
  const parsed = parsePhoneNumber(raw, country);
  if (!parsed.ok) throw new ValidationError([{ field, code: parsed.code, message: parsed.message }]);
  return parsed.e164;
}
