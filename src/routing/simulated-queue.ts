import type { QueueId } from '../domain/ids.ts';
import type { QueueMemberView, QueueView } from './queue-view.ts';
import type { QueueScript } from './simulation.ts';

/**
 * One queue as a simulated call sees it, replayed from a script: callers ahead leave at their times,
 * busy members become available at theirs. The simulator asks for the view whenever something changes.
 */
export class SimulatedQueue {
  readonly queueId: QueueId;
  private readonly script: QueueScript;
  private readonly arrivedAt: number;
  private readonly memberCount: number;

  /** `arrivedAt`: when the call arrived, epoch ms (for members' idle times). */
  constructor(queueId: QueueId, script: QueueScript, memberCount: number, arrivedAt: number) {
    this.queueId = queueId;
    this.script = script;
    this.memberCount = memberCount;
    this.arrivedAt = arrivedAt;
  }

  /** Seconds after the call arrived at which the view changes, in order. */
  changeTimes(): number[] {
    const times = new Set<number>();
    // A caller who stays (Infinity) never changes the queue.
    for (const leaves of this.script.callersAheadLeaveAfterSeconds ?? []) if (Number.isFinite(leaves)) times.add(Math.max(0, leaves));
    for (const member of this.script.members ?? []) {
      if (member.state !== 'available' && member.availableAfterSeconds !== undefined) times.add(Math.max(0, member.availableAfterSeconds));
    }
    return [...times].sort((a, b) => a - b);
  }

  /** The queue `atSeconds` after the call arrived. */
  viewAt(atSeconds: number): QueueView {
    const callersAhead = (this.script.callersAheadLeaveAfterSeconds ?? []).filter((leaves) => leaves > atSeconds).length;
    const members: QueueMemberView[] = [];
    for (let index = 0; index < this.memberCount; index++) {
      const member = this.script.members?.[index];
      if (!member) {
        members.push({ state: 'available' });
        continue;
      }
      const freed = member.state !== 'available' && member.availableAfterSeconds !== undefined && atSeconds >= member.availableAfterSeconds;
      const state = freed ? 'available' : member.state;
      const idleSince =
        freed && member.availableAfterSeconds !== undefined
          ? this.arrivedAt + member.availableAfterSeconds * 1000
          : member.idleForSeconds !== undefined
            ? this.arrivedAt - member.idleForSeconds * 1000
            : undefined;
      members.push(idleSince === undefined ? { state } : { state, idleSince });
    }
    return {
      callersAhead,
      members,
      roundRobinNext: this.script.roundRobinNext ?? 0,
      averageWaitSeconds: this.script.averageWaitSeconds ?? null,
    };
  }
}

/** Seconds a prompt takes to say: speech at 150 words a minute, at least one second. */
export function spokenSeconds(text: string): number {
  const words = text.trim().split(/\s+/).filter((word) => word.length > 0).length;
  return Math.max(1, Math.ceil(words / 2.5));
}
