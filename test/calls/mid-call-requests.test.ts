/**
 * After answer, requests inside one dialog reach the other side's dialog and their answers come back
 * (issue 4, point 3: "re-INVITE and UPDATE relayed"): an UPDATE from the caller (RFC 3311) and a
 * re-INVITE from the destination (RFC 3261 section 14). The two SDP bodies carry session names the
 * far end checks ("update offer from the caller", "re-answer from the caller"...), so each scenario
 * shows the other end's body arrived unchanged. The caller's re-INVITE is in dialog.test.ts.
 */
import { expect, it } from 'vitest';
import { callsSuite } from './support/calls-suite.ts';
import { explain, runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite({ label: 'Desk' });
const destinations = suite.peers;

describeWithSipp('requests inside an answered call, through ringroute serve', () => {
  it('the caller sends UPDATE with a new offer: the destination gets it in its dialog, and its answer comes back in the 200', async () => {
    const desk = await destinations.start('update-uas');
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('update-uac', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller', answeredBy: { label: 'Desk' } });
  });

  it('the destination sends a re-INVITE: the caller gets it in its dialog with the new offer, and the caller\'s answer reaches the destination', async () => {
    // callee-reinvites waits 200 ms after the ACK, then re-INVITEs; the caller talks 300 ms after that before its BYE.
    const desk = await destinations.start('callee-reinvites', { pauseMs: 200 });
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('callee-reinvite-uac', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 300 });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller', answeredBy: { label: 'Desk' } });
  });
});
