import fc from 'fast-check';
import type { RingDestination, Target } from '../../../src/domain/flow.ts';
import { destination, hangup, ring, sip } from './config-builders.ts';

const addresses = ['+31301234567', '+31612345678', '+31101234567', '+447700900123', 'sip:desk@pbx.example.com'];

export const arbitraryDestination: fc.Arbitrary<RingDestination> = fc
  .record({
    address: fc.constantFrom(...addresses),
    label: fc.option(fc.constantFrom('Office', 'Mobile', 'Desk', 'Colleague'), { nil: undefined }),
    delaySeconds: fc.integer({ min: 0, max: 30 }),
    ringSeconds: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ address, label, delaySeconds, ringSeconds }) =>
    destination(address.startsWith('sip:') ? sip(address) : address, { delaySeconds, ringSeconds, ...(label ? { label } : {}) }),
  );

export const arbitraryHangup = fc.constantFrom(hangup('unavailable'), hangup('busy'), hangup('declined'));

/** Rings of 0–5 destinations with any strategy, whose noAnswer is a hang-up or another such ring. */
export const arbitraryTarget: fc.Arbitrary<Target> = fc.letrec<{ target: Target }>((tie) => ({
  target: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    arbitraryHangup,
    fc
      .record({
        strategy: fc.constantFrom('simultaneous' as const, 'sequential' as const, 'custom' as const),
        destinations: fc.array(arbitraryDestination, { maxLength: 5 }),
        noAnswer: tie('target'),
      })
      .map(({ strategy, destinations, noAnswer }) => ring(strategy, destinations, noAnswer)),
  ),
})).target;

/** A ring at the top, so every case rings someone (or is an empty ring). */
export const arbitraryRingTarget: fc.Arbitrary<Target> = fc
  .record({
    strategy: fc.constantFrom('simultaneous' as const, 'sequential' as const, 'custom' as const),
    destinations: fc.array(arbitraryDestination, { maxLength: 5 }),
    noAnswer: arbitraryTarget,
  })
  .map(({ strategy, destinations, noAnswer }) => ring(strategy, destinations, noAnswer));
