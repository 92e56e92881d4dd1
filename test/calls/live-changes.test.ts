/**
 * A change made over the API applies to the very next call, in the same running process: the
 * destinations of a business number are replaced between two calls, and each call reaches only the
 * destinations set when it came in.
 */
import { expect, it } from 'vitest';
import { callsSuite } from './support/calls-suite.ts';
import { explain, runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite({ label: 'Support' });
const destinations = suite.peers;

describeWithSipp('destinations changed over the API between two calls', () => {
  it('call 1 reaches A only; after the change call 2 reaches B only', async () => {
    // Each takes exactly one call and then exits: a second INVITE to either would find no one.
    const a = await destinations.start('answer');
    const b = await destinations.start('answer');

    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: a.uri('alice'), label: 'A' }] });
    const before = await suite.ringroute.callCount();
    const first = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    expect(first.exitCode, `call 1: ${explain(first)}`).toBe(0);
    const [aRun] = await settle([a]);
    expect(aRun.exitCode, `A: ${explain(aRun)}`).toBe(0);
    expect(aRun.stats).toMatchObject({ incomingCalls: 1, successfulCalls: 1 });
    expect(b.running).toBe(true);

    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: b.uri('bob'), label: 'B' }] });
    const second = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    expect(second.exitCode, `call 2: ${explain(second)}`).toBe(0);
    const [bRun] = await settle([b]);
    expect(bRun.exitCode, `B: ${explain(bRun)}`).toBe(0);
    expect(bRun.stats).toMatchObject({ incomingCalls: 1, successfulCalls: 1 });

    const [call1, call2] = await suite.ringroute.callsAfter(before, 2);
    expect(call1?.legs.map((leg) => leg.label)).toEqual(['A']);
    expect(call1).toMatchObject({ result: 'answered', answeredBy: { label: 'A' } });
    expect(call2?.legs.map((leg) => leg.label)).toEqual(['B']);
    expect(call2).toMatchObject({ result: 'answered', answeredBy: { label: 'B' } });
  });
});
