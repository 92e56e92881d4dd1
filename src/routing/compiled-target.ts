import type { HangupTarget, MenuKey, NumberTarget, Prompt, RingDestination, RingStrategy, Whisper } from '../domain/flow.ts';
import type { QueueId } from '../domain/ids.ts';

/**
 * A flow's target, compiled once when the snapshot is built so that a call does no planning:
 * ring destinations are already in start order and grouped by start time.
 */
export type CompiledTarget = CompiledRing | CompiledHangup | CompiledNumberTarget | CompiledMenu | CompiledAnnouncement | CompiledQueue;

/** Another number's flow; resolved when the call gets there, in the same snapshot. */
export type CompiledNumberTarget = NumberTarget;

/** A hang-up needs no compiling; the stored target is used as it is. */
export type CompiledHangup = HangupTarget;

/**
 * A ring as groups of destinations that start together. Stored as flat arrays rather than one object
 * per group: a snapshot holds a million of these, and most rings are a single group (simultaneous)
 * or already in order (sequential), so the stored destination array is reused as it is.
 */
export interface CompiledRing {
  readonly type: 'ring';
  readonly strategy: RingStrategy;
  /** Every destination, in the order they start (stable: equal start times keep the given order). */
  readonly destinations: readonly RingDestination[];
  /** Index into `destinations` of each group's first destination; a group ends where the next begins. */
  readonly groupStarts: readonly number[];
  /** Per group: seconds after the previous group started that this one is due (0 for the first). */
  readonly dueAfterSeconds: readonly number[];
  readonly noAnswer: CompiledTarget;
  readonly whisper?: Whisper;
}

export interface CompiledAnnouncement {
  readonly type: 'announcement';
  readonly prompt: Prompt;
  readonly then: CompiledTarget;
}

export interface CompiledMenu {
  readonly type: 'menu';
  readonly prompt: Prompt;
  readonly options: readonly { readonly key: MenuKey; readonly target: CompiledTarget }[];
  readonly extensions: readonly { readonly extension: string; readonly label?: string; readonly target: CompiledTarget }[];
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly invalidPrompt: Prompt;
  readonly timeoutPrompt: Prompt;
  readonly exhausted: CompiledTarget;
  /** The most keys a caller types here: 1, or the longest extension. */
  readonly maxDigits: number;
}

export interface CompiledQueue {
  readonly type: 'queue';
  readonly queueId: QueueId;
  readonly overflow: CompiledTarget;
  readonly whisper?: Whisper;
}

export function groupCount(ring: CompiledRing): number {
  return ring.groupStarts.length;
}

/** Indexes into `ring.destinations` of group `group`, as [first, end). */
export function groupRange(ring: CompiledRing, group: number): readonly [number, number] {
  const first = ring.groupStarts[group] ?? ring.destinations.length;
  const end = ring.groupStarts[group + 1] ?? ring.destinations.length;
  return [first, end];
}

/**
 * How to reach a target of a flow, as plain data: an optional root — `rules`, i (the target of
 * schedule rule i), `filter`, i (where the number's filter entry i reroutes to, or its announcement) or
 * `orgFilter`, i (the organization filter's entry i) or `number`, id (a path inside another number's
 * flow, which a `number` target led to) — then one segment per level of nesting: `noAnswer` (a ring's),
 * `then` (an announcement's), `overflow` (a queue's), `key.1`, `extension.201` or `exhausted` (a menu's).
 * No root: the flow's default `target`.
 */
export type TargetPathSegment = string;
export type TargetPath = readonly TargetPathSegment[];

/** The roots a path may start with, and the segment after them is an index. */
export const rootSegments = ['rules', 'filter', 'orgFilter', 'number'] as const;
export type RootSegment = (typeof rootSegments)[number];

export function isRootSegment(segment: string | undefined): segment is RootSegment {
  return segment === 'rules' || segment === 'filter' || segment === 'orgFilter' || segment === 'number';
}

/** The target at `path` below `root`, or undefined when there is no such target. */
export function targetAt(root: CompiledTarget, path: readonly string[]): CompiledTarget | undefined {
  let target: CompiledTarget | undefined = root;
  for (const segment of path) {
    if (!target) return undefined;
    target = childAt(target, segment);
  }
  return target;
}

/** The target one segment below `target`. */
export function childAt(target: CompiledTarget, segment: string): CompiledTarget | undefined {
  switch (target.type) {
    case 'ring':
      return segment === 'noAnswer' ? target.noAnswer : undefined;
    case 'announcement':
      return segment === 'then' ? target.then : undefined;
    case 'queue':
      return segment === 'overflow' ? target.overflow : undefined;
    case 'menu':
      if (segment === 'exhausted') return target.exhausted;
      if (segment.startsWith('key.')) return target.options.find((option) => `key.${option.key}` === segment)?.target;
      if (segment.startsWith('extension.')) return target.extensions.find((entry) => `extension.${entry.extension}` === segment)?.target;
      return undefined;
    case 'hangup':
    case 'number':
      return undefined;
  }
}

/** How a trace names the target at `path`: `target`, `target.noAnswer`, `rules.0`, `filter.2.noAnswer` ... */
export function ruleName(path: readonly string[]): string {
  if (path.length === 0) return 'target';
  return isRootSegment(path[0]) ? path.join('.') : `target.${path.join('.')}`;
}
