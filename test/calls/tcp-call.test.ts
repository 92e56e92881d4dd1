/**
 * A call over TCP end to end (RFC 3261 section 18): the trunk talks TCP to ringroute (sipp -t t1, one
 * connection for the whole call), and the destination is a SIP URI with `;transport=tcp` on a sipp
 * UAS that listens on TCP only, so ringroute must open a TCP connection to reach it (section 18.1.1)
 * and send the ACK and BYE there too. The call connects and ends cleanly on both sides.
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

describeWithSipp('a call over TCP, through ringroute serve', () => {
  it('the trunk calls over TCP, the destination is sip:…;transport=tcp: 180, 200, ACK, BYE reach both ends', async () => {
    const desk = await destinations.start('answer', { transport: 'tcp', pauseMs: 200 });
    expect(desk.uri('desk')).toMatch(/;transport=tcp$/);
    await ringroute.setDestinations(business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await ringroute.callCount();

    const caller = await runUac('call', { port: ringroute.sipPort, service: business.phoneNumber, transport: 'tcp', pauseMs: 200 });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    expect(caller.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
    expect(deskRun.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
    const record = await ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller', answeredBy: { label: 'Desk' } });
  });
});
