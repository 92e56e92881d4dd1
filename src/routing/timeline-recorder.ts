import type { TimelineEntry } from '../domain/call-timeline.ts';
import { destinationKey } from '../domain/destination.ts';
import type { CallEvent } from './call-event.ts';
import type { LegId, LegSpec, Step } from './step.ts';

/** What the recorder adds to a timeline entry; time is the caller's to give. */
export type TimelineFact = Omit<TimelineEntry, 'atSeconds' | 'at'>;

/**
 * Writes a call's timeline from what its driver sees: the events it reports to the engine and the
 * steps it executes. The simulator and call control both record through this one class, so a
 * simulated call and a real call with the same behaviour produce the same entries.
 */
export class TimelineRecorder {
  readonly #entries: TimelineEntry[] = [];
  readonly #legs = new Map<LegId, LegSpec>();
  readonly #queues = new Set<string>();
  readonly #startedAt: number;

  /** `startedAt`: when the call arrived, epoch milliseconds (`facts.at`). */
  constructor(startedAt: number) {
    this.#startedAt = startedAt;
  }

  get entries(): readonly TimelineEntry[] {
    return this.#entries;
  }

  /** The leg a ring step started, if any. */
  leg(legId: LegId): LegSpec | undefined {
    return this.#legs.get(legId);
  }

  /** An event the driver is about to hand to the engine. Timers are the engine's own and leave no entry. */
  event(event: CallEvent, atSeconds: number): void {
    switch (event.type) {
      case 'callerHungUp':
        this.add(atSeconds, { event: 'callerHungUp' });
        return;
      case 'timer':
        return;
      case 'rejected':
        this.add(atSeconds, { event: 'rejected', ...this.legDetails(event.legId), ...(event.status ? { status: event.status } : {}) });
        return;
      case 'refused':
        this.add(atSeconds, { event: 'refused', ...this.legDetails(event.legId), reason: event.reason });
        return;
      case 'digits':
        this.add(atSeconds, { event: 'digits', digits: event.digits });
        return;
      case 'whisperDone':
        this.add(atSeconds, { event: event.accepted ? 'whisperAccepted' : 'whisperNotAccepted', ...this.legDetails(event.legId) });
        return;
      case 'promptDone':
      case 'queueState':
        // The end of a prompt and the queue's comings and goings show through what the engine does next.
        return;
      default:
        this.add(atSeconds, { event: event.type, ...this.legDetails(event.legId) });
    }
  }

  /**
   * A step the driver executes; only those a person would notice leave an entry. `notPlaced`: legs of
   * a ring step the driver refused to place (their `refused` event follows), which never rang.
   */
  step(step: Step, atSeconds: number, notPlaced: ReadonlySet<LegId> = new Set()): void {
    switch (step.type) {
      case 'ring':
        for (const leg of step.legs) {
          this.#legs.set(leg.legId, leg);
          if (!notPlaced.has(leg.legId)) this.add(atSeconds, { event: 'ringing', ...this.legDetails(leg.legId) });
        }
        return;
      case 'cancel':
        for (const legId of step.legIds) this.add(atSeconds, { event: 'cancelled', ...this.legDetails(legId), reason: step.reason });
        return;
      case 'connect':
        this.add(atSeconds, { event: 'connected', ...this.legDetails(step.legId) });
        return;
      case 'reject':
        this.add(atSeconds, { event: 'callRejected', status: step.status, reason: step.reason });
        return;
      case 'hangup':
        this.add(atSeconds, { event: 'hungUp', reason: step.reason });
        return;
      case 'answer':
        this.add(atSeconds, { event: 'callAnswered' });
        return;
      case 'play':
        this.add(atSeconds, { event: 'prompt', text: step.prompt.text });
        return;
      case 'whisper':
        this.add(atSeconds, { event: 'whisper', ...this.legDetails(step.legId), text: step.text });
        return;
      case 'joinQueue':
        this.#queues.add(step.queueId);
        this.add(atSeconds, { event: 'queueJoined', queueId: step.queueId });
        return;
      case 'leaveQueue':
        // Only a caller who joined left; an overflow decided on the first look never joined.
        if (this.#queues.delete(step.queueId)) this.add(atSeconds, { event: 'queueLeft', queueId: step.queueId, reason: step.outcome });
        return;
      case 'startTimer':
      case 'cancelTimer':
      case 'watchQueue':
        return;
    }
  }

  /** Anything else worth showing (a hang-up after the call was connected). */
  add(atSeconds: number, fact: TimelineFact): void {
    this.#entries.push({ atSeconds, at: new Date(this.#startedAt + atSeconds * 1000).toISOString(), ...fact });
  }

  /** The leg's id, destination (E.164 or SIP URI) and label, as far as a ring step named them. */
  legDetails(legId: LegId): { legId: LegId; destination?: string; label?: string } {
    const leg = this.#legs.get(legId);
    if (!leg) return { legId };
    return leg.label
      ? { legId, destination: destinationKey(leg.destination), label: leg.label }
      : { legId, destination: destinationKey(leg.destination) };
  }
}
