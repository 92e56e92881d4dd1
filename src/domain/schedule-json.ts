import type { IssueCollector } from './errors.ts';

/** Whether a value is a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports every key of `value` that is not in `known`, so a typo (`form` for `from`) is not silently ignored. */
export function reportUnknownFields(value: Readonly<Record<string, unknown>>, known: readonly string[], at: string, issues: IssueCollector): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) issues.add(`${at}/${key}`, 'unknown_field', `is not a field here (expected ${known.join(', ')})`);
  }
}
