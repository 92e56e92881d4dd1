import type { Country, E164 } from './phone-number.ts';

/**
 * Rules on the caller, per number or for the whole organization.
 *
 * Both modes hold entries that match callers; the mode says what happens to a caller no entry matches:
 * - `block`: they pass. Entries list the callers to stop (their action defaults to `reject`).
 * - `allowOnly`: they get `otherwise` (default `reject`). Entries list the callers let through (their
 *   action defaults to `allow`).
 * Either mode may hold entries of any action, so a block list can let one number of a blocked prefix
 * through (`allow`), and an allow list can send one allowed caller somewhere else (`reroute`).
 *
 * When several entries match, the most specific wins, whatever their order: an exact number, then the
 * longest prefix, then a country, then `anonymous` (see `src/routing/filter-matcher.ts`). Duplicates are
 * refused when saved, so exactly one entry wins.
 */
export type CallFilter = BlockFilter | AllowOnlyFilter;

export interface BlockFilter {
  readonly mode: 'block';
  readonly entries: readonly FilterEntry[];
}

export interface AllowOnlyFilter {
  readonly mode: 'allowOnly';
  readonly entries: readonly FilterEntry[];
  /** What callers no entry lets through get. Never `allow`. */
  readonly otherwise: FilterAction;
}

export type FilterMode = CallFilter['mode'];

export interface FilterEntry {
  /** The client's own id for the entry (to find it again in a trace); unique within the filter. */
  readonly id?: string;
  readonly label?: string;
  readonly match: FilterMatch;
  readonly action: EntryAction;
}

export type FilterMatch =
  | { readonly kind: 'number'; readonly e164: E164 }
  /** Digits after the `+`: `4420` matches every number starting `+44 20`. */
  | { readonly kind: 'prefix'; readonly prefix: string }
  /** Callers who withhold their number, and callers whose number could not be read (see the matcher). */
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'country'; readonly country: Country };

export type FilterMatchKind = FilterMatch['kind'];

/** What happens to a caller a filter stops. */
export type FilterAction =
  | { readonly kind: 'reject' }
  | { readonly kind: 'busy' }
  /** Answer, play the text, hang up. */
  | { readonly kind: 'announcement'; readonly text: string }
  /**
   * Send the call to another target (the VIP straight to Anna). Opaque here: the engine's target, checked
   * by the flow validation that knows targets.
   */
  | { readonly kind: 'reroute'; readonly target: unknown };

export type FilterActionKind = FilterAction['kind'];

/** An entry's action: one of the filter actions, or `allow` (the caller passes this filter). */
export type EntryAction = FilterAction | { readonly kind: 'allow' };

export const callFilterLimits = {
  maxEntries: 1000,
  maxLabelLength: 100,
  maxIdLength: 64,
  maxAnnouncementLength: 1000,
} as const;

export const defaultOtherwise: FilterAction = { kind: 'reject' };
