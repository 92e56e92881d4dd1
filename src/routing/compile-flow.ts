import { maxTargetDepth, ringDefaults, type Flow, type RingTarget, type Target } from '../domain/flow.ts';
import type { CompiledTarget } from './compiled-target.ts';
import { planRing } from './ring-plan.ts';
import { RoutingError } from './routing-error.ts';

// Read once: the hot loop below runs for every destination of every number in a snapshot build.
const { minRingSeconds, maxRingSeconds, maxDelaySeconds } = ringDefaults;

/**
 * Compiles a number's flow for the engine. The store validates flows when they are written; the
 * checks here only keep a bad document from making the engine loop or ring forever.
 */
export function compileFlow(flow: Flow, numberId: string): CompiledTarget {
  return compileTarget(flow.target, 1, numberId);
}

function compileTarget(target: Target, depth: number, numberId: string): CompiledTarget {
  if (depth > maxTargetDepth) {
    throw new RoutingError('invalid_flow', `Number ${numberId}: targets nest deeper than ${maxTargetDepth} levels`);
  }
  switch (target.type) {
    case 'hangup':
      return target;
    case 'ring': {
      checkTimes(target, numberId);
      const plan = planRing(target);
      return {
        type: 'ring',
        strategy: target.strategy,
        destinations: plan.destinations,
        groupStarts: plan.groupStarts,
        dueAfterSeconds: plan.dueAfterSeconds,
        noAnswer: compileTarget(target.noAnswer, depth + 1, numberId),
      };
    }
  }
}

function checkTimes(ring: RingTarget, numberId: string): void {
  for (let i = 0; i < ring.destinations.length; i++) {
    const { ringSeconds, delaySeconds } = ring.destinations[i]!;
    if (!(ringSeconds >= minRingSeconds && ringSeconds <= maxRingSeconds)) {
      throw new RoutingError('invalid_flow', `Number ${numberId}: destination ${i + 1} rings for ${ringSeconds} s`);
    }
    if (!(delaySeconds >= 0 && delaySeconds <= maxDelaySeconds)) {
      throw new RoutingError('invalid_flow', `Number ${numberId}: destination ${i + 1} starts after ${delaySeconds} s`);
    }
  }
}
