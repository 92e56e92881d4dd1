/**
 * Calls in progress, seen from the API while they ring (`GET /v1/calls/active`), and what a shutdown
 * does to a call that is talking: both sides get a BYE before the process exits.
 */
import { expect, it } from 'vitest';
import type { CallRecord } from '../../src/domain/call-record.ts';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const peers = suite.peers;

async function active(): Promise<readonly CallRecord[]> {
  const page = (await suite.ringroute.request('GET', '/v1/calls/active')) as { items: CallRecord[] };
  return page.items;
}

describeWithSipp('calls in progress', () => {
  it('GET /v1/calls/active shows a call while it rings, with its ringing leg, and not after the caller gave up', async () => {
    const desk = await peers.start('ring-until-cancel');
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk', ringSeconds: 30 }] });
    expect(await active()).toEqual([]);

    // The caller hangs up after 2 s of ringing; meanwhile the API shows the call.
    const calling = runUac('caller-cancels', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 2_000 });
    let seen: readonly CallRecord[] = [];
    for (let i = 0; i < 40 && seen.length === 0; i++) {
      seen = await active();
      if (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      dialledNumber: '+31201234567',
      caller: { number: '+31201112222' },
      result: null,
      endedAt: null,
      legs: [{ label: 'Desk', result: null, answeredAt: null }],
    });
    expect(seen[0]?.timeline.map((entry) => entry.event)).toEqual(['ringing']);

    const caller = await calling;
    await settle([desk]);
    expectPassed(caller, 'caller');
    expect(await active()).toEqual([]);
  });

  it('a shutdown (SIGTERM) ends a call that is talking with a BYE to the caller and to the destination, and exits 0', async () => {
    const desk = await peers.start('answer');
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });

    // This caller never hangs up itself: it waits for a BYE from ringroute and answers it.
    const calling = runUac('callee-hangs-up', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber });
    for (let i = 0; i < 60; i++) {
      const calls = await active();
      if (calls[0]?.answeredAt) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const exit = await suite.ringroute.server.stop();
    const caller = await calling;
    const [deskRun] = await settle([desk]);

    expect(exit.code).toBe(0);
    expectPassed(caller, 'caller (expects a BYE)');
    expectPassed(deskRun, 'destination (expects a BYE)');
  });
});
