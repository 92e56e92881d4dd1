import { Metadata, getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';
import type { Country } from './phone-number.ts';

/*
 * Number prefixes as people type them in a filter ("+44 20*", "0044 20*", "020*" in NL), read into the
 * digits after the `+` of E.164. The country's international and national dialling prefixes come from
 * libphonenumber's metadata, never from a table of our own.
 */

export type PrefixParseResult =
  | { readonly ok: true; readonly prefix: string }
  | {
      readonly ok: false;
      readonly code: 'invalid_prefix' | 'prefix_needs_country' | 'unknown_country_code';
      readonly message: string;
    };

/** Every country calling code (`1`, `31`, `44`, `880`). No code is the start of another (ITU-T E.164). */
const callingCodes: readonly string[] = Object.keys(metadata.country_calling_codes);

/** E.164 allows 15 digits after the `+`; a prefix that long is a whole number, which is still fine. */
const maxPrefixDigits = 15;

/**
 * Reads a prefix. One trailing `*` is allowed (and ignored); spaces, dashes, dots, slashes and
 * parentheses are ignored. Forms:
 * - `+44 20`: international, as E.164 writes it;
 * - `0044 20` or the hint country's own international prefix (`011 44 20` in the US): international;
 *   `00` is read as international whatever the hint, as most of the world dials it;
 * - `020` with a country hint: national; the national prefix (`0` in NL) is dropped and the country
 *   code put in front, giving `3120`. Without a hint a national prefix cannot be read.
 */
export function parseNumberPrefix(input: string, countryHint: Country | null): PrefixParseResult {
  const text = input.trim();
  const invalid: PrefixParseResult = {
    ok: false,
    code: 'invalid_prefix',
    message: `${JSON.stringify(input)} is not a number prefix such as "+44 20*"`,
  };
  if (text.length === 0 || text.length > 64) return invalid;
  const withoutStar = text.endsWith('*') ? text.slice(0, -1) : text;
  const compact = withoutStar.replace(/[\s\-./()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return invalid;

  const digits = internationalDigits(compact, countryHint);
  if (digits === null) {
    return {
      ok: false,
      code: 'prefix_needs_country',
      message: `${JSON.stringify(input)} has no country code: start it with + and the country code, or give a country`,
    };
  }
  if (digits.length === 0 || digits.length > maxPrefixDigits || digits.startsWith('0')) return invalid;
  if (!callingCodes.some((code) => digits.startsWith(code) || code.startsWith(digits))) {
    return { ok: false, code: 'unknown_country_code', message: `${JSON.stringify(input)} does not start with a country code in use` };
  }
  return { ok: true, prefix: digits };
}

/** The digits after `+`, or null for a national form without a country to read it in. */
function internationalDigits(compact: string, country: Country | null): string | null {
  if (compact.startsWith('+')) return compact.slice(1);
  if (country) {
    const plan = new Metadata();
    plan.selectNumberingPlan(country as CountryCode);
    // The metadata gives the international prefix as a pattern (`00|0[1-9]0` in some countries).
    const idd = plan.numberingPlan?.IDDPrefix();
    const iddMatch = idd ? new RegExp(`^(?:${idd})`).exec(compact) : null;
    if (iddMatch) return compact.slice(iddMatch[0].length);
    if (compact.startsWith('00')) return compact.slice(2);
    const callingCode = getCountryCallingCode(country as CountryCode);
    const nationalPrefix = nationalPrefixOf(plan.numberingPlan);
    const national = nationalPrefix && compact.startsWith(nationalPrefix) ? compact.slice(nationalPrefix.length) : compact;
    return `${callingCode}${national}`;
  }
  if (compact.startsWith('00')) return compact.slice(2);
  return null;
}

/**
 * The national prefix (`0` in NL, `1` in the US). libphonenumber-js has it on the numbering plan but
 * leaves it out of its type declarations, so it is read with a check; the prefix tests pin it down.
 */
function nationalPrefixOf(plan: unknown): string | undefined {
  if (typeof plan !== 'object' || plan === null || !('nationalPrefix' in plan) || typeof plan.nationalPrefix !== 'function') return undefined;
  const value: unknown = plan.nationalPrefix.call(plan);
  return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined;
}

/** `4420` → `+44 20*`: the country code set apart, the way people write prefixes. */
export function readablePrefix(prefix: string): string {
  const code = callingCodes.find((c) => prefix.startsWith(c));
  if (!code || code.length === prefix.length) return `+${prefix}*`;
  return `+${code} ${prefix.slice(code.length)}*`;
}
