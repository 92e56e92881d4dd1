/**
 * 180/183 relayed to the caller once (issue 4, point 3): however many destinations ring, the trunk
 * hears one provisional response above 100 before the 200, and a 183 with early-media SDP reaches it
 * with that SDP unchanged. The caller's scenario (call-one-provisional) fails the call on a second
 * 180/183 or on none; sipp-scenarios-relay.test.ts shows it does.
 */
import { expect, it } from 'vitest';
import { callsSuite, expectPassed, legOf } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const destinations = suite.peers;

describeWithSipp('provisional responses relayed once, through ringroute serve', () => {
  it('two destinations ring at once and both send 180: the caller hears one 180 before the 200', async () => {
    // Both send 180 the moment the INVITE arrives; A picks up after 600 ms, B rings until cancelled.
    const a = await destinations.start('answer', { pauseMs: 600 });
    const b = await destinations.start('ring-until-cancel');
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [
        { to: a.uri('alice'), label: 'A' },
        { to: b.uri('bob'), label: 'B' },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call-one-provisional', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [aRun, bRun] = await settle([a, b]);

    expectPassed(caller, 'caller (one provisional)');
    expect(caller.logs).toEqual(['provisional 180']);
    expectPassed(aRun, 'A (answers)');
    expectPassed(bRun, 'B (cancelled)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'A' } });
    // Both rang, so the caller could have heard two 180s.
    expect(record.timeline.filter((entry) => entry.event === 'ringing').map((entry) => entry.label).sort()).toEqual(['A', 'B']);
    expect(legOf(record, 'B').result).toBe('cancelled');
  });

  it('a 183 with SDP from the first destination reaches the caller with its SDP, and the later 180 of the other does not', async () => {
    // A answers the offer in a 183 at once (early media, session id 73519) and picks up after 800 ms;
    // B sends 100 at once and its 180 only after 300 ms, so A's 183 is the first provisional.
    const a = await destinations.start('early-media-answer', { pauseMs: 800, keys: { early_session: '73519' } });
    const b = await destinations.start('ring-late-until-cancel', { pauseMs: 300 });
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [
        { to: a.uri('alice'), label: 'A' },
        { to: b.uri('bob'), label: 'B' },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call-one-provisional', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [aRun, bRun] = await settle([a, b]);

    expectPassed(caller, 'caller (one provisional)');
    // RFC 3264: the early answer is A's own SDP, o= line and all.
    expect(caller.logs).toEqual([expect.stringMatching(/^provisional 183 o=callee 73519 1 IN IP4 127\.0\.0\.1$/)]);
    expectPassed(aRun, 'A (early media, answers)');
    expectPassed(bRun, 'B (rings late, cancelled)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'A' } });
    expect(legOf(record, 'B').result).toBe('cancelled');
  });
});
