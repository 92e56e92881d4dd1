import type { AnnouncementProgress } from './call-state.ts';
import type { CallEvent } from './call-event.ts';
import { ruleName, type CompiledAnnouncement, type TargetPathSegment } from './compiled-target.ts';
import type { TargetContext } from './target-context.ts';
import type { TargetOutcome } from './target-outcome.ts';

/** Answers the caller and plays the announcement; the call goes on to `then` when it has played. */
export function beginAnnouncement(context: TargetContext, target: CompiledAnnouncement, path: readonly TargetPathSegment[]): TargetOutcome<AnnouncementProgress> {
  const { builder } = context;
  const rule = ruleName(path);
  context.answerCaller(rule);
  const playId = builder.newPlayId();
  builder.step({ type: 'play', playId, prompt: target.prompt });
  builder.note('announcement.playing', `The caller hears: "${target.prompt.text}"`, { rule, playId });
  return { kind: 'waiting', progress: { kind: 'announcement', path, playId } };
}

export function continueAnnouncement(context: TargetContext, progress: AnnouncementProgress, event: CallEvent): TargetOutcome<AnnouncementProgress> {
  const { builder } = context;
  const rule = ruleName(progress.path);
  if (event.type === 'callerHungUp') {
    builder.note('call.callerHungUp', 'The caller hung up during the announcement.', { rule });
    return { kind: 'ended', legIds: [] };
  }
  if (event.type === 'promptDone' && event.playId === progress.playId) {
    builder.note('announcement.done', 'The announcement has played.', { rule, playId: event.playId });
    return { kind: 'goTo', segment: 'then', legIds: [] };
  }
  builder.note('event.ignored', `Ignored "${event.type}": the call is playing an announcement.`, { rule });
  return { kind: 'waiting', progress };
}
