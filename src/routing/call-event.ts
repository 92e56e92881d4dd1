import type { QueueId } from '../domain/ids.ts';
import type { QueueView } from './queue-view.ts';
import type { LegId, PlayId, TimerId } from './step.ts';

/**
 * A fact the driver reports about a call in progress. Events for a leg that already ended, or for a
 * timer that was cancelled or replaced, are expected (the network races the engine) and are ignored
 * with a trace entry.
 */
export type CallEvent =
  | { readonly type: 'answered'; readonly legId: LegId }
  | { readonly type: 'busy'; readonly legId: LegId }
  | { readonly type: 'noAnswer'; readonly legId: LegId }
  | { readonly type: 'unreachable'; readonly legId: LegId }
  /** The destination refused the call (e.g. declined on a mobile); `status` is its SIP final status. */
  | { readonly type: 'rejected'; readonly legId: LegId; readonly status?: number }
  /**
   * The driver did not place this leg at all, for a reason of its own that the engine cannot see in
   * the destination (the toll-fraud guard: a country the organization does not allow).
   */
  | { readonly type: 'refused'; readonly legId: LegId; readonly reason: string }
  | { readonly type: 'callerHungUp' }
  | { readonly type: 'timer'; readonly timerId: TimerId }
  /** A prompt without digit collection finished playing. */
  | { readonly type: 'promptDone'; readonly playId: PlayId }
  /** What the caller keyed in for a prompt that collects digits; `''` when nothing came in time. */
  | { readonly type: 'digits'; readonly playId: PlayId; readonly digits: string }
  /** The whisper to an answered leg ended: accepted (or no acceptance asked), or not. */
  | { readonly type: 'whisperDone'; readonly legId: LegId; readonly accepted: boolean }
  /** The queue the call watches, as it stands now. */
  | { readonly type: 'queueState'; readonly queueId: QueueId; readonly view: QueueView };

export type CallEventType = CallEvent['type'];

/** The events that end one outbound leg without it being answered. */
export type LegFailureEvent = Extract<CallEvent, { type: 'busy' | 'noAnswer' | 'unreachable' | 'rejected' | 'refused' }>;
