import type { Country } from '../domain/phone-number.ts';

/**
 * Emergency numbers, dialled as they are: without the outside dial digit (as the US requires of
 * multi-line phone systems since Kari's Law, 47 U.S.C. §623) and with it, from every phone of the
 * organization. 112 (the GSM and EU number) and 911 are recognized everywhere, because a person in
 * distress dials the number they know; the others by the country of the caller's location. The
 * carrier behind the trunk routes the call to the local emergency service.
 *
 * Sources: ITU-T E.161.1 for 112 and 911; national numbers as the countries publish them (collected
 * from the public list of emergency telephone numbers). Countries not listed get 112 and 911.
 */
const everywhere = ['112', '911'] as const;

const byCountry: Readonly<Record<string, readonly string[]>> = {
  US: [], CA: [], PR: [], MX: [],
  GB: ['999'], IE: ['999'],
  FR: ['15', '17', '18', '114', '115', '119', '191', '196', '197'],
  DE: ['110'], NL: [], BE: ['100', '101'], LU: ['113'],
  ES: ['091', '092', '061', '080', '085'], PT: [], IT: ['113', '115', '118'],
  AT: ['122', '133', '144'], CH: ['117', '118', '144'],
  SE: [], NO: ['110', '113'], DK: ['114'], FI: [], IS: [],
  PL: ['997', '998', '999'], CZ: ['150', '155', '158'], SK: ['150', '155', '158'],
  HU: ['104', '105', '107'], RO: [], BG: [], GR: ['100', '166', '199'],
  AU: ['000', '106'], NZ: ['111'],
  JP: ['110', '118', '119'], CN: ['110', '119', '120', '122'], HK: ['999'], SG: ['995', '999'], KR: ['119'],
  IN: ['100', '101', '102', '108'],
  BR: ['190', '192', '193'], AR: ['100', '101', '107'],
  ZA: ['10111', '10177'],
  IL: ['100', '101', '102'], AE: ['997', '998', '999'], SA: ['997', '998', '999'],
  TR: [], RU: ['101', '102', '103'], UA: ['101', '102', '103'],
};

const cache = new Map<string, ReadonlySet<string>>();

/** The emergency numbers a phone in `country` can dial (112 and 911 always). */
export function emergencyNumbersOf(country: Country | null): ReadonlySet<string> {
  const key = country ?? '';
  let numbers = cache.get(key);
  if (!numbers) {
    numbers = new Set([...everywhere, ...(byCountry[key] ?? [])]);
    cache.set(key, numbers);
  }
  return numbers;
}

/** Whether `digits` are an emergency number for a phone in `country`. */
export function isEmergencyNumber(digits: string, country: Country | null): boolean {
  return emergencyNumbersOf(country).has(digits);
}
