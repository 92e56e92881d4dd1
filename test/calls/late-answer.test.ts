/**
 * "A second 2xx arriving late is ACKed and BYEd" (issue 4, point 3; RFC 3261 sections 13.2.2.4 and
 * 15): once one destination has the call, another that answers too must not be left in a call nobody
 * hears. First the late 2xx made certain (the loser never rings, so ringroute cannot CANCEL it before
 * its 200 comes, section 9.1), so the order of events is certain and the test never depends on timing.
 */
import { expect, it } from 'vitest';
import { callsSuite, legOf } from './support/calls-suite.ts';
import { explain, runUac, settle, type PeerRun } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const destinations = suite.peers;

function expectClean(run: PeerRun, who: string, calls: number): void {
  expect(run.exitCode, `${who}: ${explain(run)}`).toBe(0);
  expect(run.stats, `${who}: ${explain(run)}`).toMatchObject({ successfulCalls: calls, failedCalls: 0 });
}

describeWithSipp('a late second answer, through ringroute serve', () => {
  it('B answers 200 ms after A without ever ringing: B gets an ACK and then a BYE, the caller one 200', async () => {
    const a = await destinations.start('answer');
    // No 100 or 180 from B, so the CANCEL ringroute wants to send must wait (section 9.1) and B's 200 comes first.
    const b = await destinations.start('answer-unannounced', { pauseMs: 200 });
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [
        { to: a.uri('alice'), label: 'A' },
        { to: b.uri('bob'), label: 'B' },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 600 });
    const [aRun, bRun] = await settle([a, b]);

    expectClean(caller, 'caller', 1);
    expectClean(aRun, 'A (answers first)', 1);
    // answer-unannounced fails unless its 200 is followed by an ACK and then a BYE, which it answers.
    expectClean(bRun, 'B (answers late)', 1);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller', answeredBy: { label: 'A' } });
    expect(legOf(record, 'A').result).toBe('answered');
    expect(legOf(record, 'B').result).toBe('cancelled');
  });
});
