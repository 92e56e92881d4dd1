import { maxRangePatterns } from '../domain/dial-plan.ts';
import type { LocationId, UserId, VirtualExtensionId, VirtualExtensionRangeId } from '../domain/ids.ts';
import type { Country, E164 } from '../domain/phone-number.ts';
import { conflict, type ConflictingRecord, type DialPlanConflict } from './dial-plan-conflict.ts';
import type { DialPlanIndex } from './dial-plan-index.ts';
import { extensionShapeProblem, rangePrefixProblem } from './extension-rules.ts';
import { describeEntry, describeRange, type IndexedEntry, type IndexedLocation, type IndexedRange } from './indexed-records.ts';
import { emergencyNumbersOf, isEmergencyNumber } from './emergency-numbers.ts';
import { isPatternShape, patternMatches, patternsOverlap, RangePatternSet } from './range-patterns.ts';

/**
 * The conflict matrix (docs/dial-plan.md) for users, virtual extensions and ranges: pure checks of a
 * candidate against a compiled index. Each returns every refusal, empty when the candidate may be
 * stored. `ignoreId` is the record being updated, so it never conflicts with its own old self.
 * Location and settings changes are checked in plan-conflicts.ts.
 */

export interface VirtualExtensionCandidate {
  readonly extension: string;
  readonly phoneNumber: E164;
  /** null: organization level. */
  readonly locationId: LocationId | null;
}

export interface UserExtensionCandidate {
  readonly extension: string | null;
  readonly locationId: LocationId;
}

export interface RangeCandidate {
  readonly prefix: string;
  readonly patterns: readonly string[];
  readonly locationId: LocationId | null;
}

/**
 * Two scopes meet when a caller could dial both the same way: the same location, or either of them
 * organization level (dialled alike from every location). Rules 2 and 5 refuse clashes between meeting
 * scopes, so an extension never means different things in different places.
 */
export function scopesMeet(a: LocationId | null, b: LocationId | null): boolean {
  return a === null || b === null || a === b;
}

export function conflictsOfVirtualExtension(
  index: DialPlanIndex,
  candidate: VirtualExtensionCandidate,
  options: { readonly ignoreId?: VirtualExtensionId } = {},
): DialPlanConflict[] {
  const found = conflictsOfExtension(index, candidate.extension, candidate.locationId, options.ignoreId);
  // Rule 4: one virtual extension per phone number, else caller ID could not say who is calling.
  const holder = index.virtualExtensionByPhoneNumber(candidate.phoneNumber);
  if (holder && holder.id !== options.ignoreId) {
    const where = holder.locationId === null ? null : (index.location(holder.locationId) ?? null);
    found.push(
      conflict('phone_number_taken', '/phoneNumber', `${candidate.phoneNumber} is already the number of ${describeEntry(holder, where)}`, recordOf(holder)),
    );
  }
  // Rule 4b: the organization's own numbers are no outside numbers. Dialling one runs its flow, so a
  // virtual extension on it could never be called, and caller ID would name a number that is ours.
  const businessNumber = index.businessNumber(candidate.phoneNumber);
  if (businessNumber) {
    found.push(
      conflict('phone_number_is_business_number', '/phoneNumber', `${candidate.phoneNumber} is one of the organization's own numbers`, { type: 'number', id: businessNumber }),
    );
  }
  return found;
}

export function conflictsOfUserExtension(
  index: DialPlanIndex,
  candidate: UserExtensionCandidate,
  options: { readonly ignoreId?: UserId } = {},
): DialPlanConflict[] {
  if (candidate.extension === null) {
    return index.location(candidate.locationId) ? [] : [unknownLocation('/locationId', candidate.locationId)];
  }
  return conflictsOfExtension(index, candidate.extension, candidate.locationId, options.ignoreId);
}

/** Rules 1, 2, 3, 5 and 6 for one extension at a scope. */
function conflictsOfExtension(index: DialPlanIndex, extension: string, locationId: LocationId | null, ignoreId: string | undefined): DialPlanConflict[] {
  const field = '/extension';
  const shape = extensionShapeProblem(extension, index.settings.extensionLength);
  if (shape) return [conflict('invalid_extension', field, `Extension ${shape}`)];
  const location = locationId === null ? null : index.location(locationId);
  if (location === undefined) return [unknownLocation('/locationId', locationId ?? '')];

  const found: DialPlanConflict[] = [];
  const others = (entry: IndexedEntry | undefined): entry is IndexedEntry => entry !== undefined && entry.id !== ignoreId;
  const name = (entry: IndexedEntry) => describeEntry(entry, entry.locationId === null ? null : (index.location(entry.locationId) ?? null));

  for (const reserved of reservedDigitHolders(index, extension[0] ?? '', location)) {
    found.push(conflict('extension_reserved_digit', field, `Extension ${extension} starts with ${reserved.why}`, reserved.record));
  }
  for (const holder of emergencyHolders(index, (country) => isEmergencyNumber(extension, country), location)) {
    found.push(conflict('extension_emergency_number', field, `${extension} is an emergency number ${holder.why}: dialling it must reach help`, holder.record));
  }

  if (location) {
    const same = index.extensionAt(location.id, extension);
    if (others(same)) found.push(conflict('extension_taken', field, `${extension} is already the extension of ${name(same)}`, recordOf(same)));
    const organizationLevel = index.organizationExtension(extension);
    if (others(organizationLevel)) {
      found.push(
        conflict(
          'extension_shadows',
          field,
          `${extension} is already an organization-level extension, of ${name(organizationLevel)}: dialled at ${location.name} it would mean something else than everywhere else`,
          recordOf(organizationLevel),
        ),
      );
    }
  } else {
    const same = index.organizationExtension(extension);
    if (others(same)) found.push(conflict('extension_taken', field, `${extension} is already the extension of ${name(same)}`, recordOf(same)));
    for (const place of index.locations()) {
      const local = index.extensionAt(place.id, extension);
      if (others(local)) {
        found.push(
          conflict(
            'extension_shadows',
            field,
            `${extension} is the extension of ${name(local)}: as an organization-level extension it would mean something else at ${place.name} than everywhere else`,
            recordOf(local),
          ),
        );
      }
    }
  }

  // Rule 5: an extension a range pattern covers belongs to the range, in every scope that meets this one.
  const scopes: (LocationId | null)[] = location ? [location.id, null] : [null, ...[...index.locations()].map((l) => l.id)];
  for (const scope of scopes) {
    const hit = index.rangeMatch(scope, extension);
    if (hit) {
      found.push(
        conflict(
          'extension_in_range',
          field,
          `${extension} falls in pattern ${hit.pattern} of ${describeRange(hit.range, scope === null ? null : (index.location(scope) ?? null))}`,
          { type: 'virtualExtensionRange', id: hit.range.id },
        ),
      );
    }
  }
  return found;
}

export function conflictsOfRange(
  index: DialPlanIndex,
  candidate: RangeCandidate,
  options: { readonly ignoreId?: VirtualExtensionRangeId } = {},
): DialPlanConflict[] {
  const location = candidate.locationId === null ? null : index.location(candidate.locationId);
  if (location === undefined) return [unknownLocation('/locationId', candidate.locationId ?? '')];
  const { extensionLength, virtualExtensionMode } = index.settings;
  const found: DialPlanConflict[] = [];

  const prefixProblem = rangePrefixProblem(candidate.prefix, virtualExtensionMode, extensionLength);
  if (prefixProblem) found.push(conflict('invalid_range_prefix', '/prefix', `Prefix ${prefixProblem}`));

  if (candidate.patterns.length === 0 || candidate.patterns.length > maxRangePatterns) {
    found.push(conflict('invalid_range_pattern', '/patterns', `A range has 1 to ${maxRangePatterns} patterns, got ${candidate.patterns.length}`));
    return found;
  }

  const accepted: string[] = [];
  candidate.patterns.forEach((pattern, i) => {
    const field = `/patterns/${i}`;
    if (!isPatternShape(pattern) || pattern.length !== extensionLength) {
      found.push(conflict('invalid_range_pattern', field, `Pattern ${JSON.stringify(pattern)} must be ${extensionLength} characters, each a digit or X`));
      return;
    }
    const first = pattern[0] ?? '';
    if (first === 'X') {
      found.push(
        conflict('extension_reserved_digit', field, `Pattern ${pattern} may not start with X: it would cover extensions starting with the steering digit ${index.settings.steeringDigit}`, organizationRecord(index)),
      );
    }
    for (const reserved of reservedDigitHolders(index, first, location)) {
      found.push(conflict('extension_reserved_digit', field, `Pattern ${pattern} starts with ${reserved.why}`, reserved.record));
    }
    const covered = (country: Country | null) => [...emergencyNumbersOf(country)].find((number) => patternMatches(pattern, number));
    for (const holder of emergencyHolders(index, (country) => covered(country) !== undefined, location)) {
      found.push(conflict('extension_emergency_number', field, `Pattern ${pattern} covers an emergency number ${holder.why}: dialling it must reach help`, holder.record));
    }
    const twin = accepted.find((other) => patternsOverlap(other, pattern));
    if (twin !== undefined) found.push(conflict('range_overlap', field, `Pattern ${pattern} overlaps pattern ${twin} of the same range`));
    for (const range of index.ranges()) {
      if (range.id === options.ignoreId || !scopesMeet(range.locationId, candidate.locationId)) continue;
      const other = range.patterns.find((p) => patternsOverlap(p, pattern));
      if (other !== undefined) {
        found.push(
          conflict('range_overlap', field, `Pattern ${pattern} overlaps pattern ${other} of ${describeRange(range, scopeLocation(index, range.locationId))}`, {
            type: 'virtualExtensionRange',
            id: range.id,
          }),
        );
      }
    }
    accepted.push(pattern);
  });

  // Rule 5, seen from the range: every extension its patterns cover must be free in meeting scopes.
  const placeholder: IndexedRange = { id: (options.ignoreId ?? '') as VirtualExtensionRangeId, name: '', prefix: candidate.prefix, patterns: accepted, locationId: candidate.locationId };
  const set = new RangePatternSet();
  for (const pattern of accepted) set.add(placeholder, pattern);
  for (const entry of index.entries()) {
    if (!scopesMeet(entry.locationId, candidate.locationId)) continue;
    const hit = set.match(entry.extension);
    if (hit) {
      found.push(
        conflict(
          'extension_in_range',
          `/patterns/${candidate.patterns.indexOf(hit.pattern)}`,
          `Pattern ${hit.pattern} covers ${entry.extension}, the extension of ${describeEntry(entry, scopeLocation(index, entry.locationId))}`,
          recordOf(entry),
        ),
      );
    }
  }
  return found;
}

/**
 * Rule 3b: where an extension (or a pattern) would be an emergency number: the location's country, or
 * at organization level any location's country or the organization's. At most one refusal per
 * scope, naming the first place it is one.
 */
function emergencyHolders(index: DialPlanIndex, isEmergency: (country: Country | null) => boolean, location: IndexedLocation | null): { why: string; record: ConflictingRecord }[] {
  if (location) return isEmergency(location.country) ? [{ why: location.country ? `in ${location.country}, where ${location.name} is` : 'everywhere', record: { type: 'location', id: location.id } }] : [];
  if (isEmergency(index.country)) return [{ why: index.country ? `in ${index.country}, the organization's country` : 'everywhere', record: organizationRecord(index) }];
  for (const place of index.locations()) {
    if (isEmergency(place.country)) return [{ why: `in ${place.country ?? 'any country'}, where ${place.name} is`, record: { type: 'location', id: place.id } }];
  }
  return [];
}

/** Rule 3: which settings or locations reserve the first digit of an extension at this scope. */
function reservedDigitHolders(index: DialPlanIndex, first: string, location: IndexedLocation | null): { why: string; record: ConflictingRecord }[] {
  const holders: { why: string; record: ConflictingRecord }[] = [];
  if (first === index.settings.steeringDigit) {
    holders.push({ why: `the steering digit ${first}, which starts every routing prefix`, record: organizationRecord(index) });
  }
  const places = location ? [location] : index.locations();
  for (const place of places) {
    if (place.outsideDialDigit === first) {
      holders.push({ why: `${first}, the outside dial digit of ${place.name}`, record: { type: 'location', id: place.id } });
    }
  }
  return holders;
}

export function recordOf(entry: IndexedEntry): ConflictingRecord {
  return { type: entry.kind, id: entry.id };
}

export function organizationRecord(index: DialPlanIndex): ConflictingRecord {
  return { type: 'organization', id: index.organizationId };
}

export function scopeLocation(index: DialPlanIndex, locationId: LocationId | null): IndexedLocation | null {
  return locationId === null ? null : (index.location(locationId) ?? null);
}

function unknownLocation(field: string, id: string): DialPlanConflict {
  return conflict('unknown_location', field, `Location ${id} does not exist in this organization`);
}
