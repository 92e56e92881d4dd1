import type { Queue } from '../domain/queue.ts';
import type { CallEvent, LegFailureEvent } from './call-event.ts';
import type { LegStatus, QueueLegState, QueueProgress } from './call-state.ts';
import { ruleName, type CompiledQueue, type TargetPathSegment } from './compiled-target.ts';
import { pickMembers, strategyWords } from './queue-pick.ts';
import type { QueueView } from './queue-view.ts';
import { readableDestination, readableSeconds } from './readable-text.ts';
import { isActive } from './ring-step.ts';
import type { LegId, LegSpec, QueueOutcome, TimerId } from './step.ts';
import type { TargetContext } from './target-context.ts';
import type { TargetOutcome } from './target-outcome.ts';

type QueueResult = TargetOutcome<QueueProgress>;

/**
 * Asks the driver for the queue's state: whether the caller may join depends on how many wait and
 * who is free, which only the driver knows. The answer comes as a `queueState` event.
 */
export function beginQueue(context: TargetContext, target: CompiledQueue, path: readonly TargetPathSegment[]): QueueResult {
  const { builder } = context;
  const rule = ruleName(path);
  const queue = context.queue(target.queueId);
  if (!queue) {
    builder.note('queue.missing', `Queue ${target.queueId} no longer exists, so the call goes to the overflow target.`, { rule, queueId: target.queueId });
    return { kind: 'goTo', segment: 'overflow', legIds: [] };
  }
  builder.step({ type: 'watchQueue', queueId: target.queueId });
  return {
    kind: 'waiting',
    progress: { kind: 'queue', path, joined: false, view: null, legs: [], tried: [], maxWaitTimer: null, announceTimer: null, retryTimer: null, roundRang: false, unreachedRounds: 0 },
  };
}

export function continueQueue(context: TargetContext, target: CompiledQueue, progress: QueueProgress, event: CallEvent): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  const queue = context.queue(target.queueId);
  if (!queue) {
    builder.note('queue.missing', `Queue ${target.queueId} no longer exists, so the call goes to the overflow target.`, { rule, queueId: target.queueId });
    return leave(context, target, progress, 'overflow', 'overflow');
  }
  switch (event.type) {
    case 'callerHungUp':
      builder.note('call.callerHungUp', progress.joined ? 'The caller hung up while waiting in the queue.' : 'The caller hung up.', { rule });
      return leave(context, target, progress, 'callerHungUp', null);
    case 'queueState':
      if (event.queueId !== target.queueId) break;
      return progress.joined ? tryRing(context, queue, target, { ...progress, view: event.view }) : join(context, queue, target, progress, event.view);
    case 'timer':
      return onTimer(context, queue, target, progress, event.timerId);
    case 'answered':
      return memberAnswered(context, queue, target, progress, event.legId);
    case 'whisperDone':
      return whisperDone(context, queue, target, progress, event.legId, event.accepted);
    case 'busy':
    case 'noAnswer':
    case 'unreachable':
    case 'rejected':
    case 'refused':
      return memberFailed(context, queue, target, progress, event);
    case 'promptDone':
      // A position announcement ended; the caller hears the queue's music again.
      return { kind: 'waiting', progress };
    case 'digits':
      break;
  }
  builder.note('event.ignored', `Ignored "${event.type}": the caller waits in queue "${queue.name}".`, { rule });
  return { kind: 'waiting', progress };
}

/** The first report of the queue: the caller joins, or goes to overflow when it is full or nobody can take calls. */
function join(context: TargetContext, queue: Queue, target: CompiledQueue, progress: QueueProgress, view: QueueView): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  const queueId = target.queueId;
  const free = availableMembers(queue, view).length;
  if (view.callersAhead >= queue.maxCallers) {
    builder.note('queue.full', `Queue "${queue.name}" is full: ${view.callersAhead} callers wait, at most ${queue.maxCallers} may.`, { rule, queueId });
    return leave(context, target, progress, 'overflow', 'overflow');
  }
  if (free === 0 && queue.whenNoMember === 'overflow') {
    const why = queue.members.length === 0 ? 'it has no members' : 'none of its members is free';
    builder.note('queue.noMember', `Queue "${queue.name}" sends callers on when nobody can take the call, and ${why}.`, { rule, queueId });
    return leave(context, target, progress, 'overflow', 'overflow');
  }
  context.answerCaller(rule);
  builder.step({ type: 'joinQueue', queueId });
  const position = view.callersAhead + 1;
  builder.note(
    'queue.joined',
    `The caller waits in queue "${queue.name}" at position ${position}; ${free} of ${queue.members.length} members free; at most ${readableSeconds(queue.maxWaitSeconds)} of waiting.`,
    { rule, queueId },
  );
  const maxWaitTimer = builder.newTimerId();
  builder.step({ type: 'startTimer', timerId: maxWaitTimer, seconds: queue.maxWaitSeconds });
  let joined: QueueProgress = { ...progress, joined: true, view, maxWaitTimer };
  if (announces(queue)) {
    announce(context, queue, joined, rule);
    joined = { ...joined, announceTimer: startAnnounceTimer(context, queue) };
  }
  return tryRing(context, queue, target, joined);
}

/**
 * Rings the next member(s) for this caller when it is their turn (nobody ahead) and nothing rings for
 * them yet. When every free member was tried this round, the next round starts after `retrySeconds`.
 */
function tryRing(context: TargetContext, queue: Queue, target: CompiledQueue, progress: QueueProgress): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  const view = progress.view;
  if (!view || progress.legs.some((leg) => isActive(leg.status)) || view.callersAhead > 0) return { kind: 'waiting', progress };
  const free = availableMembers(queue, view);
  const untried = free.filter((member) => !progress.tried.includes(member));
  if (untried.length === 0) {
    if (free.length === 0 || progress.retryTimer) return { kind: 'waiting', progress };
    // A round in which every member was busy or unreachable at once is tried again after a wait that
    // doubles each time (up to a minute), so a queue of busy phones is not rung every second for hours.
    const unreachedRounds = progress.roundRang ? 0 : progress.unreachedRounds + 1;
    const seconds = retryDelay(queue.retrySeconds, unreachedRounds);
    const retryTimer = builder.newTimerId();
    builder.step({ type: 'startTimer', timerId: retryTimer, seconds });
    const why = progress.roundRang ? 'nobody took the call' : 'none of them could take a call (busy or unreachable)';
    builder.note('queue.nextRound', `Every free member was rung and ${why}; the next round starts in ${readableSeconds(seconds)}.`, {
      rule,
      queueId: target.queueId,
      timerId: retryTimer,
    });
    return { kind: 'waiting', progress: { ...progress, retryTimer, unreachedRounds } };
  }
  const picked = pickMembers(queue, view, untried);
  const specs: LegSpec[] = [];
  const legs: QueueLegState[] = [];
  for (const member of picked) {
    const { destination, label } = queue.members[member]!;
    const legId = builder.newLegId();
    specs.push({ legId, destination, ...(label !== undefined ? { label } : {}), ringSeconds: queue.ringSeconds, queue: { queueId: target.queueId, member } });
    legs.push({ legId, member, status: 'ringing' });
    builder.note(
      'queue.memberRinging',
      `Ringing ${readableDestination(destination, label)} for ${readableSeconds(queue.ringSeconds)} (${strategyWords[queue.strategy]}).`,
      { rule, legId, queueId: target.queueId },
    );
  }
  builder.step({ type: 'ring', legs: specs });
  return { kind: 'waiting', progress: { ...progress, legs: [...progress.legs, ...legs], tried: [...progress.tried, ...picked] } };
}

function onTimer(context: TargetContext, queue: Queue, target: CompiledQueue, progress: QueueProgress, timerId: TimerId): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  if (timerId === progress.maxWaitTimer) {
    builder.note('queue.timeout', `The caller waited ${readableSeconds(queue.maxWaitSeconds)} in queue "${queue.name}", the most it allows.`, {
      rule,
      queueId: target.queueId,
      timerId,
    });
    return leave(context, target, { ...progress, maxWaitTimer: null }, 'timeout', 'overflow');
  }
  if (timerId === progress.announceTimer) {
    announce(context, queue, progress, rule);
    return { kind: 'waiting', progress: { ...progress, announceTimer: startAnnounceTimer(context, queue) } };
  }
  if (timerId === progress.retryTimer) {
    return tryRing(context, queue, target, { ...progress, retryTimer: null, tried: [], roundRang: false });
  }
  builder.note('timer.stale', `Ignored ${timerId}: it was cancelled or replaced before it fired.`, { rule, timerId });
  return { kind: 'waiting', progress };
}

function memberAnswered(context: TargetContext, queue: Queue, target: CompiledQueue, progress: QueueProgress, legId: LegId): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  const leg = progress.legs.find((l) => l.legId === legId);
  if (!leg || leg.status !== 'ringing') {
    builder.note('leg.stale', `Ignored an answer from ${legId}: it had already stopped ringing.`, { rule, legId });
    return { kind: 'waiting', progress };
  }
  const who = memberName(queue, leg.member);
  builder.note('leg.answered', `${who} answered.`, { rule, legId });
  if (target.whisper) {
    const step = context.ring.whisper(target.whisper, legId);
    builder.step(step);
    const accept = step.accept ? `, and must press ${step.accept.key} within ${readableSeconds(step.accept.timeoutSeconds)} to take the call` : '';
    builder.note('leg.whisper', `${who} hears "${step.text}" before being put through${accept}.`, { rule, legId });
    return { kind: 'waiting', progress: { ...progress, legs: withStatus(progress.legs, legId, 'whispering') } };
  }
  return putThrough(context, queue, target, progress, leg);
}

function whisperDone(context: TargetContext, queue: Queue, target: CompiledQueue, progress: QueueProgress, legId: LegId, accepted: boolean): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  const leg = progress.legs.find((l) => l.legId === legId);
  if (!leg || leg.status !== 'whispering') {
    builder.note('leg.stale', `Ignored the end of a whisper to ${legId}: it was not hearing one.`, { rule, legId });
    return { kind: 'waiting', progress };
  }
  const who = memberName(queue, leg.member);
  if (accepted) {
    builder.note('leg.accepted', `${who} took the call.`, { rule, legId });
    return putThrough(context, queue, target, progress, leg);
  }
  builder.note('leg.notAccepted', `${who} did not accept the call (a voicemail, or no key pressed), so the queue tries someone else.`, { rule, legId });
  return tryRing(context, queue, target, { ...progress, legs: withStatus(progress.legs, legId, 'notAccepted'), roundRang: true });
}

function memberFailed(context: TargetContext, queue: Queue, target: CompiledQueue, progress: QueueProgress, event: LegFailureEvent): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  const leg = progress.legs.find((l) => l.legId === event.legId);
  if (!leg || !isActive(leg.status)) {
    builder.note('leg.stale', `Ignored "${event.type}" from ${event.legId}: it had already stopped ringing.`, { rule, legId: event.legId });
    return { kind: 'waiting', progress };
  }
  const who = memberName(queue, leg.member);
  const what: Record<LegFailureEvent['type'], string> = {
    busy: 'is busy',
    noAnswer: `did not answer within ${readableSeconds(queue.ringSeconds)}`,
    unreachable: 'could not be reached',
    rejected: 'refused the call',
    refused: `was not called: ${event.type === 'refused' ? event.reason : ''}`,
  };
  builder.note(`leg.${event.type}`, `${who} ${what[event.type]}.`, { rule, legId: event.legId });
  const rang = progress.roundRang || event.type === 'noAnswer';
  return tryRing(context, queue, target, { ...progress, legs: withStatus(progress.legs, event.legId, event.type), roundRang: rang });
}

/** The longest wait between rounds that found nobody reachable. */
const maxUnreachedWaitSeconds = 60;

/** `retrySeconds` after a round that rang someone; doubling after each round in a row that reached nobody. */
export function retryDelay(retrySeconds: number, unreachedRounds: number): number {
  if (unreachedRounds <= 1) return retrySeconds;
  const cap = Math.max(retrySeconds, maxUnreachedWaitSeconds);
  return Math.min(cap, retrySeconds * 2 ** Math.min(unreachedRounds - 1, 20));
}

function putThrough(context: TargetContext, queue: Queue, target: CompiledQueue, progress: QueueProgress, leg: QueueLegState): QueueResult {
  const { builder } = context;
  const rule = ruleName(progress.path);
  const who = memberName(queue, leg.member);
  stopLegs(context, queue, progress, 'answered-elsewhere', `${who} answered first`, leg.legId);
  stopTimers(context, progress);
  builder.step({ type: 'leaveQueue', queueId: target.queueId, outcome: 'answered', member: leg.member });
  builder.step({ type: 'connect', legId: leg.legId });
  builder.note('call.connected', `The caller is connected to ${who}.`, { rule, legId: leg.legId });
  return { kind: 'connected', legId: leg.legId, legIds: progress.legs.map((l) => l.legId) };
}

/** Takes the caller out of the queue (or stops asking about it): to the overflow target, or the call is over. */
function leave(context: TargetContext, target: CompiledQueue, progress: QueueProgress, outcome: QueueOutcome, then: 'overflow' | null): QueueResult {
  const { builder } = context;
  const queue = context.queue(target.queueId);
  if (queue) stopLegs(context, queue, progress, outcome === 'callerHungUp' ? 'caller-hung-up' : 'superseded', outcome === 'callerHungUp' ? 'the caller hung up' : 'the caller left the queue');
  stopTimers(context, progress);
  builder.step({ type: 'leaveQueue', queueId: target.queueId, outcome });
  const legIds = progress.legs.map((l) => l.legId);
  if (then === null) return { kind: 'ended', legIds };
  builder.note('queue.overflow', 'The call goes to the queue\'s overflow target.', { rule: ruleName(progress.path), queueId: target.queueId });
  return { kind: 'goTo', segment: 'overflow', legIds };
}

function stopLegs(context: TargetContext, queue: Queue, progress: QueueProgress, reason: 'answered-elsewhere' | 'caller-hung-up' | 'superseded', because: string, except?: LegId): void {
  const { builder } = context;
  const active = progress.legs.filter((leg) => isActive(leg.status) && leg.legId !== except);
  if (active.length === 0) return;
  builder.step({ type: 'cancel', legIds: active.map((leg) => leg.legId), reason });
  for (const leg of active) builder.note('leg.cancelled', `Stopped ringing ${memberName(queue, leg.member)}: ${because}.`, { rule: ruleName(progress.path), legId: leg.legId });
}

function stopTimers(context: TargetContext, progress: QueueProgress): void {
  for (const timerId of [progress.maxWaitTimer, progress.announceTimer, progress.retryTimer]) {
    if (timerId) context.builder.step({ type: 'cancelTimer', timerId });
  }
}

function announces(queue: Queue): boolean {
  const { everySeconds, position, expectedWait } = queue.announcements;
  return everySeconds > 0 && (position || expectedWait);
}

function startAnnounceTimer(context: TargetContext, queue: Queue): TimerId {
  const timerId = context.builder.newTimerId();
  context.builder.step({ type: 'startTimer', timerId, seconds: queue.announcements.everySeconds });
  return timerId;
}

/** "You are caller number 2. The expected wait is about 3 minutes." — what the queue knows, nothing it does not. */
function announce(context: TargetContext, queue: Queue, progress: QueueProgress, rule: string): void {
  const view = progress.view;
  if (!view) return;
  const sentences: string[] = [];
  if (queue.announcements.position) sentences.push(`You are caller number ${view.callersAhead + 1} in the queue.`);
  if (queue.announcements.expectedWait && view.averageWaitSeconds !== null) {
    const minutes = Math.max(1, Math.round(view.averageWaitSeconds / 60));
    sentences.push(`The expected wait is about ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
  if (sentences.length === 0) return;
  const playId = context.builder.newPlayId();
  const text = sentences.join(' ');
  context.builder.step({ type: 'play', playId, prompt: { text } });
  context.builder.note('queue.announcement', `The caller hears: "${text}"`, { rule, playId });
}

/** Members the view reports available (a member the view does not list counts as available). */
function availableMembers(queue: Queue, view: QueueView): number[] {
  const free: number[] = [];
  for (let member = 0; member < queue.members.length; member++) {
    if ((view.members[member]?.state ?? 'available') === 'available') free.push(member);
  }
  return free;
}

function memberName(queue: Queue, member: number): string {
  const entry = queue.members[member];
  return entry ? readableDestination(entry.destination, entry.label) : `member ${member + 1}`;
}

function withStatus(legs: readonly QueueLegState[], legId: LegId, status: LegStatus): QueueLegState[] {
  return legs.map((leg) => (leg.legId === legId ? { ...leg, status } : leg));
}
