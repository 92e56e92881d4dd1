/**
 * A queue as one waiting call sees it at one moment: the engine's input for queue decisions. The
 * engine keeps no queue state of its own across calls; whoever drives calls (call control, the
 * simulator) keeps the queue — who waits in which order, which member is busy or wrapping up, whom
 * round-robin rang last — and hands the engine this view. So a simulation can replay any queue state.
 */
export interface QueueView {
  /** Callers waiting in the queue ahead of this call (for a call not yet in it: everyone waiting). */
  readonly callersAhead: number;
  /** Per member of the queue, in the queue's member order. A member missing at the end counts as available. */
  readonly members: readonly QueueMemberView[];
  /** Index of the member round-robin tries first: the one after the member the queue rang last. */
  readonly roundRobinNext: number;
  /** How long callers of this queue recently waited before a member answered, on average; null when unknown. */
  readonly averageWaitSeconds: number | null;
}

export interface QueueMemberView {
  /**
   * `available`: may be rung. `busy`: on a call (or being rung for another caller). `wrapUp`: finished
   * a queue call less than the queue's wrap-up time ago.
   */
  readonly state: 'available' | 'busy' | 'wrapUp';
  /** Since when the member has been idle (epoch ms), for `longest-idle`; absent = never had a queue call. */
  readonly idleSince?: number;
}

/** A queue nobody waits in, with every member available: how a queue looks to the first caller of the day. */
export function idleQueueView(memberCount: number): QueueView {
  return { callersAhead: 0, members: Array.from({ length: memberCount }, () => ({ state: 'available' as const })), roundRobinNext: 0, averageWaitSeconds: null };
}
