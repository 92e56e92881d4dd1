import type { CallEvent } from './call-event.ts';
import type { CallNumberRef } from './call-state.ts';
import type { Decision } from './decision.ts';
import { next, start } from './engine.ts';
import { sipStatusFor } from './hangup-step.ts';
import { RoutingError } from './routing-error.ts';
import type { Behaviour, SimulationOptions, SimulationOutcome, SimulationResult, SimulationTraceEntry } from './simulation.ts';
import { SimulationQueue } from './simulation-queue.ts';
import type { RoutingSnapshot } from './snapshot.ts';
import type { LegId, LegSpec, PlayStep, Step, WhisperStep } from './step.ts';
import { TimelineRecorder } from './timeline-recorder.ts';
import { legRefusal } from './leg-guard.ts';
import { SimulatedQueue, spokenSeconds } from './simulated-queue.ts';
import type { QueueId } from '../domain/ids.ts';

const defaultMaxEvents = 10_000;

/**
 * Runs one call through the engine on a virtual clock, with scripted destinations. It drives the
 * engine exactly as call control does — `start`, then `next` per event, executing every step — so
 * what it shows is what a live call on the same snapshot does. Pure: no timers, no clock.
 */
export function simulate(snapshot: RoutingSnapshot, options: SimulationOptions): SimulationResult {
  return new SimulatedCall(snapshot, options).run();
}

class SimulatedCall {
  private readonly queue = new SimulationQueue();
  private readonly timeline: TimelineRecorder;
  private readonly trace: SimulationTraceEntry[] = [];
  private now = 0;
  private rangSomeone = false;
  private outcome: SimulationOutcome | null = null;
  private number: CallNumberRef | null = null;
  /** How each leg that rang behaves, for what it does after answering (a whisper). */
  private readonly behaviours = new Map<LegId, Behaviour>();
  /** Queues the call watches now. */
  private readonly watched = new Map<QueueId, SimulatedQueue>();
  /** Menu prompts played so far: the index of the next `digits` entry. */
  private promptsCollected = 0;
  private readonly snapshot: RoutingSnapshot;
  private readonly options: SimulationOptions;

  constructor(snapshot: RoutingSnapshot, options: SimulationOptions) {
    this.snapshot = snapshot;
    this.options = options;
    this.timeline = new TimelineRecorder(options.facts.at);
  }

  run(): SimulationResult {
    const maxEvents = this.options.maxEvents ?? defaultMaxEvents;
    let decision = start(this.snapshot, this.options.facts);
    this.apply(decision);
    const hangUpAfter = this.options.callerHangsUpAfterSeconds;
    if (!decision.done && hangUpAfter !== undefined) this.queue.schedule(Math.max(0, hangUpAfter), { type: 'callerHungUp' });

    let delivered = 0;
    while (!decision.done) {
      const due = this.queue.shift();
      if (!due) throw new RoutingError('simulation_stalled', 'The call waits for an event, but no leg or timer is pending');
      delivered += 1;
      if (delivered > maxEvents) throw new RoutingError('simulation_runaway', `The call did not finish within ${maxEvents} events`);
      this.now = due.atSeconds;
      this.record(due.event);
      decision = next(this.snapshot, decision.state, due.event);
      this.apply(decision);
    }
    this.queue.clear();
    if (!this.outcome) throw new RoutingError('invalid_state', 'The engine ended the call without connecting, refusing or losing the caller');
    return { outcome: this.outcome, timeline: this.timeline.entries, trace: this.trace };
  }

  /** Adds what the driver saw happen to the timeline, before the engine hears about it. */
  private record(event: CallEvent): void {
    this.timeline.event(event, this.now);
    // Only delivered while the call is still routing, so this is how it ends.
    if (event.type === 'callerHungUp') this.outcome = { result: 'callerHungUp', atSeconds: this.now };
  }

  private apply(decision: Decision): void {
    this.number = decision.state.number;
    for (const entry of decision.trace) this.trace.push({ ...entry, atSeconds: this.now });
    for (const step of decision.steps) this.execute(step);
  }

  private execute(step: Step): void {
    const refusals = new Map<LegId, string>();
    if (step.type === 'ring') {
      for (const leg of step.legs) {
        const refusal = this.refusalOf(leg);
        if (refusal !== null) refusals.set(leg.legId, refusal);
      }
    }
    this.timeline.step(step, this.now, new Set(refusals.keys()));
    switch (step.type) {
      case 'ring':
        for (const leg of step.legs) {
          const refusal = refusals.get(leg.legId);
          if (refusal !== undefined) {
            this.queue.schedule(this.now, { type: 'refused', legId: leg.legId, reason: refusal });
            continue;
          }
          this.rangSomeone = true;
          const behaviour = this.options.behaviourFor(leg);
          this.behaviours.set(leg.legId, behaviour);
          this.scheduleBehaviour(leg, behaviour);
        }
        return;
      case 'cancel': {
        const cancelled = new Set<string>(step.legIds);
        this.queue.drop((event) => 'legId' in event && cancelled.has(event.legId));
        return;
      }
      case 'connect': {
        const details = this.timeline.legDetails(step.legId);
        this.outcome = {
          result: 'answered',
          legId: step.legId,
          destination: details.destination ?? step.legId,
          ...(details.label ? { label: details.label } : {}),
          atSeconds: this.now,
        };
        return;
      }
      case 'startTimer':
        this.queue.schedule(this.now + step.seconds, { type: 'timer', timerId: step.timerId });
        return;
      case 'cancelTimer':
        this.queue.drop((event) => event.type === 'timer' && event.timerId === step.timerId);
        return;
      case 'reject':
        this.outcome = { result: this.rangSomeone ? 'noAnswer' : 'rejected', status: step.status, reason: step.reason, atSeconds: this.now };
        return;
      case 'hangup':
        this.outcome = { result: 'hungUp', reason: step.reason, atSeconds: this.now };
        return;
      case 'answer':
        return;
      case 'play':
        return this.play(step);
      case 'whisper':
        return this.whisper(step);
      case 'watchQueue':
        return this.watch(step.queueId);
      case 'joinQueue':
        return;
      case 'leaveQueue':
        this.watched.delete(step.queueId);
        this.queue.drop((event) => event.type === 'queueState' && event.queueId === step.queueId);
        return;
    }
  }

  /** A prompt plays for as long as it takes to say; the caller's keys for a menu come as it ends. */
  private play(step: PlayStep): void {
    const ends = this.now + spokenSeconds(step.prompt.text);
    if (!step.collect) {
      this.queue.schedule(ends, { type: 'promptDone', playId: step.playId });
      return;
    }
    const pressed = (this.options.digits?.[this.promptsCollected] ?? '').slice(0, step.collect.maxDigits);
    this.promptsCollected += 1;
    this.queue.schedule(pressed === '' ? ends + step.collect.timeoutSeconds : ends, { type: 'digits', playId: step.playId, digits: pressed });
  }

  /** The person who answered hears the whisper; a voicemail never presses the key that accepts. */
  private whisper(step: WhisperStep): void {
    const ends = this.now + spokenSeconds(step.text);
    const voicemail = this.behaviours.get(step.legId) === 'voicemail';
    if (step.accept && voicemail) {
      this.queue.schedule(ends + step.accept.timeoutSeconds, { type: 'whisperDone', legId: step.legId, accepted: false });
      return;
    }
    this.queue.schedule(ends, { type: 'whisperDone', legId: step.legId, accepted: true });
  }

  /** Reports the queue now and at each moment its script changes it. */
  private watch(queueId: QueueId): void {
    const organizationId = this.number?.organizationId;
    const config = organizationId ? this.snapshot.organization(organizationId)?.queues.get(queueId) : undefined;
    const script = this.options.queues?.[queueId] ?? {};
    const queue = new SimulatedQueue(queueId, script, config?.members.length ?? 0, this.options.facts.at);
    this.watched.set(queueId, queue);
    this.queue.schedule(this.now, { type: 'queueState', queueId, view: queue.viewAt(this.now) });
    for (const at of queue.changeTimes()) {
      if (at > this.now) this.queue.schedule(at, { type: 'queueState', queueId, view: queue.viewAt(at) });
    }
  }

  /** The same guard call control applies before it places a leg. */
  private refusalOf(leg: LegSpec): string | null {
    const organizationId = this.number?.organizationId;
    const organization = organizationId ? this.snapshot.organization(organizationId)?.organization : undefined;
    return organization ? legRefusal(organization, leg.destination) : null;
  }

  private scheduleBehaviour(leg: LegSpec, behaviour: Behaviour): void {
    const { legId, ringSeconds } = leg;
    const noAnswerAt = this.now + ringSeconds;
    if (typeof behaviour === 'object') {
      const after = behaviour.answerAfterSeconds;
      if (!Number.isFinite(after) || after < 0) throw new RangeError(`answerAfterSeconds must be 0 or more, got ${after}`);
      // The driver ends the leg when its ring time is over, so a later answer never comes.
      if (after < ringSeconds) this.queue.schedule(this.now + after, { type: 'answered', legId });
      else this.queue.schedule(noAnswerAt, { type: 'noAnswer', legId });
      return;
    }
    switch (behaviour) {
      case 'answer':
      case 'voicemail':
        this.queue.schedule(this.now, { type: 'answered', legId });
        return;
      case 'noAnswer':
        this.queue.schedule(noAnswerAt, { type: 'noAnswer', legId });
        return;
      case 'busy':
        this.queue.schedule(this.now, { type: 'busy', legId });
        return;
      case 'unreachable':
        this.queue.schedule(this.now, { type: 'unreachable', legId });
        return;
      case 'reject':
        this.queue.schedule(this.now, { type: 'rejected', legId, status: sipStatusFor('declined') });
        return;
    }
  }
}
