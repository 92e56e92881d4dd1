import type { Queue } from '../domain/queue.ts';
import type { QueueMemberView, QueueView } from './queue-view.ts';

/** How many recent waits the average for expected-wait announcements is taken over. */
const recentWaits = 20;

interface MemberRecord {
  /** Calls ringing this member now (ids of the calls), so two callers never ring one member at once. */
  readonly ringingFor: Set<string>;
  /** On a queue call (the id of the call). */
  talkingOn: string | null;
  /** Epoch ms the member's last queue call ended; they are in wrap-up until then + wrapUpSeconds. */
  lastCallEndedAt: number | null;
}

interface QueueRecord {
  /** Waiting callers, oldest first: call id → epoch ms they joined. */
  readonly waiting: Map<string, number>;
  readonly members: MemberRecord[];
  /** The member round-robin rang last, or -1. */
  lastRang: number;
  /** Seconds recent callers waited before a member took them, newest last. */
  readonly waits: number[];
}

/**
 * The state of an organization's queues across calls, kept by whoever drives calls: who waits in which
 * order, which members are ringing, talking or wrapping up, whom round-robin rang last, how long callers
 * recently waited. The engine never keeps this itself; each call asks `viewFor` and gets the `QueueView`
 * it decides from. Plain data and explicit times (no clock), so it is tested like the engine.
 */
export class QueueBook {
  readonly #queues = new Map<string, QueueRecord>();

  /** The queue as call `callId` sees it at `now` (epoch ms): callers ahead of it (all, if it has not joined). */
  viewFor(queue: Queue, callId: string, now: number): QueueView {
    const record = this.#record(queue);
    let callersAhead = 0;
    for (const waiting of record.waiting.keys()) {
      if (waiting === callId) break;
      callersAhead++;
    }
    const members = queue.members.map((_, index): QueueMemberView => {
      const member = record.members[index]!;
      const endedAt = member.lastCallEndedAt;
      const idleSince = endedAt === null ? undefined : endedAt + queue.wrapUpSeconds * 1000;
      // Ringing for this very call is not busy for it: its own ring decides what happens to that leg.
      const ringingForOthers = [...member.ringingFor].some((id) => id !== callId);
      const state = member.talkingOn !== null || ringingForOthers ? 'busy' : idleSince !== undefined && now < idleSince ? 'wrapUp' : 'available';
      return idleSince === undefined ? { state } : { state, idleSince };
    });
    const waits = record.waits;
    const averageWaitSeconds = waits.length === 0 ? null : waits.reduce((sum, wait) => sum + wait, 0) / waits.length;
    return { callersAhead, members, roundRobinNext: record.lastRang + 1, averageWaitSeconds };
  }

  join(queue: Queue, callId: string, now: number): void {
    const record = this.#record(queue);
    if (!record.waiting.has(callId)) record.waiting.set(callId, now);
  }

  /** The queue rings `member` for `callId` (a `ring` step's leg with `queue`). */
  ringing(queue: Queue, member: number, callId: string): void {
    const record = this.#record(queue);
    record.members[member]?.ringingFor.add(callId);
    record.lastRang = member;
  }

  /** The member's leg for `callId` stopped ringing without taking the call. */
  ringEnded(queue: Queue, member: number, callId: string): void {
    this.#record(queue).members[member]?.ringingFor.delete(callId);
  }

  /** The call left the queue; `member` took it when `answered`. */
  leave(queue: Queue, callId: string, now: number, member?: number): void {
    const record = this.#record(queue);
    const joinedAt = record.waiting.get(callId);
    record.waiting.delete(callId);
    for (const entry of record.members) entry.ringingFor.delete(callId);
    if (member === undefined) return;
    const taker = record.members[member];
    if (taker) taker.talkingOn = callId;
    if (joinedAt !== undefined) {
      record.waits.push((now - joinedAt) / 1000);
      if (record.waits.length > recentWaits) record.waits.shift();
    }
  }

  /** The member's queue call ended: wrap-up starts. */
  callEnded(queue: Queue, member: number, now: number): void {
    const taker = this.#record(queue).members[member];
    if (!taker) return;
    taker.talkingOn = null;
    taker.lastCallEndedAt = now;
  }

  /** A queue's record, fitted to its current member list (members added or removed since keep their index's record). */
  #record(queue: Queue): QueueRecord {
    let record = this.#queues.get(queue.id);
    if (!record) {
      record = { waiting: new Map(), members: [], lastRang: -1, waits: [] };
      this.#queues.set(queue.id, record);
    }
    while (record.members.length < queue.members.length) record.members.push({ ringingFor: new Set(), talkingOn: null, lastCallEndedAt: null });
    return record;
  }
}
