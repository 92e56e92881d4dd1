/**
 * A change made over the API applies to the very next call, in the same running process: the
 * destinations of a business number are replaced between two calls, and each call reaches only the
 * destinations set when it came in.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { freePort } from '../sip/interop/support/free-port.ts';
import { ringrouteForCalls, type BusinessNumber, type CallsFixture } from './support/ringroute-for-calls.ts';
import { explain, runUac, settle, UasPool } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

let ringroute: CallsFixture;
let business: BusinessNumber;
const destinations = new UasPool();

beforeAll(async () => {
  ringroute = await ringrouteForCalls();
  await ringroute.createTrunk({ port: await freePort() });
  business = await ringroute.createNumber('+31 20 123 4567', 'Support');
});

afterEach(() => destinations.stopAll());

afterAll(async () => {
  await destinations.stopAll();
  await ringroute?.stop();
});

describeWithSipp('destinations changed over the API between two calls', () => {
  it('call 1 reaches A only; after the change call 2 reaches B only', async () => {
    // Each takes exactly one call and then exits: a second INVITE to either would find no one.
    const a = await destinations.start('answer');
    const b = await destinations.start('answer');

    await ringroute.setDestinations(business.id, { strategy: 'simultaneous', destinations: [{ to: a.uri('alice'), label: 'A' }] });
    const before = await ringroute.callCount();
    const first = await runUac('call', { port: ringroute.sipPort, service: business.phoneNumber, pauseMs: 100 });
    expect(first.exitCode, `call 1: ${explain(first)}`).toBe(0);
    const [aRun] = await settle([a]);
    expect(aRun.exitCode, `A: ${explain(aRun)}`).toBe(0);
    expect(aRun.stats).toMatchObject({ incomingCalls: 1, successfulCalls: 1 });
    expect(b.running).toBe(true);

    await ringroute.setDestinations(business.id, { strategy: 'simultaneous', destinations: [{ to: b.uri('bob'), label: 'B' }] });
    const second = await runUac('call', { port: ringroute.sipPort, service: business.phoneNumber, pauseMs: 100 });
    expect(second.exitCode, `call 2: ${explain(second)}`).toBe(0);
    const [bRun] = await settle([b]);
    expect(bRun.exitCode, `B: ${explain(bRun)}`).toBe(0);
    expect(bRun.stats).toMatchObject({ incomingCalls: 1, successfulCalls: 1 });

    const [call1, call2] = await ringroute.callsAfter(before, 2);
    expect(call1?.legs.map((leg) => leg.label)).toEqual(['A']);
    expect(call1).toMatchObject({ result: 'answered', answeredBy: { label: 'A' } });
    expect(call2?.legs.map((leg) => leg.label)).toEqual(['B']);
    expect(call2).toMatchObject({ result: 'answered', answeredBy: { label: 'B' } });
  });
});
