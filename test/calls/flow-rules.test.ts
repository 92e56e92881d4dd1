/**
 * A number's flow on real calls: schedule rules (closed hours, a holiday) and call filters (a blocked
 * caller, a rerouted caller) take the path the simulator predicts for the same caller at the same
 * moment. The trunk (sipp UAC) calls from `0201112222` (+31 20 111 2222) unless told otherwise.
 */
import { expect, it } from 'vitest';
import type { CallRecord } from '../../src/domain/call-record.ts';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const destinations = suite.peers;

const allWeek = [{ from: '00:00', to: '24:00' }];
const alwaysOpen = { mon: allWeek, tue: allWeek, wed: allWeek, thu: allWeek, fri: allWeek, sat: allWeek, sun: allWeek };

/** Today's date in Amsterdam, as a schedule exception names it. */
function todayInAmsterdam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

async function schedule(body: Record<string, unknown>): Promise<string> {
  const created = (await suite.ringroute.request('POST', '/v1/schedules', { name: 'Office hours', timeZone: 'Europe/Amsterdam', weekly: alwaysOpen, ...body }, 201)) as { id: string };
  return created.id;
}

/** The simulator's answer for the same caller at the moment the real call arrived. */
async function simulatedFor(record: CallRecord, behaviour: Record<string, unknown>): Promise<{ outcome: { result: string; label?: string; status?: number } }> {
  return (await suite.ringroute.request('POST', '/v1/calls/simulate', { to: record.dialledNumber, from: record.caller.number, at: record.startedAt, behaviour })) as {
    outcome: { result: string; label?: string; status?: number };
  };
}

describeWithSipp('flows on real calls', () => {
  it.each([
    ['closed hours (forced closed)', (): Record<string, unknown> => ({ override: { state: 'closed', until: '2099-01-01T00:00:00Z', reason: 'office shut' } })],
    ['a holiday today', (): Record<string, unknown> => ({ exceptions: [{ kind: 'date', date: todayInAmsterdam(), name: 'Company day out' }] })],
  ])('%s: the rule sends the call to the after-hours phone, not the office, as the simulator says', async (_case, closedNow) => {
    const office = await destinations.start('answer');
    const afterHours = await destinations.start('answer');
    const scheduleId = await schedule(closedNow());
    await suite.ringroute.request('PUT', `/v1/numbers/${suite.business.id}/flow`, {
      rules: [{ name: 'Closed', scheduleId, when: 'closed', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: afterHours.uri('night'), label: 'After hours' }] } }],
      target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: office.uri('office'), label: 'Office' }] },
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    const [officeRun, afterHoursRun] = await settle([office, afterHours]);

    expectPassed(caller, 'caller');
    expectPassed(afterHoursRun, 'after-hours phone');
    expect(officeRun.stats?.incomingCalls ?? 0).toBe(0);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'After hours' } });
    expect((await simulatedFor(record, { 'After hours': 'answer', Office: 'answer' })).outcome).toMatchObject({ result: 'answered', label: 'After hours' });
  });

  it('a blocked caller is refused with 603 and nobody rings; a rerouted caller goes to the VIP line', async () => {
    const office = await destinations.start('answer');
    const vip = await destinations.start('answer');
    await suite.ringroute.request('PUT', `/v1/numbers/${suite.business.id}/flow`, {
      filter: {
        mode: 'block',
        entries: [
          { label: 'Pest', match: '020 111 2222', action: 'reject' },
          { label: 'Biggest customer', match: '020 333 4444', action: { kind: 'reroute', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: vip.uri('vip'), label: 'VIP line' }] } } },
        ],
      },
      target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: office.uri('office'), label: 'Office' }] },
    });

    let before = await suite.ringroute.callCount();
    const pest = await runUac('call-expect-status', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber });
    expectPassed(pest, 'blocked caller');
    expect(pest.logs).toEqual(['outcome 603']);
    const refused = await suite.ringroute.callAfter(before);
    expect(refused).toMatchObject({ result: 'rejected', legs: [] });
    expect((await simulatedFor(refused, {})).outcome).toMatchObject({ result: 'rejected', status: 603 });

    before = await suite.ringroute.callCount();
    const customer = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, from: '<sip:0203334444@127.0.0.1>', pauseMs: 100 });
    const [officeRun, vipRun] = await settle([office, vip]);
    expectPassed(customer, 'customer');
    expectPassed(vipRun, 'VIP line');
    expect(officeRun.stats?.incomingCalls ?? 0).toBe(0);
    const rerouted = await suite.ringroute.callAfter(before);
    expect(rerouted).toMatchObject({ result: 'answered', answeredBy: { label: 'VIP line' } });
    expect((await simulatedFor(rerouted, { 'VIP line': 'answer', Office: 'answer' })).outcome).toMatchObject({ result: 'answered', label: 'VIP line' });
  });

  it('a roster in the ring: the call reaches whoever is on call now (a swap hands today to Ben), as the simulator says', async () => {
    const anna = await destinations.start('answer');
    const ben = await destinations.start('answer');
    const day = 24 * 60 * 60 * 1000;
    const wholeMinute = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
    const roster = (await suite.ringroute.request(
      'POST',
      '/v1/rosters',
      {
        name: 'Support on call',
        timeZone: 'Europe/Amsterdam',
        members: [
          { to: anna.uri('anna'), label: 'Anna' },
          { to: ben.uri('ben'), label: 'Ben' },
        ],
        rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-01-05' },
        // Whatever week it is, Ben has swapped in from yesterday to tomorrow.
        overrides: [{ from: wholeMinute(Date.now() - day), to: wholeMinute(Date.now() + day), memberIndex: 1, reason: 'swap' }],
      },
      201,
    )) as { id: string };
    await suite.ringroute.request('PUT', `/v1/numbers/${suite.business.id}/flow`, {
      target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: `roster:${roster.id}` }] },
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    const [annaRun, benRun] = await settle([anna, ben]);

    expectPassed(caller, 'caller');
    expectPassed(benRun, 'Ben (on call)');
    expect(annaRun.stats?.incomingCalls ?? 0).toBe(0);
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'Ben', destination: ben.uri('ben') } });
    expect((await simulatedFor(record, { Ben: 'answer', Anna: 'answer' })).outcome).toMatchObject({ result: 'answered', label: 'Ben' });
  });
});
