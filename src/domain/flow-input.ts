import type { CallFilter, FilterEntry } from './call-filter.ts';
import { callFilterFromInput, callFilterToOutput, type CallFilterInput } from './call-filter-input.ts';
import { IssueCollector, ValidationError } from './errors.ts';
import { maxFlowRules, type Flow, type FlowRule, type Target } from './flow.ts';
import type { ScheduleId } from './ids.ts';
import type { Country } from './phone-number.ts';
import { readTargetInto, targetToOutput, type RingReferences, type TargetInput, type TargetOutput } from './ring-input.ts';

/** The flow document as people write it (`PUT /v1/numbers/{id}/flow`). */
export interface FlowInput {
  readonly filter?: unknown;
  readonly rules?: readonly FlowRuleInput[];
  readonly target: TargetInput;
}

export interface FlowRuleInput {
  readonly name?: string;
  readonly scheduleId: string;
  readonly when: 'open' | 'closed';
  readonly target: TargetInput;
}

/** What a flow may refer to: the ids that exist in the organization now. */
export interface FlowReferences extends RingReferences {
  readonly scheduleIds: ReadonlySet<string>;
}

export interface FlowOutput {
  readonly filter?: CallFilterInput;
  readonly rules: readonly { readonly name?: string; readonly scheduleId: string; readonly when: 'open' | 'closed'; readonly target: TargetOutput }[];
  readonly target: TargetOutput;
}

/**
 * Validates and normalises a whole flow: the number's call filter (with the targets its `reroute`
 * entries send calls to), the schedule rules (each naming a schedule of the organization), and the
 * default target. Every problem is reported at once with its JSON pointer (`/rules/1/scheduleId`,
 * `/filter/entries/0/action/target/destinations/2/to`); nothing is half-saved. Throws `ValidationError`.
 */
export function flowFromInput(input: FlowInput, country: Country | null, references: FlowReferences): Flow {
  const issues = new IssueCollector();
  const target = readTargetInto(input.target, country, '/target', issues, references);

  const rules: FlowRule[] = [];
  const rulesInput = input.rules ?? [];
  if (rulesInput.length > maxFlowRules) issues.add('/rules', 'too_many', `may hold at most ${maxFlowRules} rules`);
  rulesInput.forEach((rule, i) => {
    const at = `/rules/${i}`;
    if (!references.scheduleIds.has(rule.scheduleId)) {
      issues.add(`${at}/scheduleId`, 'unknown_schedule', `no schedule ${rule.scheduleId} in this organization`);
    }
    const name = rule.name?.trim();
    if (rule.name !== undefined && (!name || name.length > 100 || /\p{Cc}/u.test(name))) {
      issues.add(`${at}/name`, 'invalid_name', 'must be 1 to 100 characters without control characters');
    }
    rules.push({
      ...(name ? { name } : {}),
      scheduleId: rule.scheduleId as ScheduleId,
      when: rule.when,
      target: readTargetInto(rule.target, country, `${at}/target`, issues, references),
    });
  });

  let filter: CallFilter | undefined;
  if (input.filter !== undefined && input.filter !== null) {
    try {
      filter = withRerouteTargets(callFilterFromInput(input.filter, country), country, issues, references);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) issues.add(`/filter${issue.field}`, issue.code, issue.message);
    }
  }
  issues.throwIfAny();
  return { ...(filter ? { filter } : {}), ...(rules.length > 0 ? { rules } : {}), target };
}

/**
 * Reads the targets of `reroute` entries. An `announcement` action (answer, speak, decline) needs no
 * more than the filter's own check; the engine plays it.
 */
function withRerouteTargets(filter: CallFilter, country: Country | null, issues: IssueCollector, references: RingReferences): CallFilter {
  const entries = filter.entries.map((entry, i): FilterEntry => {
    const at = `/filter/entries/${i}/action`;
    const action = entry.action;
    if (action.kind !== 'reroute') return entry;
    const raw = action.target;
    if (!looksLikeTarget(raw)) {
      issues.add(`${at}/target`, 'invalid_target', 'must be a target: {"type":"ring"|"menu"|"announcement"|"queue"|"number"|"hangup",...}');
      return entry;
    }
    return { ...entry, action: { kind: 'reroute', target: readTargetInto(raw, country, `${at}/target`, issues, references) } };
  });
  // Callers the allow list does not let through are turned away; sending them on is a schedule rule's
  // or an entry's job, and the engine has no target for `otherwise`.
  if (filter.mode === 'allowOnly' && filter.otherwise.kind === 'reroute') {
    issues.add('/filter/otherwise/kind', 'invalid_otherwise', 'callers not on the allow list can be rejected, told busy, or hear an announcement');
  }
  return { ...filter, entries };
}

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The shape a target must have before its fields are read (the API schema does not reach inside a
 * filter). Fields the readers check one by one (prompts, keys, whispers) are left to them; what they
 * would walk into (destinations, nested targets) must be there in the right shape.
 */
function looksLikeTarget(value: unknown): value is TargetInput {
  if (!isFields(value)) return false;
  const nestedOk = (nested: unknown): boolean => nested === undefined || looksLikeTarget(nested);
  const entriesOk = (list: unknown): boolean => list === undefined || (Array.isArray(list) && list.every((item: unknown) => !isFields(item) || nestedOk(item.target)));
  switch (value.type) {
    case 'hangup':
      return true;
    case 'number':
      return typeof value.numberId === 'string';
    case 'announcement':
      return nestedOk(value.then);
    case 'queue':
      return typeof value.queueId === 'string' && nestedOk(value.overflow);
    case 'menu':
      return entriesOk(value.options) && entriesOk(value.extensions) && nestedOk(value.exhausted);
    case 'ring': {
      const strategyOk = value.strategy === 'simultaneous' || value.strategy === 'sequential' || value.strategy === 'custom';
      const destinationsOk = Array.isArray(value.destinations) && value.destinations.every((d: unknown) => isFields(d) && typeof d.to === 'string');
      return strategyOk && destinationsOk && nestedOk(value.noAnswer);
    }
    default:
      return false;
  }
}

export function flowToOutput(flow: Flow): FlowOutput {
  return {
    ...(flow.filter ? { filter: filterToOutput(flow.filter) } : {}),
    rules: (flow.rules ?? []).map((rule) => ({
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      scheduleId: rule.scheduleId,
      when: rule.when,
      target: targetToOutput(rule.target),
    })),
    target: targetToOutput(flow.target),
  };
}

function filterToOutput(filter: CallFilter): CallFilterInput {
  const output = callFilterToOutput(filter);
  return {
    ...output,
    entries: (output.entries ?? []).map((entry, i) => {
      const action = filter.entries[i]?.action;
      return action?.kind === 'reroute' ? { ...entry, action: { kind: 'reroute', target: targetToOutput(action.target as Target) } } : entry;
    }),
  };
}
