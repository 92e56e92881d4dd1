import type { IssueCollector } from './errors.ts';

/** Text rules shared by the dial plan's inputs (locations, users, ranges). */

/** C0/C1 controls and the Unicode line and paragraph separators: never part of a name people see. */
const controlCharacter = /[\p{Cc}\u2028\u2029]/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as a person counts them (grapheme clusters): "é" typed as e + accent is one. */
export function visibleLength(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/**
 * A name: trimmed and NFC-normalised, `min` to `max` visible characters, no control characters.
 * Returns the clean text, or null after adding an issue.
 */
export function readName(issues: IssueCollector, field: string, raw: string, limits: { min: number; max: number }): string | null {
  const text = raw.normalize('NFC').trim();
  const length = visibleLength(text);
  if (length < limits.min || length > limits.max) {
    issues.add(field, 'invalid_length', limits.min === 0 ? `must have at most ${limits.max} characters` : `must have ${limits.min} to ${limits.max} characters, got ${length}`);
    return null;
  }
  if (controlCharacter.test(text)) {
    issues.add(field, 'invalid_characters', 'must not contain control characters or line breaks');
    return null;
  }
  return text;
}
