import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/domain/flow.ts';
import { buildSnapshot, simulate, type Behaviour, type LegSpec, type SimulationResult } from '../../src/routing/index.ts';
import { callFacts } from './support/call-driver.ts';
import { businessNumber, config, destination, hangup, ring } from './support/config-builders.ts';

const line = '+31201234567';
const office = '+31301234567';
const mobile = '+31612345678';
const colleague = '+31101234567';
const at = Date.UTC(2025, 11, 24, 17, 29, 0);

function run(target: Target, behaviours: Record<string, Behaviour>, extra: { callerHangsUpAfterSeconds?: number; to?: string; maxEvents?: number } = {}): SimulationResult {
  const snapshot = buildSnapshot([config('org_acme', [businessNumber('org_acme', line, target)])]);
  const behaviourFor = (leg: LegSpec): Behaviour => (leg.label ? behaviours[leg.label] : undefined) ?? 'noAnswer';
  return simulate(snapshot, {
    facts: callFacts(extra.to ?? line, at),
    behaviourFor,
    ...(extra.callerHangsUpAfterSeconds !== undefined ? { callerHangsUpAfterSeconds: extra.callerHangsUpAfterSeconds } : {}),
    ...(extra.maxEvents !== undefined ? { maxEvents: extra.maxEvents } : {}),
  });
}

/** The timeline as `seconds event leg label`, one string per entry, to compare event by event. */
const lines = (result: SimulationResult): string[] =>
  result.timeline.map((e) => [e.atSeconds, e.event, e.legId, e.label, e.reason].filter((part) => part !== undefined).join(' '));

describe('simulate', () => {
  it('sequential: the second destination rings when the first one’s time is up, and answers', () => {
    const target = ring('sequential', [destination(office, { label: 'Office', ringSeconds: 20 }), destination(mobile, { label: 'Mobile', ringSeconds: 15 })]);
    const result = run(target, { Office: 'noAnswer', Mobile: { answerAfterSeconds: 3 } });
    expect(lines(result)).toEqual([
      '0 ringing leg-1 Office',
      '20 ringing leg-2 Mobile',
      '20 noAnswer leg-1 Office',
      '23 answered leg-2 Mobile',
      '23 connected leg-2 Mobile',
    ]);
    expect(result.outcome).toEqual({ result: 'answered', legId: 'leg-2', destination: mobile, label: 'Mobile', atSeconds: 23 });
  });

  it('custom: a busy first destination pulls the others forward by the same amount', () => {
    const target = ring('custom', [
      destination(office, { label: 'Office' }),
      destination(mobile, { label: 'Mobile', delaySeconds: 5 }),
      destination(colleague, { label: 'Colleague', delaySeconds: 10 }),
    ]);
    const result = run(target, { Office: 'busy', Mobile: 'noAnswer', Colleague: { answerAfterSeconds: 2 } });
    expect(lines(result)).toEqual([
      '0 ringing leg-1 Office',
      '0 busy leg-1 Office',
      '0 ringing leg-2 Mobile',
      '5 ringing leg-3 Colleague',
      '7 answered leg-3 Colleague',
      '7 cancelled leg-2 Mobile answered-elsewhere',
      '7 connected leg-3 Colleague',
    ]);
    expect(result.trace.find((t) => t.code === 'ring.pulledForward')?.atSeconds).toBe(0);
  });

  it('an answer at or after the ring time counts as no answer, and the caller hears 480', () => {
    const target = ring('simultaneous', [destination(office, { label: 'Office', ringSeconds: 10 })]);
    const result = run(target, { Office: { answerAfterSeconds: 10 } });
    expect(lines(result)).toEqual(['0 ringing leg-1 Office', '10 noAnswer leg-1 Office', '10 callRejected unavailable']);
    expect(result.outcome).toEqual({ result: 'noAnswer', status: 480, reason: 'unavailable', atSeconds: 10 });
    expect(result.timeline[2]?.status).toBe(480);
  });

  it('the caller hanging up cancels everything still ringing', () => {
    const target = ring('simultaneous', [destination(office, { label: 'Office' }), destination(mobile, { label: 'Mobile' })]);
    const result = run(target, {}, { callerHangsUpAfterSeconds: 12 });
    expect(lines(result)).toEqual([
      '0 ringing leg-1 Office',
      '0 ringing leg-2 Mobile',
      '12 callerHungUp',
      '12 cancelled leg-1 Office caller-hung-up',
      '12 cancelled leg-2 Mobile caller-hung-up',
    ]);
    expect(result.outcome).toEqual({ result: 'callerHungUp', atSeconds: 12 });
  });

  it('a caller hanging up after the call was answered changes nothing', () => {
    const target = ring('simultaneous', [destination(office, { label: 'Office' })]);
    const result = run(target, { Office: { answerAfterSeconds: 4 } }, { callerHangsUpAfterSeconds: 6 });
    expect(result.outcome.result).toBe('answered');
    expect(lines(result).at(-1)).toBe('4 connected leg-1 Office');
  });

  it('at the same instant, the caller hanging up comes before an answer', () => {
    const target = ring('simultaneous', [destination(office, { label: 'Office' })]);
    const result = run(target, { Office: { answerAfterSeconds: 5 } }, { callerHangsUpAfterSeconds: 5 });
    expect(lines(result)).toEqual(['0 ringing leg-1 Office', '5 callerHungUp', '5 cancelled leg-1 Office caller-hung-up']);
    expect(result.outcome).toEqual({ result: 'callerHungUp', atSeconds: 5 });
  });

  it('a nested ring runs after the first one fails, and a decline ends a leg', () => {
    const target = ring('simultaneous', [destination(office, { label: 'Office' })], ring('simultaneous', [destination(mobile, { label: 'Mobile' })], hangup('busy')));
    const result = run(target, { Office: 'reject', Mobile: 'unreachable' });
    expect(lines(result)).toEqual([
      '0 ringing leg-1 Office',
      '0 rejected leg-1 Office',
      '0 ringing leg-2 Mobile',
      '0 unreachable leg-2 Mobile',
      '0 callRejected busy',
    ]);
    expect(result.timeline[1]?.status).toBe(603);
    expect(result.outcome).toEqual({ result: 'noAnswer', status: 486, reason: 'busy', atSeconds: 0 });
  });

  it('an unknown number is rejected with 404 without ringing anyone', () => {
    const result = run(hangup(), {}, { to: '+31209999999' });
    expect(lines(result)).toEqual(['0 callRejected not-found']);
    expect(result.outcome).toEqual({ result: 'rejected', status: 404, reason: 'not-found', atSeconds: 0 });
    expect(result.trace[0]?.message).toMatch(/^No organization has this number/);
  });

  it('stamps every entry with the instant it happens, from the call’s start time', () => {
    const target = ring('sequential', [destination(office, { label: 'Office', ringSeconds: 45 }), destination(mobile, { label: 'Mobile' })]);
    const result = run(target, { Mobile: 'answer' });
    expect(result.timeline.map((e) => e.at)).toEqual([
      '2025-12-24T17:29:00.000Z',
      '2025-12-24T17:29:45.000Z',
      '2025-12-24T17:29:45.000Z',
      '2025-12-24T17:29:45.000Z',
      '2025-12-24T17:29:45.000Z',
    ]);
    expect(result.trace.filter((t) => t.code === 'leg.ringing').map((t) => t.atSeconds)).toEqual([0, 45]);
  });

  it('stops a call that needs more events than allowed', () => {
    const target = ring('sequential', [destination(office), destination(mobile), destination(colleague)]);
    expect(() => run(target, {}, { maxEvents: 2 })).toThrowError(expect.objectContaining({ code: 'simulation_runaway' }) as Error);
  });
});
