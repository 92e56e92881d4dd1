/**
 * The internal dial plan, pure: compile an organization's dial plan into an index, resolve dialled
 * digits against it, check candidates against the conflict matrix, present callers, and build the
 * private-number URI of enhanced mode. docs/dial-plan.md is the written contract.
 */
export type {
  DialPlanData,
  DialPlanIndexSettings,
  DialPlanLocationData,
  DialPlanNumberData,
  DialPlanRangeData,
  DialPlanUserData,
  DialPlanVirtualExtensionData,
} from './dial-plan-data.ts';
export { compileDialPlanIndex, DialPlanIndex, type IndexedCaller } from './dial-plan-index.ts';
export { DialPlanDraft } from './dial-plan-draft.ts';
export type { IndexedEntry, IndexedLocation, IndexedRange, IndexedUser, IndexedVirtualExtension } from './indexed-records.ts';
export { resolveDigits } from './resolve-digits.ts';
export type { DialPlanCaller, DialResult, NotFoundReason } from './dial-result.ts';
export {
  conflictsOfRange,
  conflictsOfUserExtension,
  conflictsOfVirtualExtension,
  scopesMeet,
  type RangeCandidate,
  type UserExtensionCandidate,
  type VirtualExtensionCandidate,
} from './conflicts.ts';
export { conflictsOfLocation, conflictsOfSettings, type LocationCandidate, type SettingsCandidate } from './plan-conflicts.ts';
export { dialPlanConflictStatus, type ConflictingRecord, type DialPlanConflict, type DialPlanConflictCode } from './dial-plan-conflict.ts';
export {
  extensionLengthProblem,
  extensionShapeProblem,
  isDigits,
  outsideDialDigitShapeProblem,
  rangePrefixProblem,
  routingPrefixLimits,
  routingPrefixShapeProblem,
  steeringDigitShapeProblem,
} from './extension-rules.ts';
export { isPatternShape, patternMatches, patternsOverlap } from './range-patterns.ts';
export { presentCaller, presentRangeCaller, type CallerPresentation } from './caller-presentation.ts';
export { normalizePhoneContext, phoneContextProblem, privateNumberUri } from './private-number.ts';
export { DialPlanError, type DialPlanErrorCode } from './dial-plan-error.ts';
