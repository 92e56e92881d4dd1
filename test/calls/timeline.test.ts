/**
 * "Simulate a call" tells the truth: a real call through `ringroute serve` and `POST /v1/calls/simulate`
 * with the same behaviour (A busy, B answers after 1 s) give the same timeline: the same entries in the
 * same order, at about the same times. Both run the one routing engine and record through the one
 * TimelineRecorder; this shows call control feeds it the same events the simulator scripts.
 */
import { expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/domain/call-timeline.ts';
import { callsSuite } from './support/calls-suite.ts';
import { explain, runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const destinations = suite.peers;

/** What must agree between the two timelines; times are compared apart, with a tolerance. */
function shape(entry: TimelineEntry): Pick<TimelineEntry, 'event' | 'legId' | 'destination' | 'reason' | 'status'> {
  return { event: entry.event, legId: entry.legId, destination: entry.destination, reason: entry.reason, status: entry.status };
}

function timelineOf(body: unknown): TimelineEntry[] {
  const timeline = typeof body === 'object' && body !== null ? (body as { timeline?: unknown }).timeline : undefined;
  if (!Array.isArray(timeline)) throw new Error(`no timeline in ${JSON.stringify(body)}`);
  return timeline as TimelineEntry[];
}

describeWithSipp('a real call and the simulator agree', () => {
  it('A busy, B answers after 1 s: the same timeline from a real call and from POST /v1/calls/simulate', async () => {
    const a = await destinations.start('busy');
    // answer.xml sends 180, waits -d ms, then 200: B answers 1 s after it starts ringing.
    const b = await destinations.start('answer', { pauseMs: 1_000 });
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'sequential',
      destinations: [
        { to: a.uri('alice'), label: 'A', ringSeconds: 10 },
        { to: b.uri('bob'), label: 'B', ringSeconds: 10 },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [aRun, bRun] = await settle([a, b]);
    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(aRun.exitCode, `A: ${explain(aRun)}`).toBe(0);
    expect(bRun.exitCode, `B: ${explain(bRun)}`).toBe(0);
    const record = await suite.ringroute.callAfter(before);

    const simulated = timelineOf(
      await suite.ringroute.request('POST', '/v1/calls/simulate', {
        to: suite.business.phoneNumber,
        from: '+31 20 111 2222',
        at: record.startedAt,
        behaviour: { A: 'busy', B: { answerAfterSeconds: 1 } },
      }),
    );
    // The simulated call ends when the caller is connected; the real one goes on until the caller's
    // BYE, which adds its hang-up after that. Everything up to the connection must match.
    const connectedAt = record.timeline.findIndex((entry) => entry.event === 'connected');
    expect(connectedAt, JSON.stringify(record.timeline)).toBeGreaterThan(0);
    const real = record.timeline.slice(0, connectedAt + 1);
    expect(record.timeline.slice(connectedAt + 1).map((entry) => entry.event)).toEqual(record.timeline.slice(connectedAt + 1).map(() => 'hungUp'));

    expect(real.map(shape)).toEqual(simulated.map(shape));
    real.forEach((entry, i) => {
      expect(Math.abs(entry.atSeconds - (simulated[i]?.atSeconds ?? Number.NaN)), `${entry.event} ${entry.legId ?? ''}`).toBeLessThanOrEqual(0.5);
    });
  });
});
