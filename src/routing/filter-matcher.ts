import type { CallFilter, EntryAction, FilterAction, FilterEntry, FilterMatch } from '../domain/call-filter.ts';
import { readablePrefix } from '../domain/call-filter-prefix.ts';
import { countryOfDialled, type Country, type E164 } from '../domain/phone-number.ts';
import type { CallerId } from './call-facts.ts';

/** What a filter does with a caller. `reason` is for the trace, in words a customer understands. */
export type FilterVerdict =
  /** The call goes on. `entryIndex` names the entry that let it through, if one did. */
  | { readonly verdict: 'pass'; readonly entryIndex?: number; readonly reason: string }
  /** The filter stops or reroutes the call; no `entryIndex` when an allow list's `otherwise` applies. */
  | { readonly verdict: 'act'; readonly action: FilterAction; readonly entryIndex?: number; readonly reason: string };

/**
 * Matches a caller against one filter.
 *
 * Precedence: when several entries match, the most specific wins, whatever the order of the list:
 * an exact number, then a prefix (the longest first), then a country, then `anonymous`. So
 * "block +44*, but allow +44 20 7946 0958" and "allow NL, but block +31 6 1234 5678" both mean what
 * they say without the customer having to order entries. Saved filters hold no two entries with the
 * same match; should an unsaved one, the earlier entry wins.
 *
 * Numbers are compared in E.164, whatever format the trunk sent (call control normalises them).
 * A caller whose identity is not a usable number (`unknown`: a SIP user name, a malformed number)
 * matches only `anonymous` entries: like a withheld number it says nothing about who calls, and a
 * caller must not slip past a "block withheld numbers" entry by sending junk.
 */
export function matchFilter(filter: CallFilter, caller: CallerId): FilterVerdict {
  const best = bestEntry(filter.entries, caller);
  if (best) {
    const { entry, index } = best;
    const reason = entryReason(caller, entry);
    if (entry.action.kind === 'allow') return { verdict: 'pass', entryIndex: index, reason };
    return { verdict: 'act', action: entry.action, entryIndex: index, reason };
  }
  if (filter.mode === 'block') return { verdict: 'pass', reason: `${callerSubject(caller)} matches no block entry` };
  return {
    verdict: 'act',
    action: filter.otherwise,
    reason: `${callerSubject(caller)} is not on the allow list: ${actionText(filter.otherwise)}`,
  };
}

/** The verdict of an organization's and a number's filter together, and which of them decided. */
export type CombinedVerdict = FilterVerdict & { readonly scope: 'organization' | 'number' | null };

/**
 * Applies the organization-wide filter first, then the number's own. The first that acts decides:
 * an organization's block (a pest, a whole country) cannot be undone by one number's filter, and a
 * caller the organization lets through still meets the number's filter (an organization's `allow`
 * entry exempts from the organization's own rules only). `scope` is null when neither filter exists.
 */
export function combineFilters(orgFilter: CallFilter | null, numberFilter: CallFilter | null, caller: CallerId): CombinedVerdict {
  let passed: CombinedVerdict | null = null;
  if (orgFilter) {
    const verdict = matchFilter(orgFilter, caller);
    const scoped = { ...verdict, reason: `organization filter: ${verdict.reason}`, scope: 'organization' as const };
    if (verdict.verdict === 'act') return scoped;
    passed = scoped;
  }
  if (numberFilter) {
    const verdict = matchFilter(numberFilter, caller);
    const scoped = { ...verdict, reason: `number filter: ${verdict.reason}`, scope: 'number' as const };
    if (verdict.verdict === 'act') return scoped;
    passed = scoped;
  }
  return passed ?? { verdict: 'pass', reason: 'no call filter', scope: null };
}

/** How specific a match is for this caller (higher wins), or null when it does not match. */
function specificity(match: FilterMatch, caller: CallerId, countryOf: () => Country | null): number | null {
  if (caller.kind !== 'number') return match.kind === 'anonymous' ? 1 : null;
  switch (match.kind) {
    case 'number':
      return match.e164 === caller.e164 ? 1000 : null;
    case 'prefix':
      // E.164 has at most 15 digits, so every prefix ranks between a country and an exact number.
      return caller.e164.startsWith(match.prefix, 1) ? 100 + match.prefix.length : null;
    case 'country':
      return countryOf() === match.country ? 10 : null;
    case 'anonymous':
      return null;
  }
}

function bestEntry(entries: readonly FilterEntry[], caller: CallerId): { entry: FilterEntry; index: number } | null {
  // The caller's country is looked up (libphonenumber, microseconds) only when a country entry asks.
  let country: Country | null | undefined;
  const countryOf = (): Country | null => {
    if (country === undefined) country = caller.kind === 'number' ? countryOfDialled(caller.e164) : null;
    return country;
  };
  let best: { entry: FilterEntry; index: number; score: number } | null = null;
  entries.forEach((entry, index) => {
    const score = specificity(entry.match, caller, countryOf);
    if (score !== null && (best === null || score > best.score)) best = { entry, index, score };
  });
  return best;
}

function callerSubject(caller: CallerId): string {
  switch (caller.kind) {
    case 'number':
      return `caller ${caller.e164}`;
    case 'anonymous':
      return 'anonymous caller';
    case 'unknown':
      return `caller ${JSON.stringify(caller.raw)} (no usable number)`;
  }
}

function entryReason(caller: CallerId, entry: FilterEntry): string {
  const outcome = actionText(entry.action);
  if (caller.kind === 'number') {
    const label = entry.label !== undefined ? ` ('${entry.label}')` : '';
    return `caller ${caller.e164} matches ${entryKind(entry.action)} entry '${matchText(entry.match, caller.e164)}'${label}: ${outcome}`;
  }
  const subject = caller.kind === 'anonymous' ? 'caller is anonymous' : `caller ${JSON.stringify(caller.raw)} has no usable number and counts as anonymous`;
  return `${subject}: ${outcome} ('${entry.label ?? 'anonymous'}')`;
}

function entryKind(action: EntryAction): string {
  switch (action.kind) {
    case 'allow':
      return 'allow';
    case 'reroute':
      return 'reroute';
    default:
      return 'block';
  }
}

function matchText(match: FilterMatch, e164: E164): string {
  switch (match.kind) {
    case 'number':
      return match.e164;
    case 'prefix':
      return readablePrefix(match.prefix);
    case 'country':
      return `country ${match.country}`;
    case 'anonymous':
      return e164;
  }
}

function actionText(action: EntryAction): string {
  switch (action.kind) {
    case 'allow':
      return 'let through';
    case 'reject':
      return 'blocked';
    case 'busy':
      return 'blocked with busy';
    case 'announcement':
      return 'blocked with an announcement';
    case 'reroute':
      return 'rerouted';
  }
}
