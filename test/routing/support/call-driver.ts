import { expect } from 'vitest';
import type { CallEvent, CallFacts, Decision, LegId, RoutingSnapshot, Step, TimerId } from '../../../src/routing/index.ts';
import { next, start } from '../../../src/routing/index.ts';
import { destinationKey } from '../../../src/domain/destination.ts';
import { e164 } from './config-builders.ts';

export const callFacts = (to: string, at = Date.UTC(2025, 0, 6, 9, 0, 0)): CallFacts => ({
  to,
  from: { kind: 'number', e164: e164('+442079460958') },
  at,
  via: 'trunk',
});

/**
 * Steps the engine through a call by hand, as a test scripts it. Every state passes through a JSON
 * round trip first, as call control storing it would, and the decision must equal the one from the
 * original state.
 */
export class CallDriver {
  decision: Decision;
  private readonly snapshot: RoutingSnapshot;

  constructor(snapshot: RoutingSnapshot, facts: CallFacts) {
    this.snapshot = snapshot;
    this.decision = start(snapshot, facts);
  }

  send(event: CallEvent): Decision {
    const direct = next(this.snapshot, this.decision.state, event);
    const stored = next(this.snapshot, JSON.parse(JSON.stringify(this.decision.state)) as Decision['state'], event);
    expect(stored).toEqual(direct);
    this.decision = direct;
    return direct;
  }

  get steps(): readonly Step[] {
    return this.decision.steps;
  }

  get codes(): string[] {
    return this.decision.trace.map((entry) => entry.code);
  }
}

export const legId = (n: number): LegId => `leg-${n}` as LegId;
export const timerId = (n: number): TimerId => `timer-${n}` as TimerId;

/** The legs a decision starts ringing, as destination text. */
export function rungDestinations(decision: Decision): string[] {
  return decision.steps.flatMap((step) =>
    step.type === 'ring' ? step.legs.map((leg) => (destinationKey(leg.destination))) : [],
  );
}
