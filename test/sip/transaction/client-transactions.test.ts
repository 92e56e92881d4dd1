import { describe, expect, it } from 'vitest';
import { TransactionLayer, VirtualClock, type SipMessage } from '../../../src/sip/index.ts';
import { bob, RecordingHandler, RecordingUser, request, response } from './support/fixtures.ts';
import { InMemoryTransport, settle } from './support/in-memory-transport.ts';

const T1 = 500;

function setup(transport: 'udp' | 'tcp' = 'udp') {
  const clock = new VirtualClock();
  const wire = new InMemoryTransport(clock, { transport, address: '192.0.2.10', port: 5060 });
  const user = new RecordingUser();
  const layer = new TransactionLayer({ transport: wire, user, clock });
  const handler = new RecordingHandler();
  const destination = { ...bob, transport };
  return { clock, wire, user, layer, handler, destination };
}

const isMethod = (method: string) => (message: SipMessage) => message.kind === 'request' && message.method === method;

describe('client INVITE transaction (RFC 3261 §17.1.1, RFC 6026 §7.2)', () => {
  it('retransmits on Timer A, doubling from T1, and times out on Timer B (64·T1)', async () => {
    const { clock, wire, layer, handler, destination } = setup();
    const tx = layer.sendRequest(request('INVITE'), destination, handler);
    clock.advance(64 * T1 - 1);
    expect(wire.sentWhere(isMethod('INVITE')).map((sent) => sent.at)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(handler.failures).toEqual([]);
    clock.advance(1);
    expect(handler.failures.map((error) => error.code)).toEqual(['timeout']);
    expect(tx.state).toBe('terminated');
    expect(handler.terminated).toBe(true);
    expect(layer.size).toBe(0);
    clock.advance(100_000);
    expect(wire.sent).toHaveLength(7);
  });

  it('honours a configured T1', () => {
    const clock = new VirtualClock();
    const wire = new InMemoryTransport(clock, { transport: 'udp', address: '192.0.2.10', port: 5060 });
    const layer = new TransactionLayer({ transport: wire, user: new RecordingUser(), clock, timers: { t1: 100 } });
    const handler = new RecordingHandler();
    layer.sendRequest(request('INVITE'), bob, handler);
    clock.advance(6400);
    expect(wire.sent.map((sent) => sent.at)).toEqual([0, 100, 300, 700, 1500, 3100, 6300]);
    expect(handler.failures.map((error) => error.code)).toEqual(['timeout']);
  });

  it('stops retransmitting and Timer B on a provisional response, and passes it up', () => {
    const { clock, wire, layer, handler, destination } = setup();
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, destination, handler);
    clock.advance(T1);
    wire.inject(response(invite, 180), bob);
    clock.advance(200_000);
    expect(wire.sent).toHaveLength(2);
    expect(tx.state).toBe('proceeding');
    expect(handler.statuses).toEqual([180]);
    expect(handler.failures).toEqual([]);
  });

  it('ACKs a non-2xx final response itself, again for each retransmission, and ends after Timer D', () => {
    const { clock, wire, layer, handler, destination } = setup();
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, destination, handler);
    const busy = response(invite, 486);
    wire.inject(busy, bob);
    expect(tx.state).toBe('completed');
    const [ack] = wire.sentWhere(isMethod('ACK'));
    expect(ack?.to).toEqual(destination);
    const ackRequest = ack!.message;
    expect(ackRequest.kind === 'request' && ackRequest.uriText).toBe(invite.uriText);
    expect(ackRequest.topVia.branch).toBe(invite.topVia.branch);
    expect(ackRequest.via).toHaveLength(1);
    expect(ackRequest.to.params.get('tag')).toBe('bobtag');
    expect(ackRequest.cseq).toEqual({ seq: invite.cseq.seq, method: 'ACK' });

    wire.inject(busy, bob);
    expect(wire.sentWhere(isMethod('ACK'))).toHaveLength(2);
    expect(handler.statuses).toEqual([486]);

    clock.advance(32_000 - 1);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(handler.failures).toEqual([]);
  });

  it('enters Accepted on a 2xx, passes every 2xx to the TU without ACKing, and ends on Timer M', () => {
    const { clock, wire, user, layer, handler, destination } = setup();
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, destination, handler);
    const ok = response(invite, 200);
    wire.inject(ok, bob);
    expect(tx.state).toBe('accepted');
    wire.inject(ok, bob);
    wire.inject(response(invite, 200, 'otherfork'), bob);
    expect(handler.statuses).toEqual([200, 200, 200]);
    expect(wire.sentWhere(isMethod('ACK'))).toEqual([]);
    clock.advance(64 * T1);
    expect(tx.state).toBe('terminated');
    wire.inject(ok, bob);
    expect(user.strays.map((r) => r.status)).toEqual([200]);
    expect(handler.statuses).toHaveLength(3);
  });

  it('does not retransmit over TCP and ends at once after a non-2xx (Timer D = 0)', () => {
    const { clock, wire, layer, handler, destination } = setup('tcp');
    const invite = request('INVITE', { transport: 'TCP' });
    const tx = layer.sendRequest(invite, destination, handler);
    clock.advance(64 * T1 - 1);
    expect(wire.sentWhere(isMethod('INVITE'))).toHaveLength(1);
    wire.inject(response(invite, 503), { ...bob, transport: 'tcp' });
    clock.advance(0);
    expect(tx.state).toBe('terminated');
    expect(wire.sentWhere(isMethod('ACK'))).toHaveLength(1);
  });

  it('reports a transport failure as transport_failed', async () => {
    const { wire, layer, handler, destination } = setup();
    wire.failWith = 'connect_failed';
    const tx = layer.sendRequest(request('INVITE'), destination, handler);
    await settle();
    expect(handler.failures.map((error) => [error.code, (error.cause as { code?: string }).code])).toEqual([['transport_failed', 'connect_failed']]);
    expect(tx.state).toBe('terminated');
  });
});

describe('client non-INVITE transaction (RFC 3261 §17.1.2)', () => {
  it('retransmits on Timer E, doubling up to T2, and times out on Timer F', () => {
    const { clock, wire, layer, handler, destination } = setup();
    const tx = layer.sendRequest(request('OPTIONS'), destination, handler);
    clock.advance(64 * T1);
    expect(wire.sent.map((sent) => sent.at)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(handler.failures.map((error) => error.code)).toEqual(['timeout']);
    expect(tx.state).toBe('terminated');
  });

  it('retransmits every T2 once a provisional response arrived', () => {
    const { clock, wire, layer, handler, destination } = setup();
    const options = request('OPTIONS');
    const tx = layer.sendRequest(options, destination, handler);
    clock.advance(600);
    wire.inject(response(options, 100), bob);
    expect(tx.state).toBe('proceeding');
    clock.advance(20_000);
    expect(wire.sent.map((sent) => sent.at)).toEqual([0, 500, 1500, 5500, 9500, 13500, 17500]);
  });

  it('passes one final response up, absorbs its retransmissions, and ends after Timer K (T4)', () => {
    const { clock, wire, layer, handler, destination } = setup();
    const options = request('OPTIONS');
    const tx = layer.sendRequest(options, destination, handler);
    const ok = response(options, 200);
    wire.inject(ok, bob);
    wire.inject(ok, bob);
    expect(handler.statuses).toEqual([200]);
    expect(tx.state).toBe('completed');
    clock.advance(10_000);
    expect(wire.sent).toHaveLength(1);
    expect(tx.state).toBe('terminated');
    expect(handler.failures).toEqual([]);
  });

  it('keeps Timer K at T4 exactly', () => {
    const { clock, wire, layer, handler, destination } = setup();
    const options = request('OPTIONS');
    const tx = layer.sendRequest(options, destination, handler);
    wire.inject(response(options, 404), bob);
    clock.advance(4999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('does not retransmit over TCP and ends at once (Timer K = 0)', () => {
    const { clock, wire, layer, handler, destination } = setup('tcp');
    const options = request('OPTIONS', { transport: 'TCP' });
    const tx = layer.sendRequest(options, destination, handler);
    clock.advance(64 * T1 - 1);
    expect(wire.sent).toHaveLength(1);
    wire.inject(response(options, 200), { ...bob, transport: 'tcp' });
    clock.advance(0);
    expect(tx.state).toBe('terminated');
    expect(handler.statuses).toEqual([200]);
  });

  it('keeps the responses of two transactions apart by branch and method (§17.1.3)', () => {
    const { wire, layer, destination } = setup();
    const first = request('OPTIONS');
    const second = request('OPTIONS');
    const a = new RecordingHandler();
    const b = new RecordingHandler();
    layer.sendRequest(first, destination, a);
    layer.sendRequest(second, destination, b);
    wire.inject(response(second, 404), bob);
    expect(a.statuses).toEqual([]);
    expect(b.statuses).toEqual([404]);
    expect(() => layer.sendRequest(first, destination, new RecordingHandler())).toThrow(/already in use/);
  });
});

describe('ACK for a 2xx (RFC 3261 §13.2.2.4)', () => {
  it('goes straight to the transport, outside any transaction', async () => {
    const { wire, layer, destination } = setup();
    const ack = request('ACK');
    await layer.sendAck(ack, destination);
    expect(wire.sent.map((sent) => [sent.message.kind === 'request' && sent.message.method, sent.to])).toEqual([['ACK', destination]]);
    expect(layer.size).toBe(0);
    expect(() => layer.sendRequest(request('ACK'), destination, new RecordingHandler())).toThrow(TypeError);
    expect(() => layer.sendAck(request('BYE'), destination)).toThrow(TypeError);
  });
});
