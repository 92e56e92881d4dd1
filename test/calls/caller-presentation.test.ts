/**
 * Caller-ID presentation on a real call: Ana Silva's mobile (+351 21 234 5678) is virtual extension
 * 5001 of the organization. When she calls the business number, the phone that rings shows
 * "Ana Silva" and 5001 instead of a bare foreign number, the asserted identity keeps her real number,
 * the call record keeps both, and the simulator says the same. A caller from a range's numbers is shown
 * by the range's name and the ESN.
 */
import { expect, it } from 'vitest';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const destinations = suite.peers;

describeWithSipp('caller presentation on real calls', () => {
  it('a caller whose number is a virtual extension rings through as its name and ESN; the record keeps the real number', async () => {
    const created = (await suite.ringroute.request('POST', '/v1/virtual-extensions', { displayName: 'Ana Silva', extension: '5001', phoneNumber: '+351 21 234 5678' }, 201)) as {
      id: string;
    };
    const desk = await destinations.start('caller-presented-check');
    await suite.ringroute.request('PUT', `/v1/numbers/${suite.business.id}/flow`, {
      target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] },
    });
    const before = await suite.ringroute.callCount();

    // The trunk sends her number in national Portuguese format with a country code prefix it knows.
    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, from: '<sip:00351212345678@127.0.0.1>', pauseMs: 100 });
    const [deskRun] = await settle([desk]);
    expectPassed(caller, 'caller');
    expectPassed(deskRun, 'desk phone (checks From "Ana Silva" <sip:5001@…> and P-Asserted-Identity +351212345678)');

    const record = await suite.ringroute.callAfter(before);
    expect(record.caller).toEqual({
      number: '+351212345678',
      kind: 'number',
      raw: '00351212345678',
      presentedAs: { displayName: 'Ana Silva', esn: '5001', virtualExtensionId: created.id },
    });
    const simulated = (await suite.ringroute.request('POST', '/v1/calls/simulate', { to: record.dialledNumber, from: '+351 21 234 5678', behaviour: { Desk: 'answer' } })) as {
      presentedAs?: unknown;
      trace: { code: string; message: string }[];
    };
    expect(simulated.presentedAs).toEqual({ displayName: 'Ana Silva', esn: '5001', virtualExtensionId: created.id });
    expect(simulated.trace.find((e) => e.code === 'caller.presented')?.message).toBe(
      '+351 21 234 5678 is the virtual extension 5001 (Ana Silva): the phones that ring show "Ana Silva" and 5001.',
    );
  });

  it("a caller whose number falls in a range rings through as the range's name and the ESN; the simulator says the same", async () => {
    const range = (await suite.ringroute.request('POST', '/v1/virtual-extension-ranges', { name: 'Utrecht office', prefix: '+3130666', patterns: ['6XXX'] }, 201)) as { id: string };
    const desk = await destinations.start('range-presented-check');
    await suite.ringroute.request('PUT', `/v1/numbers/${suite.business.id}/flow`, {
      target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] },
    });
    const before = await suite.ringroute.callCount();

    // The trunk sends the number nationally.
    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, from: '<sip:0306666123@127.0.0.1>', pauseMs: 100 });
    const [deskRun] = await settle([desk]);
    expectPassed(caller, 'caller');
    expectPassed(deskRun, 'desk phone (checks From "Utrecht office" <sip:6123@…> and P-Asserted-Identity +31306666123)');

    const record = await suite.ringroute.callAfter(before);
    expect(record.caller).toEqual({ number: '+31306666123', kind: 'number', raw: '0306666123', presentedAs: { displayName: 'Utrecht office', esn: '6123', rangeId: range.id } });
    const simulated = (await suite.ringroute.request('POST', '/v1/calls/simulate', { to: record.dialledNumber, from: '030 666 6123', behaviour: { Desk: 'answer' } })) as {
      presentedAs?: unknown;
      trace: { code: string; message: string }[];
    };
    expect(simulated.presentedAs).toEqual({ displayName: 'Utrecht office', esn: '6123', rangeId: range.id });
    expect(simulated.trace.find((e) => e.code === 'caller.presented')?.message).toBe(
      '+31 30 666 6123 is 6123 in the range Utrecht office: the phones that ring show "Utrecht office" and 6123.',
    );
  });
});
