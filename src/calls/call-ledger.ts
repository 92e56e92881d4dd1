import type { CallLegRecord, CallRecord, CallResult, CallerRecord, HangupSide, LegResult } from '../domain/call-record.ts';
import { destinationKey } from '../domain/destination.ts';
import type { CallId, NumberId, OrganizationId, TrunkId } from '../domain/ids.ts';
import { TimelineRecorder, type CallEvent, type LegId, type LegSpec, type Step } from '../routing/index.ts';

interface LegEntry {
  legId: LegId;
  destination: string;
  label: string | undefined;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  result: LegResult | null;
  status: number | undefined;
  reason: string | undefined;
}

export interface CallIdentity {
  readonly id: CallId;
  readonly organizationId: OrganizationId;
  readonly numberId: NumberId | null;
  readonly dialledNumber: string;
  readonly caller: CallerRecord;
  readonly trunkId: TrunkId | null;
  readonly sipCallId: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

/**
 * What a call writes down as it goes: its timeline (through the same recorder the simulator uses),
 * every leg with its times and result, and how it ended. `record()` is the call record at any moment,
 * in progress or finished.
 */
export class CallLedger {
  readonly identity: CallIdentity;
  readonly timeline: TimelineRecorder;
  readonly #legs = new Map<LegId, LegEntry>();
  readonly #now: () => number;
  #rang = false;
  #answeredAt: number | null = null;
  #answeredBy: LegId | null = null;
  #endedAt: number | null = null;
  #result: CallResult | null = null;
  #endCause: string | null = null;
  #hungUpBy: HangupSide | null = null;

  constructor(identity: CallIdentity, now: () => number) {
    this.identity = identity;
    this.#now = now;
    this.timeline = new TimelineRecorder(identity.startedAt);
  }

  get ended(): boolean {
    return this.#result !== null;
  }

  /** Whether any leg actually rang (was sent), which tells "nobody answered" from "refused". */
  get rang(): boolean {
    return this.#rang;
  }

  /** Seconds since the call arrived, to the millisecond: the timeline's clock. */
  elapsed(): number {
    return Math.round(this.#now() - this.identity.startedAt) / 1000;
  }

  event(event: CallEvent): void {
    this.timeline.event(event, this.elapsed());
  }

  step(step: Step, notPlaced: ReadonlySet<LegId>): void {
    this.timeline.step(step, this.elapsed(), notPlaced);
  }

  legStarted(spec: LegSpec, placed: boolean): void {
    if (placed) this.#rang = true;
    this.#legs.set(spec.legId, {
      legId: spec.legId,
      destination: destinationKey(spec.destination),
      label: spec.label,
      startedAt: this.#now(),
      answeredAt: null,
      endedAt: null,
      result: null,
      status: undefined,
      reason: undefined,
    });
  }

  legAnswered(legId: LegId): void {
    const leg = this.#legs.get(legId);
    if (leg && leg.answeredAt === null) leg.answeredAt = this.#now();
  }

  /** A leg's result; the first one given sticks (a cancel racing a busy keeps what came first). */
  legEnded(legId: LegId, result: LegResult, details: { status?: number; reason?: string } = {}): void {
    const leg = this.#legs.get(legId);
    if (!leg || (leg.result !== null && leg.result !== 'answered')) return;
    if (leg.result === 'answered' && result !== 'answered') {
      leg.endedAt ??= this.#now();
      return;
    }
    leg.result = result;
    if (result !== 'answered') leg.endedAt = this.#now();
    if (details.status !== undefined) leg.status = details.status;
    if (details.reason !== undefined) leg.reason = details.reason;
  }

  connected(legId: LegId): void {
    this.#answeredAt = this.#now();
    this.#answeredBy = legId;
    this.legEnded(legId, 'answered');
  }

  /** How the call ended; only the first ending counts. */
  finish(result: CallResult, endCause: string, hungUpBy: HangupSide | null): void {
    if (this.#result !== null) return;
    this.#result = result;
    this.#endCause = endCause;
    this.#hungUpBy = hungUpBy;
    this.#endedAt = this.#now();
    if (this.#answeredBy !== null) {
      const leg = this.#legs.get(this.#answeredBy);
      if (leg) leg.endedAt ??= this.#endedAt;
    }
  }

  record(): CallRecord {
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    const answered = this.#answeredBy === null ? undefined : this.#legs.get(this.#answeredBy);
    const legs: CallLegRecord[] = [...this.#legs.values()].map((leg) => ({
      legId: leg.legId,
      destination: leg.destination,
      ...(leg.label !== undefined ? { label: leg.label } : {}),
      startedAt: new Date(leg.startedAt).toISOString(),
      answeredAt: iso(leg.answeredAt),
      endedAt: iso(leg.endedAt),
      result: leg.result,
      ...(leg.status !== undefined ? { status: leg.status } : {}),
      ...(leg.reason !== undefined ? { reason: leg.reason } : {}),
    }));
    const { id, organizationId, numberId, dialledNumber, caller, trunkId, sipCallId, startedAt } = this.identity;
    return {
      id,
      organizationId,
      numberId,
      dialledNumber,
      caller,
      trunkId,
      sipCallId,
      startedAt: new Date(startedAt).toISOString(),
      answeredAt: iso(this.#answeredAt),
      endedAt: iso(this.#endedAt),
      durationSeconds: this.#answeredAt !== null && this.#endedAt !== null ? Math.round((this.#endedAt - this.#answeredAt) / 1000) : null,
      result: this.#result,
      endCause: this.#endCause,
      hungUpBy: this.#hungUpBy,
      answeredBy: answered
        ? { legId: answered.legId, destination: answered.destination, ...(answered.label !== undefined ? { label: answered.label } : {}) }
        : null,
      legs,
      timeline: [...this.timeline.entries],
    };
  }
}
