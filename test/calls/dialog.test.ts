/**
 * After answer, ringroute keeps the two dialogs of a call together (RFC 3261 sections 12, 14, 15): a
 * BYE from the destination ends the caller's side too, and a re-INVITE from the caller reaches the
 * destination and its answer comes back.
 */
import { expect, it } from 'vitest';
import { callsSuite } from './support/calls-suite.ts';
import { explain, runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite({ label: 'Desk' });
const destinations = suite.peers;

describeWithSipp('dialogs after answer, through ringroute serve', () => {
  it('the destination hangs up: its BYE is answered and the caller gets a BYE of its own', async () => {
    // answer-then-bye talks for 300 ms after the ACK, then sends BYE; callee-hangs-up waits for one.
    const desk = await destinations.start('answer-then-bye', { pauseMs: 300 });
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('callee-hangs-up', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'callee', answeredBy: { label: 'Desk' } });
  });

  it('the caller sends a re-INVITE: the destination gets it inside its dialog with the new offer, and the answer comes back in the 200', async () => {
    const desk = await destinations.start('reinvite-uas');
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('reinvite-uac', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller' });
  });
});
