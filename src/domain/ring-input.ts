import { parseRingTo, ringToKey } from './ring-to.ts';
import { IssueCollector } from './errors.ts';
import {
  defaultNoAnswer,
  maxTargetDepth,
  ringDefaults,
  type HangupReason,
  type RingDestination,
  type RingStrategy,
  type RingTo,
  type RingTarget,
  type Target,
} from './flow.ts';
import type { NumberId } from './ids.ts';
import type { Country } from './phone-number.ts';

/**
 * The destinations document as people write it (REST `PUT /v1/numbers/{id}/destinations`): phone numbers
 * in any format, optional fields left out. `ringFromInput` turns it into the stored, validated form.
 */
export interface RingInput {
  readonly strategy: RingStrategy;
  readonly destinations: readonly DestinationInput[];
  readonly noAnswer?: TargetInput;
}

export interface DestinationInput {
  readonly to: string;
  readonly label?: string;
  readonly delaySeconds?: number;
  readonly ringSeconds?: number;
}

export type TargetInput =
  | ({ readonly type: 'ring' } & RingInput)
  | { readonly type: 'hangup'; readonly reason?: HangupReason }
  | { readonly type: 'number'; readonly numberId: string };

/** Output form: what the API returns. Destinations as canonical text plus their kind. */
export interface RingOutput {
  readonly strategy: RingStrategy;
  readonly destinations: readonly DestinationOutput[];
  readonly noAnswer: TargetOutput;
}

export interface DestinationOutput {
  readonly to: string;
  readonly kind: RingTo['kind'];
  readonly label?: string;
  readonly delaySeconds: number;
  readonly ringSeconds: number;
}

export type TargetOutput =
  | ({ readonly type: 'ring' } & RingOutput)
  | { readonly type: 'hangup'; readonly reason: HangupReason }
  | { readonly type: 'number'; readonly numberId: string };

/**
 * Validates and normalises a ring as typed by a person. Every problem is reported with its JSON pointer
 * (`/destinations/2/to`) and the rule it breaks; nothing is half-accepted.
 * `basePointer` prefixes field names when the ring is nested inside another document.
 */
export function ringFromInput(input: RingInput, country: Country | null, basePointer = '', references: RingReferences = noReferences): RingTarget {
  const issues = new IssueCollector();
  const ring = readRing(input, { country, references }, basePointer, 1, issues);
  issues.throwIfAny();
  return ring;
}

/** What exists in the organization: a target may only name these rosters and numbers. */
export interface RingReferences {
  readonly rosterIds: ReadonlySet<string>;
  /** The organization's numbers, for `number` targets (absent: none may be named). */
  readonly numberIds?: ReadonlySet<string>;
}

const noReferences: RingReferences = { rosterIds: new Set() };

interface ReadContext {
  readonly country: Country | null;
  readonly references: RingReferences;
}

function readRing(input: RingInput, context: ReadContext, at: string, depth: number, issues: IssueCollector): RingTarget {
  const { country } = context;
  const destinations: RingDestination[] = [];
  const seen = new Map<string, number>();
  input.destinations.forEach((d, i) => {
    const field = `${at}/destinations/${i}`;
    const parsed = parseRingTo(d.to, country);
    if (!parsed.ok) {
      issues.add(`${field}/to`, parsed.code, parsed.message);
      return;
    }
    if (parsed.to.kind === 'roster' && !context.references.rosterIds.has(parsed.to.rosterId)) {
      issues.add(`${field}/to`, 'unknown_roster', `no roster ${parsed.to.rosterId} in this organization`);
    }
    const key = ringToKey(parsed.to);
    const earlier = seen.get(key);
    if (earlier !== undefined && input.strategy === 'simultaneous') {
      issues.add(`${field}/to`, 'duplicate_destination', `rings ${key}, which ${at}/destinations/${earlier} already rings at the same time`);
    }
    seen.set(key, i);
    if (d.delaySeconds !== undefined && d.delaySeconds !== 0 && input.strategy !== 'custom') {
      issues.add(
        `${field}/delaySeconds`,
        'delay_needs_custom_strategy',
        `is only used with strategy "custom" (this ring is "${input.strategy}")`,
      );
    }
    const ringSeconds = d.ringSeconds ?? ringDefaults.ringSeconds;
    if (!Number.isInteger(ringSeconds) || ringSeconds < ringDefaults.minRingSeconds || ringSeconds > ringDefaults.maxRingSeconds) {
      issues.add(
        `${field}/ringSeconds`,
        'out_of_range',
        `must be a whole number of seconds from ${ringDefaults.minRingSeconds} to ${ringDefaults.maxRingSeconds}`,
      );
    }
    const delaySeconds = input.strategy === 'custom' ? (d.delaySeconds ?? 0) : 0;
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > ringDefaults.maxDelaySeconds) {
      issues.add(`${field}/delaySeconds`, 'out_of_range', `must be a whole number of seconds from 0 to ${ringDefaults.maxDelaySeconds}`);
    }
    const label = d.label?.trim();
    if (d.label !== undefined && (label === undefined || label.length === 0 || label.length > 100 || /[\p{Cc}]/u.test(label))) {
      issues.add(`${field}/label`, 'invalid_label', 'must be 1 to 100 characters without control characters');
    }
    destinations.push({
      to: parsed.to,
      ...(label ? { label } : {}),
      delaySeconds,
      ringSeconds,
    });
  });
  const noAnswer = input.noAnswer ? readTarget(input.noAnswer, context, `${at}/noAnswer`, depth + 1, issues) : defaultNoAnswer;
  return { type: 'ring', strategy: input.strategy, destinations, noAnswer };
}

/** Reads a target (a ring or a hang-up, nested) into `issues`, for documents that hold several. */
export function readTargetInto(input: TargetInput, country: Country | null, at: string, issues: IssueCollector, references: RingReferences = noReferences): Target {
  return readTarget(input, { country, references }, at, 1, issues);
}

function readTarget(input: TargetInput, context: ReadContext, at: string, depth: number, issues: IssueCollector): Target {
  if (depth > maxTargetDepth) {
    issues.add(at, 'too_deep', `targets may nest at most ${maxTargetDepth} deep`);
    return defaultNoAnswer;
  }
  switch (input.type) {
    case 'hangup':
      return { type: 'hangup', reason: input.reason ?? 'unavailable' };
    case 'ring':
      return readRing(input, context, at, depth, issues);
    case 'number': {
      if (!context.references.numberIds?.has(input.numberId)) {
        issues.add(`${at}/numberId`, 'unknown_number', `no number ${input.numberId} in this organization`);
      }
      return { type: 'number', numberId: input.numberId as NumberId };
    }
  }
}

export function ringToOutput(ring: RingTarget): RingOutput {
  return {
    strategy: ring.strategy,
    destinations: ring.destinations.map((d) => ({
      to: ringToKey(d.to),
      kind: d.to.kind,
      ...(d.label !== undefined ? { label: d.label } : {}),
      delaySeconds: d.delaySeconds,
      ringSeconds: d.ringSeconds,
    })),
    noAnswer: targetToOutput(ring.noAnswer),
  };
}

export function targetToOutput(target: Target): TargetOutput {
  switch (target.type) {
    case 'hangup':
      return { type: 'hangup', reason: target.reason };
    case 'ring':
      return { type: 'ring', ...ringToOutput(target) };
    case 'number':
      return { type: 'number', numberId: target.numberId };
  }
}

/** The top-level ring of a flow, or an empty one when the flow does not start with a ring. */
export function topLevelRing(target: Target): RingTarget {
  return target.type === 'ring' ? target : { type: 'ring', strategy: 'simultaneous', destinations: [], noAnswer: target };
}
