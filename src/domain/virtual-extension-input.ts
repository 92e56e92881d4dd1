import type { VirtualExtension } from './dial-plan.ts';
import type { FieldIssue } from './errors.ts';
import type { LocationId } from './ids.ts';
import { parsePhoneNumber, type Country, type E164 } from './phone-number.ts';

/**
 * A virtual extension as people type it (REST body, CSV row) and the rules of its own fields. Rules
 * that involve other records (extension taken, phone number taken, unknown location) are the dial
 * plan's conflict matrix (src/dialplan); these are the ones a value breaks on its own.
 */

/** What a virtual extension holds besides id, organization, version and times. */
export type VirtualExtensionSettings = Pick<VirtualExtension, 'displayName' | 'firstName' | 'lastName' | 'extension' | 'phoneNumber' | 'locationId'>;

/** Names are counted in characters a person sees (grapheme clusters), not UTF-16 units or code points. */
export const virtualExtensionNameLimits = { displayName: { min: 1, max: 60 }, personName: { max: 60 } } as const;

export interface VirtualExtensionInput {
  readonly displayName?: unknown;
  readonly firstName?: unknown;
  readonly lastName?: unknown;
  readonly extension?: unknown;
  readonly phoneNumber?: unknown;
  /** null or absent: organization level. */
  readonly locationId?: unknown;
}

export type VirtualExtensionField = 'displayName' | 'firstName' | 'lastName' | 'extension' | 'phoneNumber' | 'locationId';

/** A field problem before the field becomes a JSON pointer (API) or a column name (CSV). */
export interface VirtualExtensionIssue {
  readonly field: VirtualExtensionField;
  readonly code: string;
  readonly message: string;
}

export type VirtualExtensionParse =
  | { readonly ok: true; readonly settings: VirtualExtensionSettings }
  | { readonly ok: false; readonly issues: readonly VirtualExtensionIssue[] };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** How many characters a person sees: "é" typed as e + U+0301 is one, a flag emoji is one, 中文 is two. */
export function graphemeCount(text: string): number {
  let count = 0;
  // Plain ASCII without combining marks is one grapheme per character (CR LF aside, refused anyway).
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

// Control characters (C0, DEL, C1) and the line and paragraph separators: a name is one line of text.
const controlCharacter = /[\p{Cc}\u2028\u2029]/u;

/**
 * A name field: trimmed; `required` ones must keep at least one character. Returns the trimmed text,
 * null for an empty optional one, or an issue.
 */
function readName(value: unknown, field: VirtualExtensionField, required: boolean, max: number): { text: string | null } | VirtualExtensionIssue {
  if (value === undefined || value === null) {
    return required ? { field, code: 'required', message: 'is required' } : { text: null };
  }
  if (typeof value !== 'string') return { field, code: 'invalid_type', message: 'must be text' };
  const text = value.trim();
  if (text.length === 0) return required ? { field, code: 'required', message: 'must not be empty' } : { text: null };
  if (controlCharacter.test(text)) return { field, code: 'control_character', message: 'must not contain control characters such as line breaks or tabs' };
  // A string of at most `max` UTF-16 units has at most `max` graphemes: count (the costly part of a
  // 100,000-row import) only when it could be too long.
  const length = text.length <= max ? 0 : graphemeCount(text);
  if (length > max) return { field, code: 'too_long', message: `must be at most ${max} characters, got ${length}` };
  return { text };
}

/**
 * Checks a virtual extension's own fields and normalises them: names trimmed, the phone number read in
 * `country` when typed without a country code and returned in E.164. The extension's digits and length
 * are the dial plan's to judge (they depend on the organization's extension length); here it only has
 * to be text.
 */
export function virtualExtensionFromInput(input: VirtualExtensionInput, country: Country | null): VirtualExtensionParse {
  const issues: VirtualExtensionIssue[] = [];
  const name = (field: VirtualExtensionField, required: boolean, max: number): string | null => {
    const read = readName(input[field], field, required, max);
    if ('code' in read) {
      issues.push(read);
      return null;
    }
    return read.text;
  };
  const displayName = name('displayName', true, virtualExtensionNameLimits.displayName.max);
  const firstName = name('firstName', false, virtualExtensionNameLimits.personName.max);
  const lastName = name('lastName', false, virtualExtensionNameLimits.personName.max);

  let extension = '';
  if (typeof input.extension === 'string' && input.extension.trim().length > 0) {
    extension = input.extension.trim();
  } else {
    issues.push({ field: 'extension', code: input.extension === undefined ? 'required' : 'invalid_extension', message: 'is required: the digits dialled to reach it' });
  }

  let phoneNumber: E164 | null = null;
  if (typeof input.phoneNumber === 'string' && input.phoneNumber.trim().length > 0) {
    const parsed = parsePhoneNumber(input.phoneNumber, country);
    if (parsed.ok) phoneNumber = parsed.e164;
    else issues.push({ field: 'phoneNumber', code: parsed.code, message: parsed.message });
  } else {
    issues.push({ field: 'phoneNumber', code: 'required', message: 'is required: the external number it calls' });
  }

  let locationId: LocationId | null = null;
  if (typeof input.locationId === 'string') locationId = input.locationId as LocationId;
  else if (input.locationId !== undefined && input.locationId !== null) issues.push({ field: 'locationId', code: 'invalid_type', message: 'must be a location id or null' });

  if (issues.length > 0 || displayName === null || phoneNumber === null) return { ok: false, issues };
  return { ok: true, settings: { displayName, firstName, lastName, extension, phoneNumber, locationId } };
}

/** The issues as the API reports them: one entry per field, as a JSON pointer into the body. */
export function asFieldIssues(issues: readonly VirtualExtensionIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ field: `/${issue.field}`, code: issue.code, message: issue.message }));
}

/** True when two settings describe the same virtual extension (an import of an unchanged row). */
export function sameVirtualExtension(a: VirtualExtensionSettings, b: VirtualExtensionSettings): boolean {
  return (
    a.displayName === b.displayName &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.extension === b.extension &&
    a.phoneNumber === b.phoneNumber &&
    a.locationId === b.locationId
  );
}
