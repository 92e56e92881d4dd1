import type { Queue, QueueStrategy } from '../domain/queue.ts';
import type { QueueView } from './queue-view.ts';

export const strategyWords: Record<QueueStrategy, string> = {
  'ring-all': 'ring-all: every free member at once',
  'round-robin': 'round-robin: the next member after the one rung last',
  'longest-idle': 'longest-idle: the free member idle longest',
  'in-order': 'in-order: the first free member in the list',
};

/**
 * Which of the `candidates` (free members not yet tried this round, in member order) ring now, by the
 * queue's strategy. Pure and deterministic: ties go to the member listed first.
 */
export function pickMembers(queue: Queue, view: QueueView, candidates: readonly number[]): number[] {
  if (candidates.length === 0) return [];
  switch (queue.strategy) {
    case 'ring-all':
      return [...candidates];
    case 'in-order':
      return [candidates[0]!];
    case 'round-robin': {
      // The first candidate at or after the pointer, wrapping round to the start of the list.
      const start = ((view.roundRobinNext % queue.members.length) + queue.members.length) % queue.members.length;
      const after = candidates.find((member) => member >= start);
      return [after ?? candidates[0]!];
    }
    case 'longest-idle': {
      // Never having had a queue call counts as idle the longest.
      let best = candidates[0]!;
      for (const member of candidates) {
        if (idleSince(view, member) < idleSince(view, best)) best = member;
      }
      return [best];
    }
  }
}

function idleSince(view: QueueView, member: number): number {
  return view.members[member]?.idleSince ?? Number.NEGATIVE_INFINITY;
}
