import { describe, expect, it } from 'vitest';
import { createNon2xxAck, TransactionLayer, VirtualClock, type SipMessage, type SipRequest, type SipResponse } from '../../../src/sip/index.ts';
import { alice, RecordingUser, request, response } from './support/fixtures.ts';
import { InMemoryTransport, settle } from './support/in-memory-transport.ts';

const T1 = 500;

function setup(transport: 'udp' | 'tcp' = 'udp', trying = 0) {
  const clock = new VirtualClock();
  const wire = new InMemoryTransport(clock, { transport, address: '192.0.2.20', port: 5060 });
  const user = new RecordingUser();
  const layer = new TransactionLayer({ transport: wire, user, clock, timers: { trying } });
  const from = { ...alice, transport };
  return { clock, wire, user, layer, from };
}

const statuses = (sent: { message: SipMessage }[]) => sent.map(({ message }) => (message.kind === 'response' ? message.status : message.method));

describe('server INVITE transaction (RFC 3261 §17.2.1, RFC 6026 §7.1)', () => {
  it('answers 100 Trying at once and repeats the latest provisional for a retransmitted INVITE', () => {
    const { wire, user, from } = setup();
    const invite = request('INVITE');
    wire.inject(invite, from);
    expect(statuses(wire.sent)).toEqual([100]);
    expect(user.requests).toHaveLength(1);
    wire.inject(invite, from);
    const tx = user.requests[0]!;
    tx.respond(response(tx.request, 180));
    wire.inject(invite, from);
    expect(statuses(wire.sent)).toEqual([100, 100, 180, 180]);
    expect(user.requests).toHaveLength(1);
  });

  it('with a 200 ms trying delay, skips the 100 when the TU answers in time and sends it when it does not (§17.2.1)', () => {
    const quick = setup('udp', 200);
    quick.wire.inject(request('INVITE'), quick.from);
    const answered = quick.user.requests[0]!;
    quick.clock.advance(20);
    answered.respond(response(answered.request, 180));
    quick.clock.advance(1000);
    expect(statuses(quick.wire.sent)).toEqual([180]);

    const slow = setup('udp', 200);
    slow.wire.inject(request('INVITE'), slow.from);
    slow.clock.advance(199);
    expect(statuses(slow.wire.sent)).toEqual([]);
    slow.clock.advance(1);
    expect(slow.wire.sent.map((sent) => [sent.at, statuses([sent])[0]])).toEqual([[200, 100]]);

    // A retransmitted INVITE before the delay is over gets its 100 at once.
    const retransmitted = setup('udp', 200);
    const invite = request('INVITE');
    retransmitted.wire.inject(invite, retransmitted.from);
    retransmitted.clock.advance(50);
    retransmitted.wire.inject(invite, retransmitted.from);
    retransmitted.clock.advance(1000);
    expect(retransmitted.wire.sent.map((sent) => [sent.at, statuses([sent])[0]])).toEqual([[50, 100]]);
    expect(() => new TransactionLayer({ transport: retransmitted.wire, user: retransmitted.user, timers: { trying: 201 } })).toThrow(RangeError);
  });

  it('retransmits a non-2xx on Timer G (T1 doubling to T2) and gives up with ack_timeout on Timer H', () => {
    const { clock, wire, user, from } = setup();
    wire.inject(request('INVITE'), from);
    const tx = user.requests[0]!;
    tx.respond(response(tx.request, 486));
    clock.advance(64 * T1);
    const finals = wire.sent.filter(({ message }) => message.kind === 'response' && message.status === 486);
    expect(finals.map((sent) => sent.at)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(user.errors.map((error) => error.code)).toEqual(['ack_timeout']);
    expect(tx.state).toBe('terminated');
  });

  it('stops retransmitting on the ACK, absorbs further ACKs, and ends after Timer I (T4)', () => {
    const { clock, wire, user, layer, from } = setup();
    const invite = request('INVITE');
    wire.inject(invite, from);
    const tx = user.requests[0]!;
    const busy = response(tx.request, 486);
    tx.respond(busy);
    clock.advance(T1);
    wire.inject(ackFor(invite, busy), from);
    expect(tx.state).toBe('confirmed');
    wire.inject(ackFor(invite, busy), from);
    wire.inject(invite, from);
    const sentBefore = wire.sent.length;
    clock.advance(4999);
    expect(wire.sent).toHaveLength(sentBefore);
    expect(tx.state).toBe('confirmed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
    expect(user.acks).toEqual([]);
    expect(user.errors).toEqual([]);
  });

  it('resends the final response for a retransmitted INVITE while Completed', () => {
    const { wire, user, from } = setup();
    const invite = request('INVITE');
    wire.inject(invite, from);
    const tx = user.requests[0]!;
    tx.respond(response(tx.request, 603));
    wire.inject(invite, from);
    expect(statuses(wire.sent)).toEqual([100, 603, 603]);
  });

  it('leaves 2xx retransmission to the TU (Accepted), absorbs INVITE retransmissions, passes the ACK up, ends on Timer L', () => {
    const { clock, wire, user, from } = setup();
    const invite = request('INVITE');
    wire.inject(invite, from);
    const tx = user.requests[0]!;
    const ok = response(tx.request, 200);
    tx.respond(ok);
    expect(tx.state).toBe('accepted');
    wire.inject(invite, from);
    clock.advance(10 * T1);
    expect(statuses(wire.sent)).toEqual([100, 200]);
    tx.respond(ok); // the TU's own retransmission (§13.3.1.4)
    expect(statuses(wire.sent)).toEqual([100, 200, 200]);
    // The 2xx ACK is a new transaction with its own branch: end to end, to the TU.
    const ack = request('ACK');
    wire.inject(ack, from);
    expect(user.acks.map((a) => a.callId)).toEqual([ack.callId]);
    expect(() => tx.respond(response(tx.request, 500))).toThrow(expect.objectContaining({ code: 'invalid_state' }));
    clock.advance(64 * T1 - 10 * T1);
    expect(tx.state).toBe('terminated');
  });

  it('sends nothing again over TCP and ends at once on the ACK (Timer I = 0)', () => {
    const { clock, wire, user, from } = setup('tcp');
    const invite = request('INVITE', { transport: 'TCP' });
    wire.inject(invite, from);
    const tx = user.requests[0]!;
    const busy = response(tx.request, 486);
    tx.respond(busy);
    clock.advance(64 * T1 - 1);
    expect(statuses(wire.sent)).toEqual([100, 486]);
    wire.inject(ackFor(invite, busy), from);
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });

  it('tells the TU when a response cannot be sent', async () => {
    const { wire, user, from } = setup();
    wire.inject(request('INVITE'), from);
    const tx = user.requests[0]!;
    wire.failWith = 'send_failed';
    tx.respond(response(tx.request, 486));
    await settle();
    expect(user.errors.map((error) => error.code)).toEqual(['transport_failed']);
    expect(tx.state).toBe('terminated');
  });
});

describe('server non-INVITE transaction (RFC 3261 §17.2.2)', () => {
  it('absorbs retransmissions while Trying, repeats the latest response after, and ends after Timer J (64·T1)', () => {
    const { clock, wire, user, layer, from } = setup();
    const options = request('OPTIONS');
    wire.inject(options, from);
    wire.inject(options, from);
    expect(wire.sent).toEqual([]);
    const tx = user.requests[0]!;
    tx.respond(response(tx.request, 183));
    wire.inject(options, from);
    tx.respond(response(tx.request, 200));
    wire.inject(options, from);
    expect(statuses(wire.sent)).toEqual([183, 183, 200, 200]);
    expect(user.requests).toHaveLength(1);
    expect(() => tx.respond(response(tx.request, 200))).toThrow(expect.objectContaining({ code: 'invalid_state' }));
    clock.advance(64 * T1 - 1);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
    wire.inject(options, from);
    expect(user.requests).toHaveLength(2);
  });

  it('ends at once after the final response over TCP (Timer J = 0)', () => {
    const { clock, wire, user, from } = setup('tcp');
    wire.inject(request('OPTIONS', { transport: 'TCP' }), from);
    const tx = user.requests[0]!;
    tx.respond(response(tx.request, 200));
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });
});

describe('server transaction matching (RFC 3261 §17.2.3)', () => {
  it('makes a new transaction for a new branch, and matches ACK to its INVITE by branch', () => {
    const { wire, user, from } = setup();
    wire.inject(request('OPTIONS', { branch: 'z9hG4bK-same' }), from);
    wire.inject(request('INVITE', { branch: 'z9hG4bK-same' }), from);
    wire.inject(request('OPTIONS', { branch: 'z9hG4bK-other' }), from);
    expect(user.requests.map((tx) => tx.request.method)).toEqual(['OPTIONS', 'INVITE', 'OPTIONS']);
  });

  it('falls back to RFC 2543 matching without a magic cookie, checking the ACK To tag', () => {
    const { wire, user, from } = setup();
    const invite = request('INVITE', { branch: null });
    wire.inject(invite, from);
    wire.inject(invite, from);
    expect(user.requests).toHaveLength(1);
    const tx = user.requests[0]!;
    const busy = response(tx.request, 486, 'ourtag');
    tx.respond(busy);
    wire.inject(ackFor(invite, response(invite, 486, 'nottheirs')), from);
    expect(tx.state).toBe('completed');
    expect(user.acks).toHaveLength(1);
    wire.inject(ackFor(invite, busy), from);
    expect(tx.state).toBe('confirmed');
  });

  it('tells retransmissions of old-style requests apart from new ones by CSeq', () => {
    const { wire, user, from } = setup();
    const first = request('OPTIONS', { branch: null });
    const second = first.clone();
    second.setHeader('CSeq', '2 OPTIONS');
    wire.inject(first, from);
    wire.inject(second, from);
    expect(user.requests).toHaveLength(2);
  });
});

/** The ACK alice's transaction would send for a non-2xx (§17.1.1.3). */
function ackFor(invite: SipRequest, final: SipResponse): SipRequest {
  return createNon2xxAck(invite, final);
}
