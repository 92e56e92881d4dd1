import type { BusinessNumber } from '../domain/business-number.ts';
import type { CallFilter } from '../domain/call-filter.ts';
import { maxTargetDepth, ringDefaults, type RingTarget, type Target } from '../domain/flow.ts';
import type { HangupTarget } from '../domain/flow.ts';
import type { CompiledFilter, CompiledNumber } from './compiled-organization.ts';
import type { CompiledTarget } from './compiled-target.ts';
import { planRing } from './ring-plan.ts';
import { RoutingError } from './routing-error.ts';

// Read once: the hot loop below runs for every destination of every number in a snapshot build.
const { minRingSeconds, maxRingSeconds, maxDelaySeconds } = ringDefaults;

/**
 * Compiles a number's flow for the engine. The store validates flows when they are written; the
 * checks here only keep a bad document from making the engine loop or ring forever.
 */
export function compileFlow(number: BusinessNumber): CompiledNumber {
  const { flow, id } = number;
  return {
    number,
    target: compileTarget(flow.target, 1, id),
    rules: (flow.rules ?? []).map((rule) => ({
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      scheduleId: rule.scheduleId,
      when: rule.when,
      target: compileTarget(rule.target, 1, id),
    })),
    filter: flow.filter ? compileFilter(flow.filter, `Number ${id}`) : null,
  };
}

/**
 * A filter and the targets of its `reroute` entries (checked as targets when the flow was saved). An
 * `announcement` entry becomes a target too: the announcement, then the call is declined.
 */
export function compileFilter(filter: CallFilter, owner: string): CompiledFilter {
  const reroutes = new Map<number, CompiledTarget>();
  filter.entries.forEach((entry, index) => {
    if (entry.action.kind === 'reroute') reroutes.set(index, compileTarget(entry.action.target as Target, 1, owner));
    if (entry.action.kind === 'announcement') reroutes.set(index, announcementThenDecline(entry.action.text));
  });
  return { filter, reroutes };
}

const declined: HangupTarget = { type: 'hangup', reason: 'declined' };

function announcementThenDecline(text: string): CompiledTarget {
  return { type: 'announcement', prompt: { text }, then: declined };
}

function compileTarget(target: Target, depth: number, numberId: string): CompiledTarget {
  if (depth > maxTargetDepth) {
    throw new RoutingError('invalid_flow', `Number ${numberId}: targets nest deeper than ${maxTargetDepth} levels`);
  }
  switch (target.type) {
    case 'hangup':
    case 'number':
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
        ...(target.whisper ? { whisper: target.whisper } : {}),
      };
    }
    case 'announcement':
      return { type: 'announcement', prompt: target.prompt, then: compileTarget(target.then, depth + 1, numberId) };
    case 'queue':
      return {
        type: 'queue',
        queueId: target.queueId,
        overflow: compileTarget(target.overflow, depth + 1, numberId),
        ...(target.whisper ? { whisper: target.whisper } : {}),
      };
    case 'menu': {
      const extensions = target.extensions.map((entry) => ({
        extension: entry.extension,
        ...(entry.label !== undefined ? { label: entry.label } : {}),
        target: compileTarget(entry.target, depth + 1, numberId),
      }));
      return {
        type: 'menu',
        prompt: target.prompt,
        options: target.options.map((option) => ({ key: option.key, target: compileTarget(option.target, depth + 1, numberId) })),
        extensions,
        timeoutSeconds: target.timeoutSeconds,
        retries: target.retries,
        invalidPrompt: target.invalidPrompt,
        timeoutPrompt: target.timeoutPrompt,
        exhausted: compileTarget(target.exhausted, depth + 1, numberId),
        maxDigits: Math.max(1, ...extensions.map((entry) => entry.extension.length)),
      };
    }
    default:
      // Stored documents are validated on save; a target of a kind this engine does not know is refused.
      throw new RoutingError('invalid_flow', `${numberId}: unknown target type ${JSON.stringify((target as { type?: unknown }).type)}`);
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
