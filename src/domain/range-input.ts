import type { VirtualExtensionRange } from './dial-plan.ts';
import { readName } from './dial-plan-text.ts';
import { IssueCollector } from './errors.ts';
import type { LocationId } from './ids.ts';

/** A range as stored, once `rangeFromInput` accepted it; the dial plan checks prefix and patterns after. */
export type RangeFields = Pick<VirtualExtensionRange, 'name' | 'prefix' | 'patterns' | 'locationId'>;

export interface RangeInput {
  readonly name: string;
  readonly prefix: string;
  readonly patterns: readonly string[];
  /** Absent or null: organization level. */
  readonly locationId?: string | null;
}

/** Separators people type in numbers (RFC 3966 §5.1.1 visual separators): "+31 20 555" is +3120555. */
const visualSeparators = /[\s\-.()]/g;

/**
 * Checks the name and normalises the rest: separators leave the prefix, patterns are trimmed and
 * their `x` becomes `X`. Whether prefix and patterns fit the organization's dial plan is
 * `conflictsOfRange`'s to say.
 */
export function rangeFromInput(input: RangeInput): RangeFields {
  const issues = new IssueCollector();
  const name = readName(issues, '/name', input.name, { min: 1, max: 100 });
  issues.throwIfAny();
  return {
    name: name ?? '',
    prefix: input.prefix.replace(visualSeparators, ''),
    patterns: input.patterns.map(normalisePattern),
    locationId: input.locationId === undefined || input.locationId === null ? null : (input.locationId.trim() as LocationId),
  };
}

export function normalisePattern(pattern: string): string {
  return pattern.trim().replace(/x/g, 'X');
}

export interface RangePatternChange {
  readonly patterns?: readonly string[];
  readonly addPatterns?: readonly string[];
  readonly removePatterns?: readonly string[];
}

/**
 * The patterns after a PATCH: `patterns` replaces the list; otherwise `removePatterns` go and
 * `addPatterns` are appended. Replacing and adding or removing at once is refused, and so is removing
 * a pattern the range does not have (a typo would otherwise pass silently).
 */
export function patchedPatterns(current: readonly string[], change: RangePatternChange): string[] {
  const issues = new IssueCollector();
  if (change.patterns !== undefined && (change.addPatterns !== undefined || change.removePatterns !== undefined)) {
    issues.add('/patterns', 'conflicting_changes', 'Send either patterns (the new list) or addPatterns/removePatterns, not both');
    issues.throwIfAny();
  }
  if (change.patterns !== undefined) return change.patterns.map(normalisePattern);
  const remove = (change.removePatterns ?? []).map(normalisePattern);
  remove.forEach((pattern, i) => {
    if (!current.includes(pattern)) issues.add(`/removePatterns/${i}`, 'unknown_pattern', `The range has no pattern ${pattern}`);
  });
  issues.throwIfAny();
  const kept = current.filter((p) => !remove.includes(p));
  return [...kept, ...(change.addPatterns ?? []).map(normalisePattern)];
}
