import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RingDestination, Target } from '../../src/domain/flow.ts';
import { ringToKey } from '../../src/domain/ring-to.ts';
import { buildSnapshot, simulate, type Behaviour, type SimulationResult } from '../../src/routing/index.ts';
import { callFacts } from './support/call-driver.ts';
import { businessNumber, config, hangup, ring } from './support/config-builders.ts';
import { arbitraryDestination, arbitraryRingTarget } from './support/flow-arbitraries.ts';

const line = '+31201234567';

const arbitraryBehaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constantFrom<Behaviour>('answer', 'busy', 'noAnswer', 'unreachable', 'reject'),
  fc.integer({ min: 0, max: 60 }).map((answerAfterSeconds) => ({ answerAfterSeconds })),
);

function run(target: Target, behaviours: readonly Behaviour[], callerHangsUpAfterSeconds?: number): SimulationResult {
  const snapshot = buildSnapshot([config('org_acme', [businessNumber('org_acme', line, target)])]);
  let asked = 0;
  return simulate(snapshot, {
    facts: callFacts(line),
    // Legs get behaviours in the order they start, cycling through the script.
    behaviourFor: () => behaviours[asked++ % behaviours.length] ?? 'noAnswer',
    ...(callerHangsUpAfterSeconds === undefined ? {} : { callerHangsUpAfterSeconds }),
  });
}

/**
 * Destinations that are all different: a destination listed twice is not rung a second time while it
 * rings (see ring-step), which these timing properties do not model. That rule has its own tests.
 */
const distinctDestinations = fc.uniqueArray(arbitraryDestination, {
  minLength: 1,
  maxLength: 5,
  selector: (d: RingDestination) => ringToKey(d.to),
});

const legEnds = new Set(['answered', 'busy', 'noAnswer', 'unreachable', 'rejected', 'cancelled']);

describe('simulator properties', () => {
  it('every leg rings once and ends once, at most one is connected, and nothing rings after the connect', () => {
    fc.assert(
      fc.property(
        arbitraryRingTarget,
        fc.array(arbitraryBehaviour, { minLength: 1, maxLength: 8 }),
        fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        (target, behaviours, hangUpAfter) => {
          const { timeline, outcome } = run(target, behaviours, hangUpAfter);
          const started = timeline.filter((e) => e.event === 'ringing').map((e) => e.legId);
          expect(new Set(started).size).toBe(started.length);
          for (const legId of started) {
            expect(timeline.filter((e) => e.legId === legId && legEnds.has(e.event))).toHaveLength(1);
          }
          const connects = timeline.filter((e) => e.event === 'connected');
          expect(connects.length).toBeLessThanOrEqual(1);
          const connectAt = timeline.findIndex((e) => e.event === 'connected');
          if (connectAt >= 0) expect(timeline.slice(connectAt).some((e) => e.event === 'ringing')).toBe(false);
          expect(outcome.result === 'answered').toBe(connects.length === 1);
          const times = timeline.map((e) => e.atSeconds);
          expect(times).toEqual([...times].sort((a, b) => a - b));
          if (outcome.result === 'callerHungUp') expect(outcome.atSeconds).toBe(hangUpAfter);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when nobody answers, sequential rings end after the sum of the ring times and simultaneous ones after the longest', () => {
    fc.assert(
      fc.property(distinctDestinations, (destinations: RingDestination[]) => {
        const sequential = run(ring('sequential', destinations, hangup()), ['noAnswer']);
        const total = destinations.reduce((sum, d) => sum + d.ringSeconds, 0);
        expect(sequential.outcome).toEqual({ result: 'noAnswer', status: 480, reason: 'unavailable', atSeconds: total });
        // One after another: each starts exactly when the one before it stops.
        const rings = sequential.timeline.filter((e) => e.event === 'ringing').map((e) => e.atSeconds);
        expect(rings).toEqual(destinations.map((_, i) => destinations.slice(0, i).reduce((sum, d) => sum + d.ringSeconds, 0)));

        const simultaneous = run(ring('simultaneous', destinations, hangup()), ['noAnswer']);
        expect(simultaneous.outcome.atSeconds).toBe(Math.max(...destinations.map((d) => d.ringSeconds)));
      }),
      { numRuns: 200 },
    );
  });

  it('custom rings start each destination at its delay unless nothing is ringing, and never leave dead air', () => {
    fc.assert(
      fc.property(distinctDestinations, fc.array(arbitraryBehaviour, { minLength: 1, maxLength: 5 }), (destinations, behaviours) => {
        const { timeline } = run(ring('custom', destinations, hangup()), behaviours.map((b) => (typeof b === 'object' || b === 'answer' ? 'noAnswer' : b)));
        // Between the first ring and the end of the call, some leg is always ringing.
        let ringing = 0;
        for (const [index, entry] of timeline.entries()) {
          if (entry.event === 'ringing') ringing++;
          if (legEnds.has(entry.event)) ringing--;
          const nextEntry = timeline[index + 1];
          if (ringing === 0 && nextEntry && nextEntry.event === 'ringing') expect(nextEntry.atSeconds).toBe(entry.atSeconds);
        }
        // No destination starts later than planned.
        const sorted = [...destinations].map((d) => d.delaySeconds).sort((a, b) => a - b);
        const starts = timeline.filter((e) => e.event === 'ringing').map((e) => e.atSeconds);
        starts.forEach((at, i) => expect(at).toBeLessThanOrEqual(sorted[i]! - sorted[0]!));
      }),
      { numRuns: 200 },
    );
  });
});
