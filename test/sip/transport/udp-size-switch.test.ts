import { afterEach, describe, expect, it } from 'vitest';
import { createResponse, parseMessage, serializeMessage, type SipRequest } from '../../../src/sip/index.ts';
import { endpoint, loopback, udpOnlyPeer, type Cleanups } from './support/endpoint.ts';
import { inviteOfSize, optionsRequest } from './support/requests.ts';

const cleanups: Cleanups = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a request too big for UDP goes over TCP (RFC 3261 §18.1.1)', () => {
  it('sends a large INVITE over TCP with SIP/2.0/TCP in the Via, leaving the caller’s request as it was', async () => {
    const alice = await endpoint(cleanups);
    const bob = await endpoint(cleanups);
    const invite = inviteOfSize({ transport: 'UDP', host: loopback, port: alice.port, size: 2000 });
    expect(serializeMessage(invite).length).toBeGreaterThan(1300);

    await alice.transport.send(invite, { transport: 'udp', address: loopback, port: bob.port });
    const arrived = await bob.queue.next();
    expect(arrived.source.transport).toBe('tcp');
    expect(arrived.source.connectionId).toBeDefined();
    expect(arrived.message.rawHeader('Via')).toMatch(/^SIP\/2\.0\/TCP 127\.0\.0\.1:\d+;branch=/);
    expect(arrived.message.topVia.branch).toBe(invite.topVia.branch);
    expect(arrived.message.body.equals(invite.body)).toBe(true);
    expect(invite.topVia.transport).toBe('UDP');
  });

  it('sends a small request over UDP, Via untouched', async () => {
    const alice = await endpoint(cleanups);
    const bob = await endpoint(cleanups);
    const small = inviteOfSize({ transport: 'UDP', host: loopback, port: alice.port, size: 0 });
    expect(serializeMessage(small).length).toBeLessThanOrEqual(1300);

    await alice.transport.send(small, { transport: 'udp', address: loopback, port: bob.port });
    const arrived = await bob.queue.next();
    expect(arrived.source).toEqual({ transport: 'udp', address: loopback, port: alice.port });
    expect(arrived.message.topVia.transport).toBe('UDP');
    expect(bob.transport.connectionCount).toBe(0);
  });

  it('takes the threshold from maxUdpRequestBytes', async () => {
    const alice = await endpoint(cleanups, { maxUdpRequestBytes: 200 });
    const bob = await endpoint(cleanups);
    const request = optionsRequest({ transport: 'UDP', host: loopback, port: alice.port });
    expect(serializeMessage(request).length).toBeGreaterThan(200);

    await alice.transport.send(request, { transport: 'udp', address: loopback, port: bob.port });
    const arrived = await bob.queue.next();
    expect(arrived.source.transport).toBe('tcp');
    expect(arrived.message.topVia.transport).toBe('TCP');
  });

  it('falls back to UDP, with the UDP Via, when no TCP connection can be opened', async () => {
    const alice = await endpoint(cleanups);
    const peer = await udpOnlyPeer(cleanups);
    const invite = inviteOfSize({ transport: 'UDP', host: loopback, port: alice.port, size: 2000 });

    await alice.transport.send(invite, { transport: 'udp', address: loopback, port: peer.port });
    const parsed = parseMessage(await peer.next());
    expect(parsed.ok && parsed.message.kind === 'request' && parsed.message.method).toBe('INVITE');
    expect(parsed.ok && parsed.message.topVia.transport).toBe('UDP');
    expect(alice.transport.connectionCount).toBe(0);
  });

  it('never switches a response, however large', async () => {
    const bob = await endpoint(cleanups);
    const peer = await udpOnlyPeer(cleanups);
    const request = optionsRequest({ transport: 'UDP', host: loopback, port: peer.port });
    peer.socket.send(serializeMessage(request), bob.port, loopback);
    const arrived = await bob.queue.next();

    const response = createResponse(arrived.message as SipRequest, 200, { body: 'x'.repeat(3000), contentType: 'text/plain' });
    await bob.transport.sendResponse(response, arrived.source);
    const parsed = parseMessage(await peer.next());
    expect(parsed.ok && parsed.message.kind === 'response' && parsed.message.status).toBe(200);
    expect(parsed.ok && parsed.message.body.length).toBe(3000);
  });
});
