import type { RingDestination, RingTarget } from '../domain/flow.ts';

/** A ring's destinations in start order, with its groups, as `CompiledRing` stores them. */
export interface RingPlan {
  readonly destinations: readonly RingDestination[];
  readonly groupStarts: readonly number[];
  readonly dueAfterSeconds: readonly number[];
}

// Shared by every single-group ring (all simultaneous rings): one group, starting at once.
const oneGroup: readonly number[] = Object.freeze([0]);
const noGroups: readonly number[] = Object.freeze([]);

/**
 * Turns a ring's strategy into the one model the engine runs: every destination has a planned start
 * offset (simultaneous: 0; sequential: the sum of the ring times before it; custom: its own delay);
 * destinations with equal offsets form a group; each group is due a fixed time after the previous
 * group started. Pulling a group forward (no dead air) therefore moves every later group up by the
 * same amount without recomputing anything.
 */
export function planRing(ring: RingTarget): RingPlan {
  const given = ring.destinations;
  if (given.length === 0) return { destinations: given, groupStarts: noGroups, dueAfterSeconds: noGroups };
  switch (ring.strategy) {
    case 'simultaneous':
      return { destinations: given, groupStarts: oneGroup, dueAfterSeconds: oneGroup };
    case 'sequential': {
      if (given.length === 1) return { destinations: given, groupStarts: oneGroup, dueAfterSeconds: oneGroup };
      // Each is due when the one before it has rung its full time; an earlier end pulls it forward.
      const groupStarts = given.map((_, index) => index);
      const dueAfterSeconds = given.map((_, index) => (index === 0 ? 0 : given[index - 1]!.ringSeconds));
      return { destinations: given, groupStarts, dueAfterSeconds };
    }
    case 'custom':
      return planByDelay(given);
  }
}

function planByDelay(given: readonly RingDestination[]): RingPlan {
  let ordered = given;
  if (!given.every((destination, index) => index === 0 || given[index - 1]!.delaySeconds <= destination.delaySeconds)) {
    // Array#sort is stable: destinations due at the same moment keep the order the customer gave.
    ordered = [...given].sort((a, b) => a.delaySeconds - b.delaySeconds);
  }
  const groupStarts: number[] = [];
  const dueAfterSeconds: number[] = [];
  ordered.forEach((destination, index) => {
    const previous = ordered[index - 1];
    if (previous && previous.delaySeconds === destination.delaySeconds) return;
    groupStarts.push(index);
    // `previous` belongs to the group before, so its delay is that group's planned start.
    dueAfterSeconds.push(previous ? destination.delaySeconds - previous.delaySeconds : 0);
  });
  if (groupStarts.length === 1) return { destinations: ordered, groupStarts: oneGroup, dueAfterSeconds: oneGroup };
  return { destinations: ordered, groupStarts, dueAfterSeconds };
}
