import { destinationKey, parseDestination } from '../domain/destination.ts';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Country } from '../domain/phone-number.ts';
import type { Queue } from '../domain/queue.ts';
import type { QueueMemberScript, QueueScript } from '../routing/index.ts';
import type { SimulateRequestBody } from './schemas/simulate.ts';

type QueuesInput = NonNullable<SimulateRequestBody['queues']>;
type MemberInput = QueuesInput[string]['members'] extends Readonly<Record<string, infer M>> | undefined ? M : never;

/**
 * Reads the simulate request's `queues` — by queue id or name, members by number, SIP URI or label —
 * into the scripts the simulator replays, by queue id. Every key that names nothing is reported with
 * its field, and the known names listed.
 */
export function readQueueScripts(input: QueuesInput, queues: readonly Queue[], country: Country | null): Record<string, QueueScript> {
  const issues: FieldIssue[] = [];
  const scripts: Record<string, QueueScript> = {};
  for (const [key, state] of Object.entries(input)) {
    const field = `/queues/${pointerEscape(key)}`;
    const queue = queues.find((q) => q.id === key) ?? queues.find((q) => q.name.trim().toLowerCase() === key.trim().toLowerCase());
    if (!queue) {
      issues.push({ field, code: 'unknown_queue', message: `is not a queue of this organization; its queues are: ${queues.map((q) => `${q.id} ("${q.name}")`).join(', ') || 'none'}` });
      continue;
    }
    const members: QueueMemberScript[] = queue.members.map(() => ({ state: 'available' }));
    for (const [memberKey, value] of Object.entries(state.members ?? {})) {
      const index = memberIndex(queue, memberKey, country);
      if (index === null) {
        issues.push({ field: `${field}/members/${pointerEscape(memberKey)}`, code: 'unknown_member', message: `is not a member of queue "${queue.name}"` });
        continue;
      }
      members[index] = memberScript(value);
    }
    let roundRobinNext = 0;
    if (state.lastRang !== undefined) {
      const index = memberIndex(queue, state.lastRang, country);
      if (index === null) issues.push({ field: `${field}/lastRang`, code: 'unknown_member', message: `is not a member of queue "${queue.name}"` });
      else roundRobinNext = index + 1;
    }
    const staying = Array.from({ length: state.callersAhead ?? 0 }, () => Number.POSITIVE_INFINITY);
    const leaves = [...staying, ...(state.callersLeaveAfterSeconds ?? [])];
    scripts[queue.id] = {
      callersAheadLeaveAfterSeconds: leaves,
      members,
      roundRobinNext,
      averageWaitSeconds: state.averageWaitSeconds ?? null,
    };
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return scripts;
}

function memberScript(value: MemberInput): QueueMemberScript {
  if (typeof value === 'string') return { state: value };
  return {
    state: value.state ?? 'available',
    ...(value.availableAfterSeconds !== undefined ? { availableAfterSeconds: value.availableAfterSeconds } : {}),
    ...(value.idleForSeconds !== undefined ? { idleForSeconds: value.idleForSeconds } : {}),
  };
}

/** The member a key names: by number (any format) or SIP URI, else by label (any case). */
function memberIndex(queue: Queue, key: string, country: Country | null): number | null {
  const parsed = parseDestination(key, country);
  if (parsed.ok) {
    const wanted = destinationKey(parsed.destination);
    const index = queue.members.findIndex((member) => destinationKey(member.destination) === wanted);
    if (index >= 0) return index;
  }
  const label = key.trim().toLowerCase();
  const index = queue.members.findIndex((member) => member.label?.trim().toLowerCase() === label);
  return index >= 0 ? index : null;
}

function pointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
