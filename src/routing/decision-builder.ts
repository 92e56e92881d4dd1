import type { CallNumberRef } from './call-state.ts';
import type { LegId, PlayId, Step, TimerId } from './step.ts';
import type { TraceCode, TraceEntry } from './trace-entry.ts';

type TraceDetails = Omit<TraceEntry, 'code' | 'message' | 'organizationId' | 'numberId'>;

/**
 * Collects the steps and trace of one decision and hands out fresh leg and timer ids. One builder
 * lives for one `start` or `next` call; the target logic writes into it.
 */
export class DecisionBuilder {
  readonly steps: Step[] = [];
  readonly trace: TraceEntry[] = [];
  private readonly number: CallNumberRef | null;
  private legCounter: number;
  private timerCounter: number;
  private playCounter: number;

  constructor(number: CallNumberRef | null, legsIssued: number, timersIssued: number, playsIssued = 0) {
    this.number = number;
    this.legCounter = legsIssued;
    this.timerCounter = timersIssued;
    this.playCounter = playsIssued;
  }

  get playsIssued(): number {
    return this.playCounter;
  }

  newPlayId(): PlayId {
    this.playCounter += 1;
    return `play-${this.playCounter}` as PlayId;
  }

  get legsIssued(): number {
    return this.legCounter;
  }

  get timersIssued(): number {
    return this.timerCounter;
  }

  newLegId(): LegId {
    this.legCounter += 1;
    return `leg-${this.legCounter}` as LegId;
  }

  newTimerId(): TimerId {
    this.timerCounter += 1;
    return `timer-${this.timerCounter}` as TimerId;
  }

  step(step: Step): void {
    this.steps.push(step);
  }

  note(code: TraceCode, message: string, details: TraceDetails = {}): void {
    const entry: TraceEntry = this.number
      ? { code, message, organizationId: this.number.organizationId, numberId: this.number.numberId, ...details }
      : { code, message, ...details };
    this.trace.push(entry);
  }
}
