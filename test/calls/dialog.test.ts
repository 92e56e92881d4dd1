/**
 * After answer, ringroute keeps the two dialogs of a call together (RFC 3261 sections 12, 14, 15): a
 * BYE from the destination ends the caller's side too, and a re-INVITE from the caller reaches the
 * destination and its answer comes back.
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
  business = await ringroute.createNumber('+31 20 123 4567', 'Desk');
});

afterEach(() => destinations.stopAll());

afterAll(async () => {
  await destinations.stopAll();
  await ringroute?.stop();
});

describeWithSipp('dialogs after answer, through ringroute serve', () => {
  it('the destination hangs up: its BYE is answered and the caller gets a BYE of its own', async () => {
    // answer-then-bye talks for 300 ms after the ACK, then sends BYE; callee-hangs-up waits for one.
    const desk = await destinations.start('answer-then-bye', { pauseMs: 300 });
    await ringroute.setDestinations(business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await ringroute.callCount();

    const caller = await runUac('callee-hangs-up', { port: ringroute.sipPort, service: business.phoneNumber });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    const record = await ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'callee', answeredBy: { label: 'Desk' } });
  });

  it('the caller sends a re-INVITE: the destination gets it inside its dialog with the new offer, and the answer comes back in the 200', async () => {
    const desk = await destinations.start('reinvite-uas');
    await ringroute.setDestinations(business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await ringroute.callCount();

    const caller = await runUac('reinvite-uac', { port: ringroute.sipPort, service: business.phoneNumber, pauseMs: 100 });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    const record = await ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller' });
  });
});
