import { describe, expect, it } from 'vitest';
import { createCancel, TransactionLayer, VirtualClock, type SipMessage } from '../../../src/sip/index.ts';
import { alice, bob, CancellingUser, RecordingHandler, RecordingUser, request, response } from './support/fixtures.ts';
import { InMemoryTransport, settle } from './support/in-memory-transport.ts';

function server(user = new RecordingUser()) {
  const clock = new VirtualClock();
  const wire = new InMemoryTransport(clock, { transport: 'udp', address: bob.address, port: bob.port });
  const layer = new TransactionLayer({ transport: wire, user, clock });
  return { clock, wire, user, layer };
}

const responses = (sent: { message: SipMessage }[]) =>
  sent.flatMap(({ message }) => (message.kind === 'response' ? [`${message.status} ${message.cseq.method}`] : []));

describe('createCancel (RFC 3261 §9.1)', () => {
  it('copies the INVITE identity with the top Via only and the method CANCEL', () => {
    const invite = request('INVITE');
    invite.appendHeader('Via', 'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-lower');
    invite.appendHeader('Route', '<sip:proxy.example;lr>');
    const cancel = createCancel(invite, [{ name: 'Reason', value: 'SIP;cause=200;text="Call completed elsewhere"' }]);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.uriText).toBe(invite.uriText);
    expect(cancel.via).toEqual([invite.topVia]);
    expect(cancel.rawHeaders('Route')).toEqual(['<sip:proxy.example;lr>']);
    expect([cancel.callId, cancel.rawHeader('From'), cancel.rawHeader('To')]).toEqual([invite.callId, invite.rawHeader('From'), invite.rawHeader('To')]);
    expect(cancel.cseq).toEqual({ seq: invite.cseq.seq, method: 'CANCEL' });
    expect(cancel.rawHeader('Reason')).toContain('cause=200');
    expect(() => createCancel(request('OPTIONS'))).toThrow(TypeError);
  });
});

describe('CANCEL at the server (RFC 3261 §9.2)', () => {
  it('matches the INVITE, answers the CANCEL 200 and hands the INVITE to the TU to answer 487', () => {
    const { wire, user } = server(new CancellingUser());
    const invite = request('INVITE');
    wire.inject(invite, alice);
    wire.inject(createCancel(invite), alice);
    expect(user.cancels).toEqual([user.requests[0]]);
    expect(user.requests).toHaveLength(1);
    const tx = user.cancels[0]!;
    tx.respond(response(tx.request, 487));
    expect(responses(wire.sent)).toEqual(['100 INVITE', '200 CANCEL', '487 INVITE']);
  });

  it('answers 487 itself when the TU takes no CANCELs', () => {
    const { wire, user } = server();
    const invite = request('INVITE');
    wire.inject(invite, alice);
    wire.inject(createCancel(invite), alice);
    expect(responses(wire.sent)).toEqual(['100 INVITE', '200 CANCEL', '487 INVITE']);
    expect(user.requests[0]!.state).toBe('completed');
  });

  it('answers 481 to a CANCEL that matches no INVITE, and has no effect after a final response', () => {
    const { wire, user } = server(new CancellingUser());
    wire.inject(createCancel(request('INVITE')), alice);
    const invite = request('INVITE');
    wire.inject(invite, alice);
    const tx = user.requests[0]!;
    tx.respond(response(tx.request, 200));
    wire.inject(createCancel(invite), alice);
    expect(responses(wire.sent)).toEqual(['481 CANCEL', '100 INVITE', '200 INVITE', '200 CANCEL']);
    expect(user.cancels).toEqual([]);
  });

  it('absorbs a retransmitted CANCEL in its own transaction', () => {
    const { wire, user } = server(new CancellingUser());
    const invite = request('INVITE');
    wire.inject(invite, alice);
    const cancel = createCancel(invite);
    wire.inject(cancel, alice);
    wire.inject(cancel, alice);
    expect(user.cancels).toHaveLength(1);
    expect(responses(wire.sent)).toEqual(['100 INVITE', '200 CANCEL', '200 CANCEL']);
  });
});

describe('CANCEL at the client (RFC 3261 §9.1)', () => {
  it('waits for a provisional response before sending the CANCEL, to the INVITE destination', () => {
    const clock = new VirtualClock();
    const wire = new InMemoryTransport(clock, { transport: 'udp', address: alice.address, port: alice.port });
    const layer = new TransactionLayer({ transport: wire, user: new RecordingUser(), clock });
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, bob, new RecordingHandler());
    const cancelHandler = new RecordingHandler();
    const cancel = layer.cancel(tx, cancelHandler);
    expect(cancel?.method).toBe('CANCEL');
    expect(wire.sent.filter(({ message }) => message.kind === 'request' && message.method === 'CANCEL')).toEqual([]);
    wire.inject(response(invite, 180), bob);
    const sentCancel = wire.sent.filter(({ message }) => message.kind === 'request' && message.method === 'CANCEL');
    expect(sentCancel.map((sent) => sent.to)).toEqual([bob]);
    wire.inject(response(cancel!, 200), bob);
    expect(cancelHandler.statuses).toEqual([200]);
  });

  it('sends no CANCEL when the final response comes first, and refuses to cancel an answered INVITE', () => {
    const clock = new VirtualClock();
    const wire = new InMemoryTransport(clock, { transport: 'udp', address: alice.address, port: alice.port });
    const layer = new TransactionLayer({ transport: wire, user: new RecordingUser(), clock });
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, bob, new RecordingHandler());
    layer.cancel(tx, new RecordingHandler());
    wire.inject(response(invite, 486), bob);
    expect(wire.sent.some(({ message }) => message.kind === 'request' && message.method === 'CANCEL')).toBe(false);
    expect(layer.cancel(tx, new RecordingHandler())).toBeUndefined();
  });
});

describe('two transaction layers over a linked in-memory transport', () => {
  it('carry an INVITE that is cancelled: 100, 180, CANCEL/200, 487, ACK', async () => {
    const clock = new VirtualClock();
    const aliceWire = new InMemoryTransport(clock, alice);
    const bobWire = new InMemoryTransport(clock, bob);
    InMemoryTransport.pair(aliceWire, bobWire);
    const bobUser = new CancellingUser();
    const aliceLayer = new TransactionLayer({ transport: aliceWire, user: new RecordingUser(), clock });
    new TransactionLayer({ transport: bobWire, user: bobUser, clock });

    const inviteHandler = new RecordingHandler();
    const tx = aliceLayer.sendRequest(request('INVITE'), bob, inviteHandler);
    await settle();
    const serverTx = bobUser.requests[0]!;
    serverTx.respond(response(serverTx.request, 180));
    await settle();
    const cancelHandler = new RecordingHandler();
    aliceLayer.cancel(tx, cancelHandler);
    await settle();
    expect(bobUser.cancels).toEqual([serverTx]);
    serverTx.respond(response(serverTx.request, 487));
    await settle();

    expect(inviteHandler.statuses).toEqual([100, 180, 487]);
    expect(cancelHandler.statuses).toEqual([200]);
    expect(serverTx.state).toBe('confirmed');
    expect(tx.state).toBe('completed');
    clock.advance(32_000);
    expect([tx.state, serverTx.state]).toEqual(['terminated', 'terminated']);
    expect(aliceLayer.size).toBe(0);
  });
});
