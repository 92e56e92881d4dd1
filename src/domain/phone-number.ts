import { parsePhoneNumberFromString, parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';
import type { Brand } from './brand.ts';

/** A phone number in E.164 form (`+31201234567`), valid by libphonenumber's full metadata. */
export type E164 = Brand<string, 'E164'>;

/** ISO 3166-1 alpha-2 country code that libphonenumber knows (`NL`, `US`). */
export type Country = Brand<string, 'Country'>;

export type PhoneParseResult =
  | { readonly ok: true; readonly e164: E164; readonly country: Country | null }
  | { readonly ok: false; readonly code: PhoneErrorCode; readonly message: string };

export type PhoneErrorCode = 'invalid_phone_number' | 'phone_number_needs_country' | 'phone_number_too_long';

export function asCountry(value: string): Country | null {
  const upper = value.toUpperCase();
  return isSupportedCountry(upper) ? (upper as Country) : null;
}

const e164Pattern = /^\+[1-9]\d{1,14}$/;

/** True when the string is already in E.164 form (shape only; use parsePhoneNumber to validate). */
export function looksLikeE164(value: string): boolean {
  return e164Pattern.test(value);
}

/**
 * Parses a phone number as a person types it: `+31 20 123 4567`, `0031201234567`, `(020) 123-4567`
 * with country NL, `tel:+31201234567`. The result is E.164, checked against the number plan of its
 * country.
 */
export function parsePhoneNumber(input: string, countryHint?: Country | null): PhoneParseResult {
  const text = input.trim();
  if (text.length > 64) {
    return { ok: false, code: 'phone_number_too_long', message: 'must be at most 64 characters' };
  }
  try {
    const parsed = parsePhoneNumberWithError(text, countryHint ? { defaultCountry: countryHint as CountryCode } : {});
    if (!parsed.isValid()) {
      return {
        ok: false,
        code: 'invalid_phone_number',
        message: `${JSON.stringify(text)} is not a valid phone number${parsed.country ? ` in ${parsed.country}` : ''}`,
      };
    }
    return { ok: true, e164: parsed.number as E164, country: (parsed.country as Country | undefined) ?? null };
  } catch (error) {
    if (error instanceof ParseError && error.message === 'INVALID_COUNTRY') {
      return {
        ok: false,
        code: 'phone_number_needs_country',
        message: `${JSON.stringify(text)} has no country code: start it with + and the country code, or give a country`,
      };
    }
    return { ok: false, code: 'invalid_phone_number', message: `${JSON.stringify(text)} is not a phone number` };
  }
}

/** The country a valid E.164 number belongs to, or null for non-geographic numbers. */
export function countryOf(e164: E164): Country | null {
  const result = parsePhoneNumber(e164);
  return result.ok ? result.country : null;
}

/**
 * The country an E.164 number is in by its country code and number plan, even when the metadata does
 * not hold it for a number in service (fictional ranges, brand-new blocks). For the toll-fraud guard,
 * where "which country would this call go to" matters, not whether the number is assigned.
 */
export function countryOfDialled(e164: E164): Country | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return null;
  if (parsed.country) return parsed.country as Country;
  // Several countries share the code (+44: GB, GG, IM, JE); the metadata lists the main one first.
  const main = metadata.country_calling_codes[parsed.countryCallingCode]?.[0];
  return (main as Country | undefined) ?? null;
}
