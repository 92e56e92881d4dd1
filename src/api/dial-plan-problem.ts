import type { DialPlanConflict } from '../dialplan/index.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../domain/errors.ts';

/**
 * The one mapping from the dial plan's refusals (docs/dial-plan.md, the conflict matrix) to an API
 * problem. The status is the refusals': 400 `validation_failed` when any value is wrong on its own
 * (then collisions are beside the point, but still listed), else 409 `conflict`. Each refusal is one
 * issue with its own code (`extension_taken`, …) and field, and a message that names the record it
 * collides with by kind, name and id; the problem's `conflictsWith` is the first such record.
 */
export function dialPlanProblem(conflicts: readonly DialPlanConflict[]): ConflictError | ValidationError {
  const issues: FieldIssue[] = conflicts.map((c) => ({ field: c.field, code: c.code, message: messageOf(c) }));
  if (conflicts.some((c) => c.status === 400)) return new ValidationError(issues);
  const named = conflicts.find((c) => c.conflictsWith !== null)?.conflictsWith ?? undefined;
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ConflictError('conflict', `${first ? first.message : 'The dial plan refuses this change'}${more}`, named ? { ...named } : undefined, issues);
}

/** Throws the problem for `conflicts`, when there are any. */
export function refuseDialPlanConflicts(conflicts: readonly DialPlanConflict[]): void {
  if (conflicts.length > 0) throw dialPlanProblem(conflicts);
}

/** The refusal's sentence, with the conflicting record's id added so a client can open it. */
function messageOf(conflict: DialPlanConflict): string {
  const record = conflict.conflictsWith;
  return record === null ? conflict.message : `${conflict.message} [${record.type} ${record.id}]`;
}
