import { callFilterLimits, defaultOtherwise, type CallFilter, type EntryAction, type FilterEntry, type FilterMatch } from './call-filter.ts';
import { parseNumberPrefix, readablePrefix } from './call-filter-prefix.ts';
import { validatePhoneNumberLength } from 'libphonenumber-js/max';
import { IssueCollector, ValidationError } from './errors.ts';
import { asCountry, looksLikeE164, parsePhoneNumber, type Country, type E164 } from './phone-number.ts';

/**
 * A call filter as people write it (REST, per number or organization-wide):
 *
 * ```json
 * { "mode": "block", "entries": [
 *     { "match": "+44 7700*", "label": "Pests" },
 *     { "match": "anonymous", "action": { "kind": "busy" } },
 *     { "match": { "kind": "country", "country": "gb" }, "action": { "kind": "announcement", "text": "..." } },
 *     { "match": "020 765 4321", "action": { "kind": "reroute", "target": { ... } } } ] }
 * ```
 *
 * `match` is a string (a number, a prefix ending in `*`, or `anonymous`) or an object with a `kind`.
 * `action` defaults to `reject` in a block list and `allow` in an allow list; `reject`, `busy` and
 * `allow` may be written as plain strings.
 */
export interface CallFilterInput {
  readonly mode: string;
  readonly entries?: readonly FilterEntryInput[];
  readonly otherwise?: ActionInput;
}

export interface FilterEntryInput {
  readonly id?: string;
  readonly label?: string;
  readonly match: string | MatchInput;
  readonly action?: ActionInput;
}

export type MatchInput =
  | { readonly kind: 'number'; readonly number: string }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'country'; readonly country: string };

export type ActionInput =
  | 'reject'
  | 'busy'
  | 'allow'
  | { readonly kind: 'reject' | 'busy' | 'allow' }
  | { readonly kind: 'announcement'; readonly text: string }
  | { readonly kind: 'reroute'; readonly target: unknown };

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates and normalises a call filter read as untrusted JSON. Numbers and prefixes are read in
 * `countryHint` when typed without a country code; every problem is reported with its JSON pointer
 * (`/entries/3/match`) and a stable code, all at once. Throws `ValidationError`.
 */
export function callFilterFromInput(raw: unknown, countryHint: Country | null): CallFilter {
  if (!isObject(raw)) throw new ValidationError([{ field: '', code: 'invalid_type', message: 'must be an object' }]);
  const issues = new IssueCollector();
  const mode = raw.mode;
  if (mode !== 'block' && mode !== 'allowOnly') {
    issues.add('/mode', mode === undefined ? 'required' : 'unknown_mode', 'must be "block" or "allowOnly"');
  }
  const entries = readEntries(raw.entries, mode === 'allowOnly' ? 'allow' : 'reject', countryHint, issues);
  let otherwise = defaultOtherwise;
  if (raw.otherwise !== undefined) {
    if (mode === 'block') {
      issues.add('/otherwise', 'otherwise_needs_allow_only', 'is only used in "allowOnly" mode: a block list lets unmatched callers through');
    } else {
      const action = readAction(raw.otherwise, '/otherwise', issues);
      if (action?.kind === 'allow') {
        issues.add('/otherwise/kind', 'invalid_otherwise', 'an allow list cannot allow everyone else; use mode "block" for that');
      } else if (action) {
        otherwise = action;
      }
    }
  }
  issues.throwIfAny();
  return mode === 'allowOnly' ? { mode, entries, otherwise } : { mode: 'block', entries };
}

function readEntries(value: unknown, defaultAction: 'allow' | 'reject', country: Country | null, issues: IssueCollector): FilterEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add('/entries', 'invalid_type', 'must be a list of entries');
    return [];
  }
  if (value.length > callFilterLimits.maxEntries) {
    issues.add('/entries', 'too_many', `may hold at most ${callFilterLimits.maxEntries} entries`);
    return [];
  }
  const entries: FilterEntry[] = [];
  const seenMatches = new Map<string, number>();
  const seenIds = new Map<string, number>();
  value.forEach((item: unknown, i) => {
    const field = `/entries/${i}`;
    if (!isObject(item)) {
      issues.add(field, 'invalid_type', 'must be an object with "match"');
      return;
    }
    const id = readId(item.id, `${field}/id`, seenIds, i, issues);
    const label = readLabel(item.label, `${field}/label`, issues);
    const match = readMatch(item.match, `${field}/match`, country, issues);
    const action = item.action === undefined ? { kind: defaultAction } : readAction(item.action, `${field}/action`, issues);
    if (!match || !action) return;
    // The same caller twice would leave the outcome to list order; precedence needs one entry per match.
    const key = matchKey(match);
    const earlier = seenMatches.get(key);
    if (earlier !== undefined) {
      issues.add(`${field}/match`, 'duplicate_entry', `matches the same callers as /entries/${earlier}`);
      return;
    }
    seenMatches.set(key, i);
    entries.push({ ...(id !== undefined ? { id } : {}), ...(label !== undefined ? { label } : {}), match, action });
  });
  return entries;
}

function readId(value: unknown, field: string, seen: Map<string, number>, index: number, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_.:-]+$/.test(value) || value.length > callFilterLimits.maxIdLength) {
    issues.add(field, 'invalid_id', `must be 1 to ${callFilterLimits.maxIdLength} letters, digits, "_", "-", "." or ":"`);
    return undefined;
  }
  const earlier = seen.get(value);
  if (earlier !== undefined) issues.add(field, 'duplicate_id', `is already the id of /entries/${earlier}`);
  seen.set(value, index);
  return value;
}

function readLabel(value: unknown, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > callFilterLimits.maxLabelLength || /\p{Cc}/u.test(text)) {
    issues.add(field, 'invalid_label', `must be 1 to ${callFilterLimits.maxLabelLength} characters without control characters`);
    return undefined;
  }
  return text;
}

function readMatch(value: unknown, field: string, country: Country | null, issues: IssueCollector): FilterMatch | null {
  if (typeof value === 'string') {
    if (value.trim().toLowerCase() === 'anonymous') return { kind: 'anonymous' };
    return value.trim().endsWith('*') ? readPrefix(value, field, country, issues) : readNumber(value, field, country, issues);
  }
  if (!isObject(value)) {
    issues.add(field, value === undefined ? 'required' : 'invalid_type', 'must be a number, a prefix ending in "*", "anonymous", or an object with a kind');
    return null;
  }
  switch (value.kind) {
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'number': {
      const text = value.number;
      if (typeof text !== 'string') {
        issues.add(`${field}/number`, text === undefined ? 'required' : 'invalid_type', 'must be a phone number');
        return null;
      }
      // A trailing star makes it a prefix, as in the string form.
      return text.trim().endsWith('*') ? readPrefix(text, `${field}/number`, country, issues) : readNumber(text, `${field}/number`, country, issues);
    }
    case 'prefix': {
      const text = value.prefix;
      if (typeof text !== 'string') {
        issues.add(`${field}/prefix`, text === undefined ? 'required' : 'invalid_type', 'must be a number prefix such as "+44 20*"');
        return null;
      }
      return readPrefix(text, `${field}/prefix`, country, issues);
    }
    case 'country': {
      const code = typeof value.country === 'string' ? asCountry(value.country.trim()) : null;
      if (!code) {
        issues.add(`${field}/country`, value.country === undefined ? 'required' : 'invalid_country', 'must be an ISO 3166-1 country code such as "GB"');
        return null;
      }
      return { kind: 'country', country: code };
    }
    default:
      issues.add(`${field}/kind`, 'unknown_match', 'must be "number", "prefix", "anonymous" or "country"');
      return null;
  }
}

function readPrefix(text: string, field: string, country: Country | null, issues: IssueCollector): FilterMatch | null {
  const parsed = parseNumberPrefix(text, country);
  if (!parsed.ok) {
    issues.add(field, parsed.code, parsed.message);
    return null;
  }
  return { kind: 'prefix', prefix: parsed.prefix };
}

/**
 * An exact number, to E.164. A number the metadata does not know as valid is still accepted when typed
 * in E.164 shape with a length its country's plan allows: call control keeps such callers' numbers as
 * sent, and a pest calling from a brand-new range must be blockable.
 */
function readNumber(text: string, field: string, country: Country | null, issues: IssueCollector): FilterMatch | null {
  const parsed = parsePhoneNumber(text, country);
  if (parsed.ok) return { kind: 'number', e164: parsed.e164 };
  const compact = text.replace(/[\s\-./()]/g, '');
  if (looksLikeE164(compact) && validatePhoneNumberLength(compact) === undefined) return { kind: 'number', e164: compact as E164 };
  issues.add(field, parsed.code, parsed.message);
  return null;
}

function readAction(value: unknown, field: string, issues: IssueCollector): EntryAction | null {
  const fields: Fields | null = typeof value === 'string' ? { kind: value } : isObject(value) ? value : null;
  if (!fields) {
    issues.add(field, 'invalid_type', 'must be an action such as {"kind": "reject"}');
    return null;
  }
  switch (fields.kind) {
    case 'reject':
    case 'busy':
    case 'allow':
      return { kind: fields.kind };
    case 'announcement': {
      const text = typeof fields.text === 'string' ? fields.text.trim() : '';
      // Newlines are pauses in a spoken text; other control characters are not speech.
      if (text.length === 0 || text.length > callFilterLimits.maxAnnouncementLength || /[^\P{Cc}\n]/u.test(text)) {
        issues.add(
          `${field}/text`,
          fields.text === undefined ? 'required' : 'invalid_announcement',
          `must be 1 to ${callFilterLimits.maxAnnouncementLength} characters of text to speak`,
        );
        return null;
      }
      return { kind: 'announcement', text };
    }
    case 'reroute':
      if (fields.target === undefined || fields.target === null) {
        issues.add(`${field}/target`, 'required', 'is required: where rerouted callers go');
        return null;
      }
      return { kind: 'reroute', target: fields.target };
    default:
      issues.add(`${field}/kind`, 'unknown_action', 'must be "reject", "busy", "announcement", "reroute" or "allow"');
      return null;
  }
}

/** Two matches are duplicates when they match exactly the same callers. */
function matchKey(match: FilterMatch): string {
  switch (match.kind) {
    case 'number':
      return `number:${match.e164}`;
    case 'prefix':
      return `prefix:${match.prefix}`;
    case 'anonymous':
      return 'anonymous';
    case 'country':
      return `country:${match.country}`;
  }
}

/** What the API returns: prefixes written as people read them (`+44 20*`), which read back the same. */
export function callFilterToOutput(filter: CallFilter): CallFilterInput {
  const entries = filter.entries.map((e) => ({
    ...(e.id !== undefined ? { id: e.id } : {}),
    ...(e.label !== undefined ? { label: e.label } : {}),
    match: matchToOutput(e.match),
    action: e.action,
  }));
  return filter.mode === 'allowOnly' ? { mode: filter.mode, entries, otherwise: filter.otherwise } : { mode: filter.mode, entries };
}

function matchToOutput(match: FilterMatch): MatchInput {
  switch (match.kind) {
    case 'number':
      return { kind: 'number', number: match.e164 };
    case 'prefix':
      return { kind: 'prefix', prefix: readablePrefix(match.prefix) };
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'country':
      return { kind: 'country', country: match.country };
  }
}
