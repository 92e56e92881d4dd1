import { destinationKey, type PrivateNumberDestination } from '../domain/destination.ts';
import { looksLikeE164, parsePhoneNumber, type E164 } from '../domain/phone-number.ts';
import type { DialPlanIndex } from './dial-plan-index.ts';
import type { DialPlanCaller, DialResult } from './dial-result.ts';
import { describeEntry, describeRange, esnOf, type IndexedEntry, type IndexedLocation } from './indexed-records.ts';
import { isEmergencyNumber } from './emergency-numbers.ts';
import { normalizePhoneContext } from './private-number.ts';
import type { PatternHit } from './range-patterns.ts';

/** RFC 3966 §5.1.1 visual separators (and spaces people type) carry no meaning in dialled digits. */
const visualSeparators = /[\s\-.()]/g;
const dialledShape = /^\+?[0-9]+$/;

/**
 * Resolves digits a caller dialled, in the order docs/dial-plan.md gives: (1) an extension at the
 * caller's location, (2) an organization-level extension, (3) routing prefix + extension (an entry or
 * a range of that location), (4) a range of the caller's location, then an organization-level range,
 * (5) outside dial digit + number, or an E.164 number. Pure: the same index and digits always give
 * the same answer, with the same trace.
 */
export function resolveDigits(index: DialPlanIndex, caller: DialPlanCaller, dialled: string): DialResult {
  const trace: string[] = [];
  const location = callerLocation(index, caller, trace);
  if (!location) return { kind: 'notFound', reason: 'unknown_caller', trace };
  const digits = dialled.replace(visualSeparators, '');
  if (!dialledShape.test(digits)) {
    trace.push(`${JSON.stringify(dialled)} is not a number: only digits, a leading + and separators can be dialled`);
    return { kind: 'notFound', reason: 'not_digits', trace };
  }
  if (digits.startsWith('+')) return resolvePhoneNumber(index, digits, null, trace);
  // Step 0: emergency numbers come before everything, with or without the outside dial digit, so a
  // person in distress reaches help however they dial (Kari's Law, 47 U.S.C. §623, asks this of US phone systems).
  const emergency = emergencyResult(digits, location, trace);
  if (emergency) return emergency;

  const length = index.settings.extensionLength;
  if (digits.length === length) {
    const local = index.extensionAt(location.id, digits);
    if (local) return entryResult(index, local, `${digits} is the extension of ${describeEntry(local, location)}`, trace);
    const organizationLevel = index.organizationExtension(digits);
    if (organizationLevel) {
      return entryResult(index, organizationLevel, `${digits} is the extension of ${describeEntry(organizationLevel, null)}`, trace);
    }
    trace.push(`${digits} is no extension at ${location.name} nor at organization level`);
  } else if (digits.length > length && digits.startsWith(index.settings.steeringDigit)) {
    const prefixed = resolvePrefixed(index, digits, trace);
    if (prefixed) return prefixed;
  }

  if (digits.length === length) {
    const local = index.rangeMatch(location.id, digits);
    if (local) return rangeResult(index, local, digits, location, trace);
    const organizationLevel = index.rangeMatch(null, digits);
    if (organizationLevel) return rangeResult(index, organizationLevel, digits, null, trace);
    trace.push(`${digits} falls in no range of ${location.name} nor of the organization`);
  }

  const outside = location.outsideDialDigit;
  if (outside !== null && digits.length > 1 && digits.startsWith(outside)) {
    const national = digits.slice(1);
    trace.push(`${outside} is the outside dial digit of ${location.name}: ${national} is an outside number`);
    return resolvePhoneNumber(index, national, location, trace);
  }
  trace.push(
    outside === null
      ? `${digits} matches nothing, and ${location.name} has no outside dial digit`
      : `${digits} matches nothing, and does not start with ${outside}, the outside dial digit of ${location.name}`,
  );
  return { kind: 'notFound', reason: 'no_match', trace };
}

function callerLocation(index: DialPlanIndex, caller: DialPlanCaller, trace: string[]): IndexedLocation | undefined {
  if (caller.kind === 'location') {
    const location = index.location(caller.locationId);
    trace.push(location ? `Dialled from location ${location.name}` : `Location ${caller.locationId} is not in this dial plan`);
    return location;
  }
  const user = index.caller(caller.userId);
  const location = user ? index.location(user.locationId) : undefined;
  trace.push(user && location ? `Dialled by ${user.displayName} at ${location.name}` : `User ${caller.userId} is not in this dial plan`);
  return location;
}

function emergencyResult(digits: string, location: IndexedLocation, trace: string[]): DialResult | undefined {
  const where = location.country ? ` in ${location.country}` : '';
  if (isEmergencyNumber(digits, location.country)) {
    trace.push(`${digits} is an emergency number${where}: the call goes to the emergency services through the trunk`);
    return { kind: 'emergency', number: digits, country: location.country, trace };
  }
  const outside = location.outsideDialDigit;
  const rest = outside !== null && digits.startsWith(outside) ? digits.slice(1) : null;
  if (rest !== null && isEmergencyNumber(rest, location.country)) {
    trace.push(`${outside} is the outside dial digit of ${location.name} and ${rest} an emergency number${where}: the call goes to the emergency services through the trunk`);
    return { kind: 'emergency', number: rest, country: location.country, trace };
  }
  return undefined;
}

/** Step 3: routing prefix + extension. Prefixes are prefix-free, so the digits before the extension name at most one location. */
function resolvePrefixed(index: DialPlanIndex, digits: string, trace: string[]): DialResult | undefined {
  const length = index.settings.extensionLength;
  const prefix = digits.slice(0, digits.length - length);
  const extension = digits.slice(digits.length - length);
  const target = index.locationByPrefix(prefix);
  if (!target) {
    trace.push(`${prefix} is no location's routing prefix`);
    return undefined;
  }
  const entry = index.extensionAt(target.id, extension);
  const why = `${prefix} is the routing prefix of ${target.name}`;
  if (entry) return entryResult(index, entry, `${why}; ${extension} there is the extension of ${describeEntry(entry, target)}`, trace);
  const hit = index.rangeMatch(target.id, extension);
  if (hit) {
    trace.push(why);
    return rangeResult(index, hit, extension, target, trace);
  }
  trace.push(`${why}, where ${extension} is no extension and falls in no range`);
  return undefined;
}

function entryResult(index: DialPlanIndex, entry: IndexedEntry, why: string, trace: string[]): DialResult {
  trace.push(why);
  if (entry.kind === 'user') return { kind: 'user', userId: entry.id, displayName: entry.displayName, esn: entry.esn, trace };
  const privateNumber = privateNumberOf(index, entry.esn);
  if (privateNumber) trace.push(`Enhanced mode: the call carries the ESN ${entry.esn} as the private number ${destinationKey(privateNumber)}`);
  else if (index.settings.virtualExtensionMode === 'enhanced') trace.push(`Enhanced mode without a phone-context: the call goes out to ${entry.phoneNumber}`);
  else trace.push(`Standard mode: the call goes out to ${entry.phoneNumber}`);
  return { kind: 'virtualExtension', id: entry.id, displayName: entry.displayName, phoneNumber: entry.phoneNumber, esn: entry.esn, privateNumber, trace };
}

function rangeResult(index: DialPlanIndex, hit: PatternHit, digits: string, location: IndexedLocation | null, trace: string[]): DialResult {
  const joined = hit.range.prefix + digits;
  const phoneNumber = looksLikeE164(joined) ? (joined as E164) : null;
  const esn = esnOf(digits, location);
  trace.push(`${digits} matches pattern ${hit.pattern} of ${describeRange(hit.range, location)}`);
  const privateNumber = privateNumberOf(index, esn);
  if (privateNumber) trace.push(`The call carries the ESN ${esn} as the private number ${destinationKey(privateNumber)}`);
  else if (phoneNumber) trace.push(`The call goes out to ${phoneNumber} (the range prefix ${hit.range.prefix} + ${digits})`);
  else trace.push(`${hit.range.prefix}${digits} is no E.164 number and the organization has no phone-context for private numbers: the call cannot be placed`);
  return { kind: 'range', rangeId: hit.range.id, phoneNumber, esn, privateNumber, trace };
}

/**
 * The ESN as a private number (RFC 3966 §5.1.5) when the call carries it: enhanced mode with a valid
 * phone-context. A phone-context the settings checks would refuse (only old data can hold one) counts as none.
 */
function privateNumberOf(index: DialPlanIndex, esn: string): PrivateNumberDestination | null {
  const context = index.settings.phoneContext;
  const phoneContext = index.settings.virtualExtensionMode === 'enhanced' && context ? normalizePhoneContext(context) : null;
  return phoneContext === null ? null : { kind: 'private', esn, phoneContext };
}

/** Step 5: a number, read in the location's country (or the organization's); `+…` needs none. */
function resolvePhoneNumber(index: DialPlanIndex, text: string, location: IndexedLocation | null, trace: string[]): DialResult {
  const country = location ? location.country : null;
  const parsed = parsePhoneNumber(text, country);
  if (!parsed.ok) {
    trace.push(`${text} is not a valid phone number${country ? ` in ${country}` : ''}`);
    return { kind: 'notFound', reason: 'invalid_number', trace };
  }
  const e164 = parsed.e164;
  if (e164 !== text) trace.push(country ? `${text} read in ${country} is ${e164}` : `${text} is ${e164}`);
  const numberId = index.businessNumber(e164);
  if (numberId) {
    trace.push(`${e164} is one of the organization's numbers (${numberId}): an internal call to its flow`);
    return { kind: 'number', numberId, e164, trace };
  }
  const virtual = index.virtualExtensionByPhoneNumber(e164);
  if (virtual) {
    const where = virtual.locationId === null ? null : (index.location(virtual.locationId) ?? null);
    return entryResult(index, virtual, `${e164} is the phone number of ${describeEntry(virtual, where)}, extension ${virtual.extension}`, trace);
  }
  trace.push(`${e164} is an outside number`);
  return { kind: 'outside', e164, trace };
}
