/**
 * Menus, announcements, queues and whispers are decided by the engine now and get their audio with the
 * media work. Until then, on a real call: a flow that reaches a prompt or a queue refuses the call with
 * 480 and the record says why (the simulator shows what the call will do once media exists); a whisper
 * is skipped and the person who answers is put through at once.
 */
import { expect, it } from 'vitest';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const destinations = suite.peers;

describeWithSipp('targets that need media, on real calls', () => {
  it('a menu: the caller gets 480, nobody rings, and the record names the reason; the simulator shows the menu', async () => {
    const sales = await destinations.start('answer');
    await suite.ringroute.request('PUT', `/v1/numbers/${suite.business.id}/flow`, {
      target: {
        type: 'menu',
        prompt: 'Press 1 for sales.',
        options: [{ key: '1', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: sales.uri('sales'), label: 'Sales' }] } }],
      },
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call-expect-status', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber });
    const [salesRun] = await settle([sales]);
    expectPassed(caller, 'caller');
    expect(caller.logs).toEqual(['outcome 480']);
    expect(salesRun.stats?.incomingCalls ?? 0).toBe(0);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'rejected', legs: [] });
    expect(record.endCause).toContain("needs ringroute's own audio");
    expect(record.timeline.map((entry) => entry.event)).toEqual(['callRejected']);

    const simulated = (await suite.ringroute.request('POST', '/v1/calls/simulate', {
      to: record.dialledNumber,
      from: record.caller.number,
      digits: ['1'],
      behaviour: { Sales: 'answer' },
    })) as { outcome: { result: string; label?: string } };
    expect(simulated.outcome).toMatchObject({ result: 'answered', label: 'Sales' });
  });

  it('a whisper that asks to accept: on a real call the person who answers is put through at once', async () => {
    const office = await destinations.start('answer');
    await suite.ringroute.request('PUT', `/v1/numbers/${suite.business.id}/flow`, {
      target: {
        type: 'ring',
        strategy: 'simultaneous',
        destinations: [{ to: office.uri('office'), label: 'Office' }],
        whisper: { template: 'Call for {label}', requireAccept: true },
      },
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    const [officeRun] = await settle([office]);
    expectPassed(caller, 'caller');
    expectPassed(officeRun, 'office');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'Office' } });
  });
});
