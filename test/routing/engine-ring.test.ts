import { describe, expect, it } from 'vitest';
import { buildSnapshot, next, RoutingError, start, type RoutingSnapshot } from '../../src/routing/index.ts';
import type { Target } from '../../src/domain/flow.ts';
import { CallDriver, callFacts, legId, rungDestinations, timerId } from './support/call-driver.ts';
import { businessNumber, config, destination, hangup, ring, sip } from './support/config-builders.ts';

const line = '+31201234567';
const office = '+31301234567';
const mobile = '+31612345678';
const colleague = '+31101234567';

function snapshotFor(target: Target): RoutingSnapshot {
  return buildSnapshot([config('org_acme', [businessNumber('org_acme', line, target, { label: 'Sales' })], 'Acme')]);
}

function call(target: Target): CallDriver {
  return new CallDriver(snapshotFor(target), callFacts(line));
}

describe('starting a call', () => {
  it('rejects a number no organization has with 404 and says so', () => {
    const decision = start(snapshotFor(hangup()), callFacts('+31209999999'));
    expect(decision.steps).toEqual([{ type: 'reject', status: 404, reason: 'not-found' }]);
    expect(decision.done).toBe(true);
    expect(decision.trace[0]?.code).toBe('number.notFound');
    expect(decision.trace[0]?.message).toMatch(/^No organization has this number/);
  });

  it('rejects a dialled string that is not an E.164 number as unknown', () => {
    const decision = start(snapshotFor(hangup()), callFacts('reception'));
    expect(decision.steps).toEqual([{ type: 'reject', status: 404, reason: 'not-found' }]);
  });

  it('names the number, its organization and the caller, with numbers written readably', () => {
    const decision = start(snapshotFor(hangup()), callFacts(line));
    expect(decision.trace[0]).toMatchObject({
      code: 'number.matched',
      message: 'Call to Sales (+31 20 123 4567) of Acme from +44 20 7946 0958.',
      numberId: `num_${line.slice(1)}`,
      organizationId: 'org_acme',
    });
  });

  it('describes an anonymous caller and a SIP destination in plain words', () => {
    const snapshot = snapshotFor(ring('simultaneous', [destination(sip('sip:desk@pbx.example.com'), { label: 'Desk', ringSeconds: 15 })]));
    const decision = start(snapshot, { ...callFacts(line), from: { kind: 'anonymous' } });
    expect(decision.trace.map((t) => t.message)).toEqual([
      'Call to Sales (+31 20 123 4567) of Acme from an anonymous caller.',
      'Ringing 1 destination.',
      'Ringing Desk (sip:desk@pbx.example.com) for 15 s.',
    ]);
  });

  it.each([
    ['unavailable', 480],
    ['busy', 486],
    ['declined', 603],
  ] as const)('a hang-up target (%s) rejects the call with %i', (reason, status) => {
    const decision = start(snapshotFor(hangup(reason)), callFacts(line));
    expect(decision.steps).toEqual([{ type: 'reject', status, reason }]);
    expect(decision.done).toBe(true);
  });
});

describe('simultaneous ring', () => {
  const target = ring('simultaneous', [destination(office, { label: 'Office' }), destination(mobile, { label: 'Mobile', ringSeconds: 30 })]);

  it('rings every destination at once, each for its own ring time', () => {
    const { decision } = call(target);
    expect(decision.steps).toEqual([
      {
        type: 'ring',
        legs: [
          { legId: legId(1), destination: { kind: 'phone', e164: office }, label: 'Office', ringSeconds: 20 },
          { legId: legId(2), destination: { kind: 'phone', e164: mobile }, label: 'Mobile', ringSeconds: 30 },
        ],
      },
    ]);
    expect(decision.done).toBe(false);
    expect(decision.trace.map((t) => t.message)).toContain('Ringing Office (+31 30 123 4567) for 20 s.');
  });

  it('connects the first leg to answer and cancels the others', () => {
    const driver = call(target);
    const decision = driver.send({ type: 'answered', legId: legId(2) });
    expect(decision.steps).toEqual([
      { type: 'cancel', legIds: [legId(1)], reason: 'answered-elsewhere' },
      { type: 'connect', legId: legId(2) },
    ]);
    expect(decision.done).toBe(true);
    expect(decision.state.connectedLegId).toBe(legId(2));
  });

  it('ignores an answer that arrives after the call was connected', () => {
    const driver = call(target);
    driver.send({ type: 'answered', legId: legId(2) });
    const late = driver.send({ type: 'answered', legId: legId(1) });
    expect(late.steps).toEqual([]);
    expect(late.done).toBe(true);
    expect(driver.codes).toEqual(['call.alreadyEnded']);
    expect(late.state.connectedLegId).toBe(legId(2));
  });

  it('goes to the noAnswer target only when every leg has ended', () => {
    const driver = call(target);
    expect(driver.send({ type: 'busy', legId: legId(1) }).steps).toEqual([]);
    const decision = driver.send({ type: 'noAnswer', legId: legId(2) });
    expect(decision.steps).toEqual([{ type: 'reject', status: 480, reason: 'unavailable' }]);
    expect(driver.codes).toEqual(['leg.noAnswer', 'ring.noAnswer', 'call.rejected']);
    expect(decision.done).toBe(true);
  });
});

describe('sequential ring', () => {
  const target = ring('sequential', [
    destination(office, { label: 'Office', ringSeconds: 20 }),
    destination(mobile, { label: 'Mobile', ringSeconds: 15 }),
    destination(colleague, { label: 'Colleague', ringSeconds: 10 }),
  ]);

  it('rings the first destination and plans the next one after its ring time', () => {
    const { decision } = call(target);
    expect(rungDestinations(decision)).toEqual([office]);
    expect(decision.steps[1]).toEqual({ type: 'startTimer', timerId: timerId(1), seconds: 20 });
  });

  it('starts the next destination when the planned time comes', () => {
    const driver = call(target);
    const decision = driver.send({ type: 'timer', timerId: timerId(1) });
    expect(rungDestinations(decision)).toEqual([mobile]);
    expect(decision.steps[1]).toEqual({ type: 'startTimer', timerId: timerId(2), seconds: 15 });
    expect(driver.send({ type: 'noAnswer', legId: legId(1) }).steps).toEqual([]);
  });

  it('pulls the next destination forward when the current one is busy', () => {
    const driver = call(target);
    const decision = driver.send({ type: 'busy', legId: legId(1) });
    expect(decision.steps).toEqual([
      { type: 'cancelTimer', timerId: timerId(1) },
      { type: 'ring', legs: [{ legId: legId(2), destination: { kind: 'phone', e164: mobile }, label: 'Mobile', ringSeconds: 15 }] },
      { type: 'startTimer', timerId: timerId(2), seconds: 15 },
    ]);
    expect(driver.codes).toEqual(['leg.busy', 'ring.pulledForward', 'leg.ringing']);
    expect(decision.trace[0]).toMatchObject({ message: 'Office (+31 30 123 4567) is busy.', legId: legId(1), rule: 'target' });
  });

  it('ignores the timer it replaced when pulling forward', () => {
    const driver = call(target);
    driver.send({ type: 'unreachable', legId: legId(1) });
    const stale = driver.send({ type: 'timer', timerId: timerId(1) });
    expect(stale.steps).toEqual([]);
    expect(driver.codes).toEqual(['timer.stale']);
    expect(stale.done).toBe(false);
  });

  it('rejects the caller once the last destination has ended', () => {
    const driver = call(target);
    driver.send({ type: 'rejected', legId: legId(1), status: 603 });
    driver.send({ type: 'busy', legId: legId(2) });
    const decision = driver.send({ type: 'noAnswer', legId: legId(3) });
    expect(decision.steps).toEqual([{ type: 'reject', status: 480, reason: 'unavailable' }]);
  });
});

describe('custom ring (staggered)', () => {
  const target = ring('custom', [
    destination(office, { label: 'Office', delaySeconds: 0 }),
    destination(mobile, { label: 'Mobile', delaySeconds: 5 }),
    destination(colleague, { label: 'Colleague', delaySeconds: 10 }),
  ]);

  it('adds each destination at its delay while earlier ones keep ringing', () => {
    const driver = call(target);
    expect(driver.decision.steps[1]).toEqual({ type: 'startTimer', timerId: timerId(1), seconds: 5 });
    const second = driver.send({ type: 'timer', timerId: timerId(1) });
    expect(rungDestinations(second)).toEqual([mobile]);
    expect(second.steps).not.toContainEqual(expect.objectContaining({ type: 'cancel' }));
    // The colleague is due 10 s after the ring began: 5 s after the mobile started.
    expect(second.steps[1]).toEqual({ type: 'startTimer', timerId: timerId(2), seconds: 5 });
    expect(rungDestinations(driver.send({ type: 'timer', timerId: timerId(2) }))).toEqual([colleague]);
  });

  it('first answer wins: other ringing legs are cancelled, the pending timer too, and nobody waiting starts', () => {
    const driver = call(target);
    driver.send({ type: 'timer', timerId: timerId(1) });
    const decision = driver.send({ type: 'answered', legId: legId(1) });
    expect(decision.steps).toEqual([
      { type: 'cancel', legIds: [legId(2)], reason: 'answered-elsewhere' },
      { type: 'cancelTimer', timerId: timerId(2) },
      { type: 'connect', legId: legId(1) },
    ]);
    expect(driver.send({ type: 'timer', timerId: timerId(2) }).steps).toEqual([]);
  });

  it('pulls the waiting groups forward together, keeping their spacing', () => {
    const driver = call(target);
    const pulled = driver.send({ type: 'busy', legId: legId(1) });
    expect(pulled.steps).toEqual([
      { type: 'cancelTimer', timerId: timerId(1) },
      { type: 'ring', legs: [expect.objectContaining({ legId: legId(2), label: 'Mobile' })] },
      { type: 'startTimer', timerId: timerId(2), seconds: 5 },
    ]);
    expect(rungDestinations(driver.send({ type: 'timer', timerId: timerId(2) }))).toEqual([colleague]);
  });

  it('starts the first group at once even when its own delay is later (no dead air)', () => {
    const late = ring('custom', [destination(office, { delaySeconds: 8 }), destination(sip('sip:desk@pbx.example.com'), { delaySeconds: 8 })]);
    const { decision } = call(late);
    expect(decision.steps).toEqual([{ type: 'ring', legs: [expect.objectContaining({ legId: legId(1) }), expect.objectContaining({ legId: legId(2) })] }]);
    expect(rungDestinations(decision)).toEqual([office, 'sip:desk@pbx.example.com']);
  });

  it('rings destinations with equal delays in one ring step, in the order given', () => {
    const grouped = ring('custom', [destination(mobile, { delaySeconds: 5 }), destination(office), destination(colleague, { delaySeconds: 5 })]);
    const driver = call(grouped);
    expect(rungDestinations(driver.decision)).toEqual([office]);
    expect(rungDestinations(driver.send({ type: 'timer', timerId: timerId(1) }))).toEqual([mobile, colleague]);
  });
});

describe('nested and empty rings', () => {
  it('starts the noAnswer ring with fresh leg ids and ignores the old legs', () => {
    const target = ring('simultaneous', [destination(office)], ring('simultaneous', [destination(mobile)], hangup('busy')));
    const driver = call(target);
    const second = driver.send({ type: 'noAnswer', legId: legId(1) });
    expect(second.steps).toEqual([{ type: 'ring', legs: [expect.objectContaining({ legId: legId(2), destination: { kind: 'phone', e164: mobile } })] }]);
    expect(second.trace.find((t) => t.code === 'leg.ringing')?.rule).toBe('target.noAnswer');
    const stale = driver.send({ type: 'answered', legId: legId(1) });
    expect(stale.steps).toEqual([]);
    expect(driver.codes).toEqual(['leg.stale']);
    expect(driver.send({ type: 'unreachable', legId: legId(2) }).steps).toEqual([{ type: 'reject', status: 486, reason: 'busy' }]);
  });

  it('sends a ring with no destinations straight to its noAnswer target', () => {
    const { decision } = call(ring('sequential', [], hangup('declined')));
    expect(decision.steps).toEqual([{ type: 'reject', status: 603, reason: 'declined' }]);
    expect(decision.trace.map((t) => t.code)).toEqual(['number.matched', 'ring.empty', 'call.rejected']);
  });
});

describe('events the engine must shrug off', () => {
  const target = ring('custom', [destination(office), destination(mobile, { delaySeconds: 5 })]);

  it('cancels every ringing leg and the pending timer when the caller hangs up', () => {
    const driver = call(ring('custom', [destination(office), destination(mobile), destination(colleague, { delaySeconds: 5 })]));
    const decision = driver.send({ type: 'callerHungUp' });
    expect(decision.steps).toEqual([
      { type: 'cancel', legIds: [legId(1), legId(2)], reason: 'caller-hung-up' },
      { type: 'cancelTimer', timerId: timerId(1) },
    ]);
    expect(decision.done).toBe(true);
    expect(decision.state.phase).toBe('ended');
  });

  it('does not cancel legs that already ended when the caller hangs up', () => {
    const driver = call(ring('simultaneous', [destination(office), destination(mobile)]));
    driver.send({ type: 'busy', legId: legId(1) });
    expect(driver.send({ type: 'callerHungUp' }).steps).toEqual([{ type: 'cancel', legIds: [legId(2)], reason: 'caller-hung-up' }]);
  });

  it('ignores a second report for a leg that already ended', () => {
    const driver = call(ring('simultaneous', [destination(office), destination(mobile)]));
    driver.send({ type: 'busy', legId: legId(1) });
    const again = driver.send({ type: 'noAnswer', legId: legId(1) });
    expect(again.steps).toEqual([]);
    expect(driver.codes).toEqual(['leg.stale']);
  });

  it('ignores events for legs and timers it never started', () => {
    const driver = call(target);
    expect(driver.send({ type: 'answered', legId: legId(9) }).steps).toEqual([]);
    expect(driver.codes).toEqual(['leg.unknown']);
    expect(driver.send({ type: 'timer', timerId: timerId(9) }).steps).toEqual([]);
    expect(driver.codes).toEqual(['timer.stale']);
    expect(driver.decision.done).toBe(false);
  });

  it('refuses to continue on a snapshot where the number has changed', () => {
    const driver = call(target);
    const changed = buildSnapshot([config('org_acme', [businessNumber('org_acme', line, hangup(), { version: 2 })])]);
    const attempt = () => next(changed, driver.decision.state, { type: 'busy', legId: legId(1) });
    expect(attempt).toThrow(RoutingError);
    expect(attempt).toThrowError(expect.objectContaining({ code: 'snapshot_mismatch' }) as Error);
  });
});
