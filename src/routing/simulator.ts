import { destinationKey } from '../domain/destination.ts';
import type { CallEvent } from './call-event.ts';
import type { Decision } from './decision.ts';
import { next, start } from './engine.ts';
import { sipStatusFor } from './hangup-step.ts';
import { RoutingError } from './routing-error.ts';
import type { Behaviour, SimulationOptions, SimulationOutcome, SimulationResult, SimulationTraceEntry, TimelineEntry } from './simulation.ts';
import { SimulationQueue } from './simulation-queue.ts';
import type { RoutingSnapshot } from './snapshot.ts';
import type { LegId, LegSpec, RejectReason, Step } from './step.ts';

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
  private readonly legs = new Map<LegId, LegSpec>();
  private readonly timeline: TimelineEntry[] = [];
  private readonly trace: SimulationTraceEntry[] = [];
  private now = 0;
  private rangSomeone = false;
  private outcome: SimulationOutcome | null = null;
  private readonly snapshot: RoutingSnapshot;
  private readonly options: SimulationOptions;

  constructor(snapshot: RoutingSnapshot, options: SimulationOptions) {
    this.snapshot = snapshot;
    this.options = options;
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
    return { outcome: this.outcome, timeline: this.timeline, trace: this.trace };
  }

  /** Adds what the driver saw happen to the timeline, before the engine hears about it. */
  private record(event: CallEvent): void {
    switch (event.type) {
      case 'callerHungUp':
        // Only delivered while the call is still routing, so this is how it ends.
        this.log({ event: 'callerHungUp' });
        this.outcome = { result: 'callerHungUp', atSeconds: this.now };
        return;
      case 'timer':
        return;
      case 'rejected':
        this.log({ event: 'rejected', ...this.legDetails(event.legId), ...(event.status ? { status: event.status } : {}) });
        return;
      default:
        this.log({ event: event.type, ...this.legDetails(event.legId) });
    }
  }

  private apply(decision: Decision): void {
    for (const entry of decision.trace) this.trace.push({ ...entry, atSeconds: this.now });
    for (const step of decision.steps) this.execute(step);
  }

  private execute(step: Step): void {
    switch (step.type) {
      case 'ring':
        for (const leg of step.legs) {
          this.legs.set(leg.legId, leg);
          this.rangSomeone = true;
          this.log({ event: 'ringing', ...this.legDetails(leg.legId) });
          this.scheduleBehaviour(leg, this.options.behaviourFor(leg));
        }
        return;
      case 'cancel': {
        const cancelled = new Set<string>(step.legIds);
        this.queue.drop((event) => 'legId' in event && cancelled.has(event.legId));
        for (const legId of step.legIds) this.log({ event: 'cancelled', ...this.legDetails(legId), reason: step.reason });
        return;
      }
      case 'connect': {
        const details = this.legDetails(step.legId);
        this.log({ event: 'connected', ...details });
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
        this.refuse(step.status, step.reason);
        return;
      case 'hangup':
        // Only emitted after the caller's leg was answered by a prompt; here it ends the call the same way.
        this.refuse(sipStatusFor(step.reason), step.reason);
        return;
    }
  }

  private refuse(status: number, reason: RejectReason): void {
    this.log({ event: 'callRejected', status, reason });
    this.outcome = { result: this.rangSomeone ? 'noAnswer' : 'rejected', status, reason, atSeconds: this.now };
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

  private legDetails(legId: LegId): { legId: LegId; destination?: string; label?: string } {
    const leg = this.legs.get(legId);
    if (!leg) return { legId };
    return leg.label
      ? { legId, destination: destinationKey(leg.destination), label: leg.label }
      : { legId, destination: destinationKey(leg.destination) };
  }

  private log(entry: Omit<TimelineEntry, 'atSeconds' | 'at'>): void {
    this.timeline.push({ atSeconds: this.now, at: new Date(this.options.facts.at + this.now * 1000).toISOString(), ...entry });
  }
}
