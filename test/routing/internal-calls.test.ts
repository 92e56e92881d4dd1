import { describe, expect, it } from 'vitest';
import { callFilterFromInput } from '../../src/domain/call-filter-input.ts';
import type { OrganizationId, UserId } from '../../src/domain/ids.ts';
import { buildSnapshot, next, start, startTarget, type CallState, type Decision, type LegId } from '../../src/routing/index.ts';
import { businessNumber, destination, hangup, organization, ring } from './support/config-builders.ts';

/*
 * Internal calls: the dial plan picks a target (a user's phones, an outside number, one of the
 * organization's numbers) and the engine runs it like a flow's target, with the state carrying it.
 */

const org = 'org_internal' as OrganizationId;
const line = '+31201234567';
const caller = { kind: 'unknown', raw: '8014001' } as const;
const facts = { to: '8011001', from: caller, at: Date.parse('2026-11-23T10:00:00Z'), via: 'trunk' } as const;
const user = { kind: 'user', userId: 'usr_0000000000bobbobbobbob' as UserId } as const;

function snapshot() {
  // Outside callers from +31 6 are blocked organization-wide; the number itself rings the office.
  const orgFilter = callFilterFromInput({ mode: 'block', entries: [{ match: 'anonymous', action: 'reject' }] }, null);
  const number = businessNumber(org, line, ring('simultaneous', [destination('+31301234567', { label: 'Office' })]));
  return buildSnapshot([{ organization: organization(org), numbers: [number], filter: orgFilter }]);
}

/** JSON round trip, as a stored or forwarded state would be. */
const carried = (decision: Decision): CallState => JSON.parse(JSON.stringify(decision.state)) as CallState;

describe('internal calls (startTarget)', () => {
  it("rings a user's phones and connects whoever answers; the state carries the target between decisions", () => {
    const snap = snapshot();
    const first = startTarget(snap, facts, org, ring('simultaneous', [{ to: user, label: 'Bob', delaySeconds: 0, ringSeconds: 20 }]));
    expect(first.steps).toEqual([{ type: 'ring', legs: [{ legId: 'leg-1', destination: user, label: 'Bob', ringSeconds: 20 }] }]);
    expect(first.trace[0]).toMatchObject({ code: 'call.internal', message: 'Internal call from an unrecognised caller ("8014001").' });
    const answered = next(snap, carried(first), { type: 'answered', legId: 'leg-1' as LegId });
    expect(answered.steps).toEqual([{ type: 'connect', legId: 'leg-1' }]);
    expect(answered.done).toBe(true);
  });

  it('an outside number nobody answers ends with 480, the default when nobody answers', () => {
    const snap = snapshot();
    const first = startTarget(snap, facts, org, ring('simultaneous', [destination('+442079460958', { ringSeconds: 15 })]));
    const after = next(snap, carried(first), { type: 'noAnswer', legId: 'leg-1' as LegId });
    expect(after.steps).toEqual([{ type: 'reject', status: 480, reason: 'unavailable' }]);
  });

  it("one of the organization's numbers: its flow runs, without the organization filter meant for outside callers", () => {
    const snap = snapshot();
    const numberId = snap.lookupNumber(line as never)!.number.id;
    const anonymousInside = { ...facts, from: { kind: 'anonymous' } as const };
    // The same caller from outside, dialling the number, is refused by the organization filter.
    expect(start(snap, { ...anonymousInside, to: line }).trace.map((e) => e.code)).toContain('filter.blocked');
    const first = startTarget(snap, anonymousInside, org, { type: 'number', numberId });
    expect(first.trace.map((e) => e.code)).toContain('number.followed');
    expect(first.trace.map((e) => e.code)).not.toContain('filter.blocked');
    expect(first.steps).toEqual([{ type: 'ring', legs: [expect.objectContaining({ label: 'Office' })] }]);
  });

  it('a hang-up target refuses the call', () => {
    const first = startTarget(snapshot(), facts, org, hangup('busy'));
    expect(first.steps).toEqual([{ type: 'reject', status: 486, reason: 'busy' }]);
    expect(first.done).toBe(true);
  });
});
