import type { AnswerStep, JoinQueueStep, LeaveQueueStep, PlayStep, Step, WatchQueueStep, WhisperStep } from '../../routing/index.ts';
import type { StepHost } from './step-host.ts';

/** Steps that need ringroute's own audio on the call: answering the caller to play prompts, music or a queue. */
export type MediaStep = AnswerStep | PlayStep | WatchQueueStep | JoinQueueStep | LeaveQueueStep;

export function needsMedia(step: Step): step is MediaStep {
  return step.type === 'answer' || step.type === 'play' || step.type === 'watchQueue' || step.type === 'joinQueue' || step.type === 'leaveQueue';
}

/**
 * Menus, announcements and queues are decided by the engine (and shown exactly by the simulator), but
 * playing them needs ringroute's own media, which is not built yet. Until it is, a call that reaches
 * one is refused with 480 Temporarily Unavailable (RFC 3261 §21.4.18) — the caller hears the network's
 * "not available" — and the call record says why. A `leaveQueue` after that has nothing to undo.
 */
export function refuseWithoutMedia(host: StepHost, step: MediaStep): void {
  if (step.type === 'leaveQueue') return;
  const what = step.type === 'watchQueue' || step.type === 'joinQueue' ? 'a queue' : 'a prompt (announcement or menu)';
  const reason = `the flow reached ${what}, which needs ringroute's own audio; that arrives with the media work`;
  host.ledger.timeline.add(host.ledger.elapsed(), { event: 'callRejected', status: 480, reason });
  host.end({ kind: 'refused', status: 480, reason });
}

/**
 * A whisper needs audio too. Rather than refuse a call someone answered, the person is put through at
 * once, as if they had heard and accepted it; the trace still shows the whisper the flow asks for.
 */
export function skipWhisper(host: StepHost, step: WhisperStep): void {
  host.deliver({ type: 'whisperDone', legId: step.legId, accepted: true });
}
