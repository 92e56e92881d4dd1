import type { Queue } from '../domain/queue.ts';
import type { DecisionBuilder } from './decision-builder.ts';
import type { RingContext } from './ring-step.ts';

/** What a running target (menu, announcement, queue) needs from the call around it. */
export interface TargetContext {
  readonly builder: DecisionBuilder;
  /** Answers the caller's leg, once per call, before the first prompt or the queue's music. */
  answerCaller(rule: string): void;
  /** For rings inside the target (a queue's members): roster look-ups and whisper words. */
  readonly ring: RingContext;
  /** The organization's queue with this id, as the call's snapshot holds it. */
  queue(queueId: string): Queue | undefined;
}
