import type { DirectDestination } from './destination.ts';
import type { OrganizationId, RosterId } from './ids.ts';

/**
 * A roster: destinations taking turns to be on call. Shifts begin at the handover time on the wall
 * clock of the roster's time zone, so a weekly handover on Monday 09:00 stays 09:00 when the clocks
 * change (that week's shift is an hour shorter or longer).
 */
export interface Roster extends RosterSettings {
  readonly id: RosterId;
  readonly organizationId: OrganizationId;
  /** Increases by one with every change. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What an organization configures about a roster: the validated form of `RosterInput`. */
export interface RosterSettings {
  readonly name: string;
  /** Canonical IANA time zone name (`Europe/Amsterdam`). Handover times and overrides are read in it. */
  readonly timeZone: string;
  /** In rotation order: the member at index 0 has the first shift from `rotation.startDate`. */
  readonly members: readonly RosterMember[];
  readonly rotation: RosterRotation;
  /** Sorted by start; never overlapping. */
  readonly overrides: readonly RosterOverride[];
}

export interface RosterMember {
  readonly destination: DirectDestination;
  readonly label?: string;
}

export type RotationUnit = 'days' | 'weeks';

export interface RosterRotation {
  /** Shift length in `unit`s, at least 1. */
  readonly every: number;
  readonly unit: RotationUnit;
  /** `HH:MM`, 24-hour wall-clock time in the roster's zone. */
  readonly handoverTime: string;
  /** `YYYY-MM-DD`: member 0's first shift starts at this date's handover time. */
  readonly startDate: string;
}

/**
 * A swap: for `[from, to)` someone else is on call instead of the rotation. `from` and `to` are local
 * date-times (`YYYY-MM-DDTHH:MM`) in the roster's zone, the way people arrange swaps ("from Thursday
 * 09:00 to Friday 09:00"); they follow the roster's wall clock, also if its time zone is changed later.
 * A local time that the clocks skip (02:30 on the spring-forward night) means the moment after the gap;
 * one they pass twice means the first (Temporal's `compatible` disambiguation).
 */
export interface RosterOverride {
  readonly from: string;
  readonly to: string;
  readonly onCall: RosterOverrideOnCall;
  readonly reason?: string;
}

/**
 * Who takes over: a member of the roster by index, or any destination (a stand-in who is not a member).
 * A destination that is also a member counts as that member when the roster is evaluated.
 */
export type RosterOverrideOnCall =
  | { readonly kind: 'member'; readonly index: number }
  | { readonly kind: 'destination'; readonly destination: DirectDestination; readonly label?: string };

export const rosterLimits = {
  minMembers: 1,
  maxMembers: 100,
  /** Longest shift: a year of days or weeks is far beyond any real rotation, and keeps the arithmetic small. */
  maxDays: 366,
  maxWeeks: 52,
  maxOverrides: 1000,
  maxReasonLength: 200,
} as const;
