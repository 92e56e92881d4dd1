/**
 * The scenarios in ./scenarios, sipp against sipp with nothing in between: each pair the ringroute
 * tests rely on completes here, and the checks that are meant to fail a call (a missing Reason, a
 * caller ID not in E.164) do fail it. So when a ringroute test fails, ringroute is the suspect, not the
 * XML.
 */
import { expect, it } from 'vitest';
import { expectBothPassed, scenarioPairs } from './support/scenario-pairs.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const pair = scenarioPairs();

describeWithSipp('sipp scenarios for the call tests, sipp against sipp', () => {
  it('call + answer: INVITE with an offer, 180, 200 with an answer after the pause, ACK, BYE', async () => {
    expectBothPassed(await pair('answer', 'call', { uas: { calls: 2, pauseMs: 200 }, uac: { calls: 2, pauseMs: 100 } }), 2);
  });

  it('call-expect-status logs the refusal it got: 486 from busy, 603 from decline', async () => {
    const busy = await pair('busy', 'call-expect-status');
    expectBothPassed(busy);
    expect(busy.uac.logs).toEqual(['outcome 486']);
    const decline = await pair('decline', 'call-expect-status');
    expectBothPassed(decline);
    expect(decline.uac.logs).toEqual(['outcome 603']);
  });

  it('call-expect-status fails a call that is answered', async () => {
    const run = await pair('answer', 'call-expect-status');
    expect(run.uac.exitCode).not.toBe(0);
    expect(run.uac.errors).toMatch(/200 OK/);
  });

  it('call-or-503 counts answered and refused calls apart, and reads Retry-After', async () => {
    const refused = await pair('reject-503', 'call-or-503');
    expectBothPassed(refused);
    expect(refused.uac.logs).toEqual(['outcome 503 retry-after 1']);
    const answered = await pair('answer', 'call-or-503');
    expectBothPassed(answered);
    expect(answered.uac.logs).toEqual(['outcome 200']);
  });

  it('caller-cancels + ring-until-cancel: 180, CANCEL, 200, 487, ACK', async () => {
    expectBothPassed(await pair('ring-until-cancel', 'caller-cancels', { uac: { pauseMs: 200 } }));
  });

  it('ring-until-cancel-elsewhere takes a CANCEL with Reason cause=200 "Call completed elsewhere" and fails one without', async () => {
    const elsewhere = 'SIP;cause=200;text="Call completed elsewhere"';
    expectBothPassed(await pair('ring-until-cancel-elsewhere', 'caller-cancels', { uac: { pauseMs: 100, keys: { cancel_reason: elsewhere } } }));
    const other = await pair('ring-until-cancel-elsewhere', 'caller-cancels', { uac: { pauseMs: 100 } });
    expect(other.uas.exitCode).not.toBe(0);
    expect(other.uas.errors).toMatch(/Failed regexp match/);
  });

  it('callee-hangs-up + answer-then-bye: the destination sends a BYE inside the dialog and gets 200', async () => {
    expectBothPassed(await pair('answer-then-bye', 'callee-hangs-up', { uas: { pauseMs: 200 } }));
  });

  it('reinvite-uac + reinvite-uas: a re-INVITE with a new offer inside the dialog, 200 with an answer, ACK, BYE', async () => {
    expectBothPassed(await pair('reinvite-uas', 'reinvite-uac', { uac: { pauseMs: 100 } }));
  });

  it('caller-id-check passes an E.164 From and P-Asserted-Identity and fails a national From', async () => {
    const identity = { identity_header: 'P-Asserted-Identity: <sip:+31201112222@127.0.0.1>' };
    const e164 = await pair('caller-id-check', 'outbound-leg', { uac: { service: '+31612345678', from: '<sip:+31201112222@127.0.0.1>', keys: identity } });
    expectBothPassed(e164);
    const national = await pair('caller-id-check', 'outbound-leg', { uac: { service: '+31612345678', from: '<sip:0201112222@127.0.0.1>', keys: identity } });
    expect(national.uas.exitCode).not.toBe(0);
    expect(national.uas.errors).toMatch(/Failed regexp match.*0201112222/);
  });

  it('caller-id-anonymous passes the anonymous From with Privacy: id and fails one without Privacy', async () => {
    const from = '"Anonymous" <sip:anonymous@anonymous.invalid>';
    expectBothPassed(await pair('caller-id-anonymous', 'outbound-leg', { uac: { service: '+31612345678', from, keys: { identity_header: 'Privacy: id' } } }));
    const open = await pair('caller-id-anonymous', 'outbound-leg', { uac: { service: '+31612345678', from, keys: { identity_header: 'Subject: no privacy asked' } } });
    expect(open.uas.exitCode).not.toBe(0);
  });
});
