/**
 * Digest authentication toward the trunk (RFC 3261 §22.2): a carrier that challenges ringroute's
 * INVITE with 401 gets it again with an Authorization made from the trunk's username and password.
 * The sipp UAS playing the carrier checks the credentials itself (`verifyauth`) and refuses the call
 * with 403 when they are wrong.
 */
import { beforeAll, expect, it } from 'vitest';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite({ trunkName: 'Carrier with credentials' });
const peers = suite.peers;

beforeAll(async () => {
  await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: '+31 6 1234 5678', label: 'Mobile', ringSeconds: 5 }] });
});

describeWithSipp('digest authentication toward the trunk', () => {
  it('answers the carrier\'s 401 with the trunk\'s credentials; the call connects', async () => {
    const carrier = await peers.start('trunk-challenges');
    await suite.ringroute.request('PATCH', `/v1/trunks/${suite.trunkId}`, { port: carrier.port, username: 'acme', password: 'trunk-secret' });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    const [carrierRun] = await settle([carrier]);

    expectPassed(caller, 'caller');
    expectPassed(carrierRun, 'carrier (verifies the Authorization)');
    expect(carrierRun.logs).toEqual(['authorization true']);
    expect(await suite.ringroute.callAfter(before)).toMatchObject({ result: 'answered', answeredBy: { destination: '+31612345678' } });
  });

  it('with a wrong password the carrier refuses (403); the leg is recorded as rejected and the caller gets 480', async () => {
    const carrier = await peers.start('trunk-challenges');
    await suite.ringroute.request('PATCH', `/v1/trunks/${suite.trunkId}`, { port: carrier.port, username: 'acme', password: 'not-the-secret' });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call-expect-status', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber });
    await settle([carrier]);

    expectPassed(caller, 'caller');
    expect(caller.logs).toEqual(['outcome 480']);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'noAnswer' });
    expect(record.legs).toEqual([expect.objectContaining({ destination: '+31612345678', result: 'rejected', status: 403 })]);
  });
});
