import type { DirectDestination } from './destination.ts';
import type { OrganizationId, QueueId } from './ids.ts';

/**
 * A call queue: callers wait (hearing music and, now and then, their position) until one of the
 * members takes their call. Several numbers' flows may send callers to one queue; each flow says
 * where its callers go when the queue overflows.
 */
export interface Queue extends QueueSettings {
  readonly id: QueueId;
  readonly organizationId: OrganizationId;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * How the next member is chosen for the caller at the head of the queue:
 * - `ring-all`: every available member at once; the first to answer takes the call;
 * - `round-robin`: one at a time, starting after the member the queue rang last (remembered across calls);
 * - `longest-idle`: one at a time, the member idle longest first;
 * - `in-order`: one at a time, in the order of `members`.
 */
export type QueueStrategy = 'ring-all' | 'round-robin' | 'longest-idle' | 'in-order';
export const queueStrategies: readonly QueueStrategy[] = ['ring-all', 'round-robin', 'longest-idle', 'in-order'];

/** What a caller who finds no member available does: wait anyway, or go to the flow's overflow target. */
export type WhenNoMember = 'join' | 'overflow';

export interface QueueSettings {
  readonly name: string;
  readonly members: readonly QueueMember[];
  readonly strategy: QueueStrategy;
  /** Seconds a member rings before the queue tries the next (per attempt). */
  readonly ringSeconds: number;
  /** Seconds after a member's queue call ends before the queue rings them again. */
  readonly wrapUpSeconds: number;
  /** Seconds between rounds when every available member was tried and nobody answered. */
  readonly retrySeconds: number;
  /** Callers waiting at most; the next caller goes to the overflow target. */
  readonly maxCallers: number;
  /** Seconds a caller waits at most before going to the overflow target. */
  readonly maxWaitSeconds: number;
  readonly whenNoMember: WhenNoMember;
  /** Position and expected-wait announcements to waiting callers. */
  readonly announcements: QueueAnnouncements;
}

export interface QueueMember {
  readonly destination: DirectDestination;
  readonly label?: string;
}

export interface QueueAnnouncements {
  /** Seconds between announcements of the caller's position; 0 = never. */
  readonly everySeconds: number;
  readonly position: boolean;
  readonly expectedWait: boolean;
}

export const queueDefaults = {
  strategy: 'ring-all',
  ringSeconds: 20,
  minRingSeconds: 5,
  maxRingSeconds: 300,
  wrapUpSeconds: 10,
  maxWrapUpSeconds: 600,
  retrySeconds: 5,
  minRetrySeconds: 1,
  maxRetrySeconds: 300,
  maxCallers: 20,
  maxMaxCallers: 1000,
  maxWaitSeconds: 600,
  minMaxWaitSeconds: 10,
  maxMaxWaitSeconds: 7200,
  whenNoMember: 'join',
  announceEverySeconds: 60,
  minAnnounceEverySeconds: 15,
  maxAnnounceEverySeconds: 600,
  maxMembers: 100,
} as const satisfies Record<string, string | number>;
