/**
 * A call over TCP end to end (RFC 3261 section 18): the trunk talks TCP to ringroute (sipp -t t1, one
 * connection for the whole call), and the destination is a SIP URI with `;transport=tcp` on a sipp
 * UAS that listens on TCP only, so ringroute must open a TCP connection to reach it (section 18.1.1)
 * and send the ACK and BYE there too. The call connects and ends cleanly on both sides.
 */
import { expect, it } from 'vitest';
import { callsSuite } from './support/calls-suite.ts';
import { explain, runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite({ label: 'Desk' });
const destinations = suite.peers;

describeWithSipp('a call over TCP, through ringroute serve', () => {
  it('the trunk calls over TCP, the destination is sip:…;transport=tcp: 180, 200, ACK, BYE reach both ends', async () => {
    const desk = await destinations.start('answer', { transport: 'tcp', pauseMs: 200 });
    expect(desk.uri('desk')).toMatch(/;transport=tcp$/);
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, transport: 'tcp', pauseMs: 200 });
    const [deskRun] = await settle([desk]);

    expect(caller.exitCode, `caller: ${explain(caller)}`).toBe(0);
    expect(deskRun.exitCode, `desk: ${explain(deskRun)}`).toBe(0);
    expect(caller.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
    expect(deskRun.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller', answeredBy: { label: 'Desk' } });
  });
});
