/**
 * Ringing as configured, on real SIP: `ringroute serve` between a sipp UAC playing the trunk that
 * brings the call in and sipp UASes playing the destinations (SIP URIs, rung directly). Each test sets
 * the business number's destinations over the API, places one call and checks what every peer saw and
 * the call record ringroute wrote.
 */
import { expect, it } from 'vitest';
import { callsSuite, expectPassed, legOf } from './support/calls-suite.ts';
import { runUac, settle } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const suite = callsSuite();
const destinations = suite.peers;

describeWithSipp('ringing through ringroute serve', () => {
  it('simultaneous: A answers after 1 s, B is cancelled with "Call completed elsewhere", the caller talks to A', async () => {
    const a = await destinations.start('answer', { pauseMs: 1_000 });
    // This B fails its call unless the CANCEL says Reason: SIP;cause=200;text="Call completed elsewhere" (RFC 3326).
    const b = await destinations.start('ring-until-cancel-elsewhere');
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [
        { to: a.uri('alice'), label: 'A' },
        { to: b.uri('bob'), label: 'B' },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 300 });
    const [aRun, bRun] = await settle([a, b]);

    expectPassed(caller, 'caller');
    expectPassed(aRun, 'A (answers)');
    expectPassed(bRun, 'B (cancelled)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', hungUpBy: 'caller', answeredBy: { label: 'A' }, dialledNumber: '+31201234567' });
    expect(legOf(record, 'A').result).toBe('answered');
    expect(legOf(record, 'B').result).toBe('cancelled');
  });

  it('sequential: A is busy (486), B rings next at once and answers', async () => {
    const a = await destinations.start('busy');
    const b = await destinations.start('answer', { pauseMs: 200 });
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'sequential',
      destinations: [
        { to: a.uri('alice'), label: 'A', ringSeconds: 10 },
        { to: b.uri('bob'), label: 'B', ringSeconds: 10 },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [aRun, bRun] = await settle([a, b]);

    expectPassed(caller, 'caller');
    expectPassed(aRun, 'A (busy)');
    expectPassed(bRun, 'B (answers)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'B' } });
    expect(legOf(record, 'A')).toMatchObject({ result: 'busy', status: 486 });
    expect(legOf(record, 'B').result).toBe('answered');
  });

  it('staggered (custom): A rings at once, B joins after 1 s and answers; A is cancelled as completed elsewhere', async () => {
    const a = await destinations.start('ring-until-cancel-elsewhere');
    const b = await destinations.start('answer', { pauseMs: 200 });
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'custom',
      destinations: [
        { to: a.uri('alice'), label: 'A', delaySeconds: 0, ringSeconds: 10 },
        { to: b.uri('bob'), label: 'B', delaySeconds: 1, ringSeconds: 10 },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 200 });
    const [aRun, bRun] = await settle([a, b]);

    expectPassed(caller, 'caller');
    expectPassed(aRun, 'A (cancelled)');
    expectPassed(bRun, 'B (answers)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'B' } });
    expect(legOf(record, 'A').result).toBe('cancelled');
    const ringing = (label: string) => record.timeline.find((entry) => entry.event === 'ringing' && entry.label === label);
    expect(ringing('A')?.atSeconds).toBeLessThan(1);
    // The configured delay, not a speed figure: B must not ring before its delaySeconds.
    expect(ringing('B')?.atSeconds).toBeGreaterThanOrEqual(1);
  });

  it('no answer anywhere: both ring out (ringSeconds 1), each gets a CANCEL, the caller gets 480', async () => {
    const a = await destinations.start('ring-until-cancel');
    const b = await destinations.start('ring-until-cancel');
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [
        { to: a.uri('alice'), label: 'A', ringSeconds: 1 },
        { to: b.uri('bob'), label: 'B', ringSeconds: 1 },
      ],
      noAnswer: { type: 'hangup', reason: 'unavailable' },
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call-expect-status', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber });
    const [aRun, bRun] = await settle([a, b]);

    expectPassed(caller, 'caller');
    expect(caller.logs).toEqual(['outcome 480']);
    expectPassed(aRun, 'A (rings out)');
    expectPassed(bRun, 'B (rings out)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'noAnswer', answeredBy: null });
    expect(legOf(record, 'A').result).toBe('noAnswer');
    expect(legOf(record, 'B').result).toBe('noAnswer');
  });

  it('the caller cancels while it rings: 200 to the CANCEL, 487 to the INVITE, every leg cancelled', async () => {
    const a = await destinations.start('ring-until-cancel');
    const b = await destinations.start('ring-until-cancel');
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'simultaneous',
      destinations: [
        { to: a.uri('alice'), label: 'A', ringSeconds: 20 },
        { to: b.uri('bob'), label: 'B', ringSeconds: 20 },
      ],
    });
    const before = await suite.ringroute.callCount();

    // caller-cancels waits for the 180 ringroute relays, rings 500 ms more, then sends CANCEL.
    const caller = await runUac('caller-cancels', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 500 });
    const [aRun, bRun] = await settle([a, b]);

    expectPassed(caller, 'caller (cancels)');
    expectPassed(aRun, 'A (cancelled)');
    expectPassed(bRun, 'B (cancelled)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'callerHungUp', answeredBy: null });
    expect(legOf(record, 'A').result).toBe('cancelled');
    expect(legOf(record, 'B').result).toBe('cancelled');
  });
});
