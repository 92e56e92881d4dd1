/**
 * The scenarios the relay tests (provisional-relay, mid-call-requests, late-answer) rely on,
 * sipp against sipp with nothing in between: each pair completes, and the checks meant to fail a call
 * do fail it. Above all, call-one-provisional must fail a call that hears two provisionals: sipp alone
 * would take a second 180 silently, so this is what makes "relayed once" a real check.
 */
import { expect, it } from 'vitest';
import { expectBothPassed, scenarioPairs } from './support/scenario-pairs.ts';
import { explain } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const pair = scenarioPairs();

describeWithSipp('sipp scenarios for the relay tests, sipp against sipp', () => {
  it('call-one-provisional + early-media-answer: one 183, logged with the o= line of its SDP', async () => {
    const run = await pair('early-media-answer', 'call-one-provisional', { uas: { pauseMs: 100, keys: { early_session: '73519' } } });
    expectBothPassed(run);
    expect(run.uac.logs).toEqual([expect.stringMatching(/^provisional 183 o=callee 73519 1 IN IP4 127\.0\.0\.1$/)]);
  });

  it('call-one-provisional fails a call that hears a 180 and then a 183 before the 200', async () => {
    const run = await pair('two-provisionals', 'call-one-provisional');
    expect(run.uac.exitCode, explain(run.uac)).not.toBe(0);
    expect(run.uac.stats).toMatchObject({ failedCalls: 1 });
    expect(run.uac.errors).toMatch(/Failed regexp match.*180 183/);
    expect(run.uac.logs.slice(0, 2)).toEqual(['provisional 180', expect.stringMatching(/^provisional 183 o=callee /)]);
  });

  it('call-one-provisional fails a call answered without any provisional', async () => {
    const run = await pair('answer-unannounced', 'call-one-provisional');
    expect(run.uac.exitCode, explain(run.uac)).not.toBe(0);
    expect(run.uac.errors).toMatch(/Failed regexp match/);
  });

  it('call + answer-unannounced: 200 without ringing, ACK, BYE', async () => {
    expectBothPassed(await pair('answer-unannounced', 'call', { uas: { pauseMs: 100 } }));
  });

  it('caller-cancels + ring-late-until-cancel: 100, 180 after the pause, CANCEL, 200, 487, ACK', async () => {
    expectBothPassed(await pair('ring-late-until-cancel', 'caller-cancels', { uas: { pauseMs: 100 }, uac: { pauseMs: 100 } }));
  });

  it('update-uac + update-uas: UPDATE with a new offer inside the dialog, 200 with the answer, BYE', async () => {
    expectBothPassed(await pair('update-uas', 'update-uac', { uac: { pauseMs: 100 } }));
  });

  it('callee-reinvite-uac + callee-reinvites: the callee re-INVITEs inside the dialog, the caller answers, ACK, BYE', async () => {
    expectBothPassed(await pair('callee-reinvites', 'callee-reinvite-uac', { uas: { pauseMs: 100 }, uac: { pauseMs: 100 } }));
  });

});
