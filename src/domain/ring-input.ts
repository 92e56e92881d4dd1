import { parseRingTo, ringToKey } from './ring-to.ts';
import { IssueCollector } from './errors.ts';
import {
  defaultNoAnswer,
  maxTargetDepth,
  ringDefaults,
  type HangupReason,
  type MenuKey,
  type Prompt,
  type RingDestination,
  type RingStrategy,
  type RingTo,
  type RingTarget,
  type Target,
  type Whisper,
} from './flow.ts';
import type { NumberId, QueueId } from './ids.ts';
import { readMenu, readPrompt, readWhisper, type MenuInput, type PromptInput, type WhisperInput } from './menu-input.ts';
import type { Country } from './phone-number.ts';

/**
 * The destinations document as people write it (REST `PUT /v1/numbers/{id}/destinations`): phone numbers
 * in any format, optional fields left out. `ringFromInput` turns it into the stored, validated form.
 */
export interface RingInput {
  readonly strategy: RingStrategy;
  readonly destinations: readonly DestinationInput[];
  readonly noAnswer?: TargetInput;
  readonly whisper?: WhisperInput;
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
  | { readonly type: 'number'; readonly numberId: string }
  | ({ readonly type: 'menu' } & MenuInput<TargetInput>)
  | { readonly type: 'announcement'; readonly prompt: PromptInput; readonly then?: TargetInput }
  | { readonly type: 'queue'; readonly queueId: string; readonly overflow?: TargetInput; readonly whisper?: WhisperInput };

/** Output form: what the API returns. Destinations as canonical text plus their kind. */
export interface RingOutput {
  readonly strategy: RingStrategy;
  readonly destinations: readonly DestinationOutput[];
  readonly noAnswer: TargetOutput;
  readonly whisper?: Whisper;
}

export interface MenuOutput {
  readonly prompt: Prompt;
  readonly options: readonly { readonly key: MenuKey; readonly target: TargetOutput }[];
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly invalidPrompt: Prompt;
  readonly timeoutPrompt: Prompt;
  readonly exhausted: TargetOutput;
  readonly extensions: readonly { readonly extension: string; readonly label?: string; readonly target: TargetOutput }[];
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
  | { readonly type: 'number'; readonly numberId: string }
  | ({ readonly type: 'menu' } & MenuOutput)
  | { readonly type: 'announcement'; readonly prompt: Prompt; readonly then: TargetOutput }
  | { readonly type: 'queue'; readonly queueId: string; readonly overflow: TargetOutput; readonly whisper?: Whisper };

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

/** What exists in the organization: a target may only name these rosters, users, numbers and queues. */
export interface RingReferences {
  readonly rosterIds: ReadonlySet<string>;
  /** The organization's users, for `user:usr_…` destinations (absent: none may be named). */
  readonly userIds?: ReadonlySet<string>;
  /** The organization's numbers, for `number` targets (absent: none may be named). */
  readonly numberIds?: ReadonlySet<string>;
  /** The organization's queues, for `queue` targets (absent: none may be named). */
  readonly queueIds?: ReadonlySet<string>;
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
    if (parsed.to.kind === 'user' && !context.references.userIds?.has(parsed.to.userId)) {
      issues.add(`${field}/to`, 'unknown_user', `no user ${parsed.to.userId} in this organization`);
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
  const whisper = input.whisper === undefined ? undefined : readWhisper(input.whisper, `${at}/whisper`, issues);
  return { type: 'ring', strategy: input.strategy, destinations, noAnswer, ...(whisper ? { whisper } : {}) };
}

/** Reads a target (of any type, nested) into `issues`, for documents that hold several. */
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
    case 'announcement': {
      const prompt = readPrompt(input.prompt, `${at}/prompt`, issues);
      const then = input.then === undefined ? defaultNoAnswer : readTarget(input.then, context, `${at}/then`, depth + 1, issues);
      return { type: 'announcement', prompt, then };
    }
    case 'menu':
      return readMenu(input, at, issues, (value, field) => readNested(value, context, field, depth, issues));
    case 'queue': {
      const queueId = typeof input.queueId === 'string' ? input.queueId : '';
      if (!context.references.queueIds?.has(queueId)) {
        issues.add(`${at}/queueId`, 'unknown_queue', `no queue ${queueId || JSON.stringify(input.queueId)} in this organization`);
      }
      const overflow = input.overflow === undefined ? queueOverflow : readTarget(input.overflow, context, `${at}/overflow`, depth + 1, issues);
      const whisper = input.whisper === undefined ? undefined : readWhisper(input.whisper, `${at}/whisper`, issues);
      return { type: 'queue', queueId: queueId as QueueId, overflow, ...(whisper ? { whisper } : {}) };
    }
  }
}

/** A target nested one level down that the person must give (a menu key's); absent or not an object is an issue. */
function readNested(value: unknown, context: ReadContext, field: string, depth: number, issues: IssueCollector): Target {
  if (typeof value !== 'object' || value === null) {
    issues.add(field, value === undefined ? 'required' : 'invalid_target', 'must be a target such as {"type":"ring",...}');
    return defaultNoAnswer;
  }
  return readTarget(value as TargetInput, context, field, depth + 1, issues);
}

/** A caller the queue cannot take hears "busy", unless the flow says where they go instead. */
const queueOverflow: Target = { type: 'hangup', reason: 'busy' };

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
    ...(ring.whisper ? { whisper: { ...ring.whisper } } : {}),
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
    case 'announcement':
      return { type: 'announcement', prompt: { text: target.prompt.text }, then: targetToOutput(target.then) };
    case 'queue':
      return { type: 'queue', queueId: target.queueId, overflow: targetToOutput(target.overflow), ...(target.whisper ? { whisper: { ...target.whisper } } : {}) };
    case 'menu':
      return {
        type: 'menu',
        prompt: { text: target.prompt.text },
        options: target.options.map((o) => ({ key: o.key, target: targetToOutput(o.target) })),
        timeoutSeconds: target.timeoutSeconds,
        retries: target.retries,
        invalidPrompt: { text: target.invalidPrompt.text },
        timeoutPrompt: { text: target.timeoutPrompt.text },
        exhausted: targetToOutput(target.exhausted),
        extensions: target.extensions.map((e) => ({ extension: e.extension, ...(e.label !== undefined ? { label: e.label } : {}), target: targetToOutput(e.target) })),
      };
  }
}

/** The top-level ring of a flow, or an empty one when the flow does not start with a ring. */
export function topLevelRing(target: Target): RingTarget {
  return target.type === 'ring' ? target : { type: 'ring', strategy: 'simultaneous', destinations: [], noAnswer: target };
}
