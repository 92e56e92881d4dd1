import type { CallFilter } from './call-filter.ts';
import type { Destination } from './destination.ts';
import type { NumberId, RosterId, ScheduleId } from './ids.ts';

/**
 * A number's flow: what happens to a call to it, in order: the number's own call filter (after the
 * organization's), then the schedule rules — the first that holds sends the call to its target — and
 * otherwise `target`. Stored as one JSON document per number.
 */
export interface Flow {
  /** The number's own call filter; a `reroute` action's target is a `Target`. */
  readonly filter?: CallFilter;
  readonly rules?: readonly FlowRule[];
  readonly target: Target;
}

/** "When schedule S is open (or closed), send the call to this target." */
export interface FlowRule {
  readonly name?: string;
  readonly scheduleId: ScheduleId;
  readonly when: 'open' | 'closed';
  readonly target: Target;
}

/** How many schedule rules a flow may have. */
export const maxFlowRules = 20;

/** What a call is sent to. Targets nest: a ring's `noAnswer` is another target. */
export type Target = RingTarget | HangupTarget | NumberTarget;

/** "Do what that number does": the call continues in another number's flow (its filter, rules and target). */
export interface NumberTarget {
  readonly type: 'number';
  readonly numberId: NumberId;
}

export type TargetType = Target['type'];

export type RingStrategy = 'simultaneous' | 'sequential' | 'custom';

/**
 * Ring destinations. The three strategies are presets of one model: each destination has a start
 * delay and a ring time. `simultaneous`: all start at 0. `sequential`: each starts when the one
 * before it has finished. `custom`: each starts at its own `delaySeconds`, earlier ones still ringing.
 */
export interface RingTarget {
  readonly type: 'ring';
  readonly strategy: RingStrategy;
  readonly destinations: readonly RingDestination[];
  /** Where the call goes when nobody answers. */
  readonly noAnswer: Target;
}

/** A roster in a ring: whoever is on call when the ring starts is rung. */
export interface RosterRef {
  readonly kind: 'roster';
  readonly rosterId: RosterId;
}

/** What a ring destination rings: a phone number or SIP URI, or whoever a roster has on call. */
export type RingTo = Destination | RosterRef;

export interface RingDestination {
  readonly to: RingTo;
  readonly label?: string;
  /** Seconds after the ring step starts that this destination starts ringing (custom only). */
  readonly delaySeconds: number;
  /** Seconds this destination rings before it counts as not answered. */
  readonly ringSeconds: number;
}

/** Why the call is ended; call control turns this into a SIP final response or a BYE. */
export type HangupReason = 'unavailable' | 'busy' | 'declined';

export interface HangupTarget {
  readonly type: 'hangup';
  readonly reason: HangupReason;
}

export const ringDefaults = {
  ringSeconds: 20,
  minRingSeconds: 1,
  maxRingSeconds: 600,
  maxDelaySeconds: 3600,
} as const;

/** Deepest nesting of targets accepted (a ring whose noAnswer is a ring whose noAnswer is ...). */
export const maxTargetDepth = 16;

export const defaultNoAnswer: HangupTarget = { type: 'hangup', reason: 'unavailable' };

/** The flow of a number that has no destinations yet: the caller hears that nobody is available. */
export const emptyFlow: Flow = { target: defaultNoAnswer };
