import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/domain/flow.ts';
import { buildSnapshot, next, start, type CallEvent, type Decision, type LegId, type RoutingSnapshot, type TimerId } from '../../src/routing/index.ts';
import { callFacts } from './support/call-driver.ts';
import { businessNumber, config } from './support/config-builders.ts';
import { arbitraryRingTarget } from './support/flow-arbitraries.ts';

const line = '+31201234567';

/**
 * A driver that keeps its own books of legs and timers from the steps it receives, feeds the engine
 * events in an order the script picks (including late, duplicate and made-up ones), and checks the
 * engine's promises after every decision.
 */
class CheckingDriver {
  readonly ringing = new Set<LegId>();
  readonly ended = new Set<LegId>();
  readonly pendingTimers = new Set<TimerId>();
  readonly spentTimers = new Set<TimerId>();
  connected: LegId | null = null;
  decision: Decision;

  constructor(readonly snapshot: RoutingSnapshot) {
    this.decision = start(snapshot, callFacts(line));
    this.check(this.decision, null);
  }

  /** Every event the driver could send now: real ones first, then stale or unknown ones. */
  candidates(): CallEvent[] {
    const events: CallEvent[] = [];
    for (const legId of this.ringing) {
      events.push({ type: 'answered', legId }, { type: 'busy', legId }, { type: 'noAnswer', legId }, { type: 'unreachable', legId }, { type: 'rejected', legId, status: 603 });
    }
    for (const timerId of this.pendingTimers) events.push({ type: 'timer', timerId });
    for (const legId of this.ended) events.push({ type: 'answered', legId }, { type: 'noAnswer', legId });
    for (const timerId of this.spentTimers) events.push({ type: 'timer', timerId });
    events.push({ type: 'busy', legId: 'leg-999' as LegId }, { type: 'callerHungUp' });
    return events;
  }

  send(event: CallEvent): void {
    const before = this.decision.state;
    const decision = next(this.snapshot, before, event);
    // Call control may store the state as JSON between events: that must change nothing.
    expect(next(this.snapshot, JSON.parse(JSON.stringify(before)) as typeof before, event)).toEqual(decision);

    const real =
      ('legId' in event && this.ringing.has(event.legId)) || (event.type === 'timer' && this.pendingTimers.has(event.timerId)) || event.type === 'callerHungUp';
    if (!real) {
      expect(decision.steps).toEqual([]);
      expect(decision.state).toEqual(before);
    }
    if ('legId' in event && this.ringing.has(event.legId) && event.type !== 'answered') this.end(event.legId);
    if (event.type === 'timer' && this.pendingTimers.delete(event.timerId)) this.spentTimers.add(event.timerId);
    this.decision = decision;
    this.check(decision, event.type === 'answered' && real ? event.legId : null);
  }

  /** Sends no-answers and due timers until the engine is done, as time passing would. */
  finish(): void {
    for (let guard = 0; !this.decision.done; guard++) {
      expect(guard).toBeLessThan(1000);
      const [timer] = this.pendingTimers;
      const [leg] = this.ringing;
      if (timer) this.send({ type: 'timer', timerId: timer });
      else if (leg) this.send({ type: 'noAnswer', legId: leg });
      else expect.fail('The engine waits, but nothing rings and no timer is pending');
    }
  }

  private end(legId: LegId): void {
    expect(this.ringing.delete(legId)).toBe(true);
    expect(this.ended.has(legId)).toBe(false);
    this.ended.add(legId);
  }

  private check(decision: Decision, answeredNow: LegId | null): void {
    for (const step of decision.steps) {
      switch (step.type) {
        case 'ring':
          expect(this.connected).toBeNull();
          for (const leg of step.legs) {
            expect(this.ringing.has(leg.legId) || this.ended.has(leg.legId)).toBe(false);
            this.ringing.add(leg.legId);
          }
          break;
        case 'cancel':
          for (const legId of step.legIds) this.end(legId);
          break;
        case 'connect':
          expect(this.connected).toBeNull();
          expect(step.legId).toBe(answeredNow);
          this.connected = step.legId;
          this.end(step.legId);
          break;
        case 'startTimer':
          expect(this.pendingTimers.has(step.timerId) || this.spentTimers.has(step.timerId)).toBe(false);
          expect(step.seconds).toBeGreaterThan(0);
          this.pendingTimers.add(step.timerId);
          break;
        case 'cancelTimer':
          expect(this.pendingTimers.delete(step.timerId)).toBe(true);
          this.spentTimers.add(step.timerId);
          break;
        case 'reject':
        case 'hangup':
          expect(this.connected).toBeNull();
          expect(decision.done).toBe(true);
          break;
      }
    }
    if (answeredNow) expect(this.connected).toBe(answeredNow);
    if (decision.done) {
      expect(this.ringing.size).toBe(0);
      expect(this.pendingTimers.size).toBe(0);
    }
  }
}

function snapshotFor(target: Target): RoutingSnapshot {
  return buildSnapshot([config('org_acme', [businessNumber('org_acme', line, target)])]);
}

describe('engine properties', () => {
  it('under any order of events: one connect at most, every leg ends once, nothing starts after an answer, stale events change nothing', () => {
    fc.assert(
      fc.property(arbitraryRingTarget, fc.array(fc.nat(), { maxLength: 40 }), (target, script) => {
        const driver = new CheckingDriver(snapshotFor(target));
        for (const pick of script) {
          if (driver.decision.done) break;
          const candidates = driver.candidates();
          driver.send(candidates[pick % candidates.length]!);
        }
        driver.finish();
        // After the end, any event is ignored.
        const after = next(driver.snapshot, driver.decision.state, { type: 'callerHungUp' });
        expect(after.steps).toEqual([]);
        expect(after.done).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
