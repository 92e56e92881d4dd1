import type { CallEvent } from './call-event.ts';

/**
 * Events due at a virtual time, delivered earliest first. Equal times are ordered by kind, then by
 * the order they were scheduled in:
 * 1. the caller hanging up (once the caller has gone, nothing at that instant matters any more);
 * 2. an answer (someone picking up at the instant a timer fires means the later group never rings);
 * 3. a timer (a group due at the instant the previous one's ring time ends starts as planned, so the
 *    trace shows a planned start rather than a pull-forward);
 * 4. a queue changing (a member at the instant the caller's wait runs out is too late);
 * 5. anything else: a leg failing (busy, no answer, unreachable, refused), a prompt ending, keys.
 */
export class SimulationQueue {
  private readonly entries: QueuedEvent[] = [];
  private scheduled = 0;

  schedule(atSeconds: number, event: CallEvent): void {
    const entry: QueuedEvent = { atSeconds, rank: rankOf(event), order: this.scheduled++, event };
    // Calls have a handful of pending events: a sorted array with a linear insert is the simplest fit.
    let index = this.entries.length;
    while (index > 0 && comesBefore(entry, this.entries[index - 1]!)) index--;
    this.entries.splice(index, 0, entry);
  }

  shift(): QueuedEvent | undefined {
    return this.entries.shift();
  }

  /** Drops pending events the driver no longer expects (a cancelled leg, a cancelled timer). */
  drop(matches: (event: CallEvent) => boolean): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (matches(this.entries[i]!.event)) this.entries.splice(i, 1);
    }
  }

  clear(): void {
    this.entries.length = 0;
  }
}

export interface QueuedEvent {
  readonly atSeconds: number;
  readonly rank: number;
  readonly order: number;
  readonly event: CallEvent;
}

function rankOf(event: CallEvent): number {
  switch (event.type) {
    case 'callerHungUp':
      return 0;
    case 'answered':
      return 1;
    case 'timer':
      return 2;
    case 'queueState':
      return 3;
    default:
      return 4;
  }
}

function comesBefore(a: QueuedEvent, b: QueuedEvent): boolean {
  if (a.atSeconds !== b.atSeconds) return a.atSeconds < b.atSeconds;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.order < b.order;
}
