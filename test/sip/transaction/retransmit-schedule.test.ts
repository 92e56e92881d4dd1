import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransactionLayer, VirtualClock, type SipMessage } from '../../../src/sip/index.ts';
import { alice, bob, RecordingHandler, RecordingUser, request, response } from './support/fixtures.ts';
import { InMemoryTransport } from './support/in-memory-transport.ts';

/** The send times RFC 3261 §17.1.2.2 / §17.2.1 prescribe: gaps T1, 2·T1, … capped at `cap`, before `end`. */
function expectedTimes(t1: number, cap: number, end: number): number[] {
  const times = [0];
  let gap = t1;
  while (times[times.length - 1]! + gap < end) {
    times.push(times[times.length - 1]! + gap);
    gap = Math.min(gap * 2, cap);
  }
  return times;
}

const timerArbitrary = fc
  .record({ t1: fc.integer({ min: 1, max: 1000 }), factor: fc.integer({ min: 1, max: 16 }) })
  .map(({ t1, factor }) => ({ t1, t2: t1 * factor, t4: 5000, timerD: 32_000 }));

describe('retransmission schedules for any T1 and T2', () => {
  it('Timer E (non-INVITE client) doubles from T1 up to T2 until Timer F', () => {
    fc.assert(
      fc.property(timerArbitrary, (timers) => {
        const clock = new VirtualClock();
        const wire = new InMemoryTransport(clock, alice);
        const layer = new TransactionLayer({ transport: wire, user: new RecordingUser(), clock, timers });
        const handler = new RecordingHandler();
        layer.sendRequest(request('OPTIONS'), bob, handler);
        clock.advance(64 * timers.t1);
        expect(wire.sent.map((sent) => sent.at)).toEqual(expectedTimes(timers.t1, timers.t2, 64 * timers.t1));
        expect(handler.failures.map((error) => error.code)).toEqual(['timeout']);
      }),
      { numRuns: 50 },
    );
  });

  it('Timer A (INVITE client) doubles from T1 without a cap until Timer B', () => {
    fc.assert(
      fc.property(timerArbitrary, (timers) => {
        const clock = new VirtualClock();
        const wire = new InMemoryTransport(clock, alice);
        const layer = new TransactionLayer({ transport: wire, user: new RecordingUser(), clock, timers });
        layer.sendRequest(request('INVITE'), bob, new RecordingHandler());
        clock.advance(64 * timers.t1);
        expect(wire.sent.map((sent) => sent.at)).toEqual(expectedTimes(timers.t1, Infinity, 64 * timers.t1));
      }),
      { numRuns: 50 },
    );
  });

  it('Timer G (INVITE server) doubles from T1 up to T2 until Timer H', () => {
    fc.assert(
      fc.property(timerArbitrary, (timers) => {
        const clock = new VirtualClock();
        const wire = new InMemoryTransport(clock, bob);
        const user = new RecordingUser();
        new TransactionLayer({ transport: wire, user, clock, timers });
        wire.inject(request('INVITE'), alice);
        const tx = user.requests[0]!;
        tx.respond(response(tx.request, 480));
        clock.advance(64 * timers.t1);
        const finals = wire.sent.filter(({ message }: { message: SipMessage }) => message.kind === 'response' && message.status === 480);
        expect(finals.map((sent) => sent.at)).toEqual(expectedTimes(timers.t1, timers.t2, 64 * timers.t1));
        expect(user.errors.map((error) => error.code)).toEqual(['ack_timeout']);
      }),
      { numRuns: 50 },
    );
  });
});
