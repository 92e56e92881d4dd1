import type { LocationId, VirtualExtensionId, VirtualExtensionRangeId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { DialPlanIndex } from './dial-plan-index.ts';
import type { IndexedRange } from './indexed-records.ts';
import { patternMatches } from './range-patterns.ts';

/**
 * How an inbound caller is shown on the phone that rings: "Ana Silva — 5001" instead of a bare foreign
 * number. A virtual extension shows its display name; a number in a range shows the range's name
 * ("Utrecht office — 6123").
 */
export type CallerPresentation =
  | {
      readonly kind: 'virtualExtension';
      readonly displayName: string;
      readonly esn: string;
      readonly extension: string;
      readonly virtualExtensionId: VirtualExtensionId;
    }
  | { readonly kind: 'range'; readonly displayName: string; readonly esn: string; readonly extension: string; readonly rangeId: VirtualExtensionRangeId };

/**
 * The presentation of a caller whose number (already parsed to E.164 from whatever the trunk sent)
 * is a virtual extension's phone number, or else falls in a range (the range's E.164 prefix followed by
 * digits one of its patterns matches); null for any other caller. The call record keeps the real
 * number; this only changes what is displayed. A virtual extension is one map lookup; ranges are
 * scanned, and there are few.
 */
export function presentCaller(index: DialPlanIndex, e164: E164): CallerPresentation | null {
  const entry = index.virtualExtensionByPhoneNumber(e164);
  if (entry) return { kind: 'virtualExtension', displayName: entry.displayName, esn: entry.esn, extension: entry.extension, virtualExtensionId: entry.id };
  return presentRangeCaller(index.ranges(), (id) => index.location(id)?.routingPrefix, index.settings.extensionLength, e164);
}

/**
 * The range a caller's number falls in, as a presentation; the first range (in the order given) when
 * ranges of different locations share a prefix and both match. Ranges whose prefix is no E.164 start
 * (enhanced mode's private blocks) never match a caller's E.164 number.
 */
export function presentRangeCaller(
  ranges: Iterable<Pick<IndexedRange, 'id' | 'name' | 'prefix' | 'patterns' | 'locationId'>>,
  routingPrefixOf: (locationId: LocationId) => string | undefined,
  extensionLength: number,
  e164: E164,
): CallerPresentation | null {
  for (const range of ranges) {
    if (!range.prefix.startsWith('+') || !e164.startsWith(range.prefix) || e164.length !== range.prefix.length + extensionLength) continue;
    const extension = e164.slice(range.prefix.length);
    if (!range.patterns.some((pattern) => patternMatches(pattern, extension))) continue;
    const routingPrefix = range.locationId === null ? '' : routingPrefixOf(range.locationId);
    if (routingPrefix === undefined) continue;
    return { kind: 'range', displayName: range.name, esn: routingPrefix + extension, extension, rangeId: range.id };
  }
  return null;
}
