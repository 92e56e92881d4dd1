/**
 * Digest authentication toward the trunk (RFC 3261 §22.2): a carrier that challenges ringroute's
 * INVITE with 401 gets it again with an Authorization made from the trunk's username and password.
 * The sipp UAS playing the carrier checks the credentials itself (`verifyauth`) and refuses the call
 * with 403 when they are wrong.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { freePort } from '../sip/interop/support/free-port.ts';
import { ringrouteForCalls, type BusinessNumber, type CallsFixture } from './support/ringroute-for-calls.ts';
import { explain, runUac, settle, UasPool, type PeerRun } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

let ringroute: CallsFixture;
let business: BusinessNumber;
let trunkId: string;
const peers = new UasPool();

beforeAll(async () => {
  ringroute = await ringrouteForCalls();
  trunkId = await ringroute.createTrunk({ port: await freePort(), name: 'Carrier with credentials' });
  business = await ringroute.createNumber('+31 20 123 4567', 'Sales');
  await ringroute.setDestinations(business.id, { strategy: 'simultaneous', destinations: [{ to: '+31 6 1234 5678', label: 'Mobile', ringSeconds: 5 }] });
});

afterEach(() => peers.stopAll());

afterAll(async () => {
  await peers.stopAll();
  await ringroute?.stop();
});

function expectPassed(run: PeerRun, who: string): void {
  expect(run.exitCode, `${who}: ${explain(run)}`).toBe(0);
}

describeWithSipp('digest authentication toward the trunk', () => {
  it('answers the carrier\'s 401 with the trunk\'s credentials; the call connects', async () => {
    const carrier = await peers.start('trunk-challenges');
    await ringroute.request('PATCH', `/v1/trunks/${trunkId}`, { port: carrier.port, username: 'acme', password: 'trunk-secret' });
    const before = await ringroute.callCount();

    const caller = await runUac('call', { port: ringroute.sipPort, service: business.phoneNumber, pauseMs: 100 });
    const [carrierRun] = await settle([carrier]);

    expectPassed(caller, 'caller');
    expectPassed(carrierRun, 'carrier (verifies the Authorization)');
    expect(carrierRun.logs).toEqual(['authorization true']);
    expect(await ringroute.callAfter(before)).toMatchObject({ result: 'answered', answeredBy: { destination: '+31612345678' } });
  });

  it('with a wrong password the carrier refuses (403); the leg is recorded as rejected and the caller gets 480', async () => {
    const carrier = await peers.start('trunk-challenges');
    await ringroute.request('PATCH', `/v1/trunks/${trunkId}`, { port: carrier.port, username: 'acme', password: 'not-the-secret' });
    const before = await ringroute.callCount();

    const caller = await runUac('call-expect-status', { port: ringroute.sipPort, service: business.phoneNumber });
    await settle([carrier]);

    expectPassed(caller, 'caller');
    expect(caller.logs).toEqual(['outcome 480']);
    const record = await ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'noAnswer' });
    expect(record.legs).toEqual([expect.objectContaining({ destination: '+31612345678', result: 'rejected', status: 403 })]);
  });
});
