import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse, parseMessage, serializeMessage, SipTransport, type SipRequest, type SipResponse } from '../../../src/sip/index.ts';
import { MessageQueue } from './support/message-queue.ts';
import { endpoint as listeningEndpoint, udpOnlyPeer, type Cleanups } from './support/endpoint.ts';
import { optionsRequest, rawRequest } from './support/requests.ts';

const host = '127.0.0.1';
const cleanups: Cleanups = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// A listening transport and a bare UDP peer: the shared helpers, bound to this file's cleanups.
const endpoint = () => listeningEndpoint(cleanups);
const rawUdp = () => udpOnlyPeer(cleanups);

async function rawTcp(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  cleanups.push(() => void socket.destroy());
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, received: () => text, closed };
}

function asResponse(bytes: Buffer): SipResponse {
  const parsed = parseMessage(bytes);
  if (!parsed.ok || parsed.message.kind !== 'response') throw new Error('expected a response');
  return parsed.message;
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('SipTransport over UDP (RFC 3261 §18)', () => {
  it('listens on the same ephemeral port for UDP and TCP and reports it', async () => {
    const { transport, port } = await endpoint();
    expect(port).toBeGreaterThan(0);
    expect(transport.local).toEqual({ host, port });
  });

  it('carries a request and its response both ways', async () => {
    const alice = await endpoint();
    const bob = await endpoint();
    const request = optionsRequest({ transport: 'UDP', host, port: alice.port });
    await alice.transport.send(request, { transport: 'udp', address: host, port: bob.port });

    const arrived = await bob.queue.next();
    expect(arrived.source).toEqual({ transport: 'udp', address: host, port: alice.port });
    expect(arrived.message.kind).toBe('request');
    expect(arrived.message.callId).toBe(request.callId);

    await bob.transport.sendResponse(createResponse(arrived.message as SipRequest, 200), arrived.source);
    const answer = await alice.queue.next();
    expect(answer.message.kind === 'response' && answer.message.status).toBe(200);
    expect(answer.message.topVia.branch).toBe(request.topVia.branch);
  });

  it('stamps received and rport and sends the response there, not to the Via sent-by (RFC 3581 §4)', async () => {
    const bob = await endpoint();
    const peer = await rawUdp();
    const request = optionsRequest({ transport: 'UDP', host: '192.0.2.1', port: 5060, rport: true });
    peer.socket.send(Buffer.from(serializeText(request)), bob.port, host);

    const arrived = await bob.queue.next();
    expect(arrived.message.topVia.received).toBe(host);
    expect(arrived.message.topVia.rport).toBe(peer.port);

    await bob.transport.sendResponse(createResponse(arrived.message as SipRequest, 200), arrived.source);
    const response = asResponse(await peer.next());
    expect(response.status).toBe(200);
    expect(response.topVia.rport).toBe(peer.port);
    expect(response.topVia.received).toBe(host);
  });

  it('adds received without rport when the sent-by differs from the source, and nothing when it matches (§18.2.1)', async () => {
    const bob = await endpoint();
    const peer = await rawUdp();
    peer.socket.send(Buffer.from(serializeText(optionsRequest({ transport: 'UDP', host: 'client.example.com', port: peer.port }))), bob.port, host);
    const named = await bob.queue.next();
    expect(named.message.topVia.received).toBe(host);
    expect(named.message.topVia.rport).toBeUndefined();

    peer.socket.send(Buffer.from(serializeText(optionsRequest({ transport: 'UDP', host, port: peer.port }))), bob.port, host);
    const plain = await bob.queue.next();
    expect(plain.message.topVia.received).toBeUndefined();
    expect(plain.message.rawHeader('Via')).not.toContain('received');
  });

  it('answers a malformed request with 400 and keeps working', async () => {
    const bob = await endpoint();
    const peer = await rawUdp();
    const broken = rawRequest([
      'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/UDP ${host}:${peer.port};branch=z9hG4bK-broken`,
      'From: <sip:alice@127.0.0.1>;tag=1',
      'To: <sip:bob@127.0.0.1>',
      'Call-ID: broken-1@test',
      'CSeq: not-a-number OPTIONS',
      'Max-Forwards: 70',
      'Content-Length: 0',
    ]);
    peer.socket.send(broken, bob.port, host);
    const reply = (await peer.next()).toString('utf8');
    expect(reply).toMatch(/^SIP\/2\.0 400 /);
    expect(reply).toContain('Call-ID: broken-1@test');
    expect(reply).toContain('branch=z9hG4bK-broken');
    expect(bob.queue.size).toBe(0);

    peer.socket.send(Buffer.from(serializeText(optionsRequest({ transport: 'UDP', host, port: peer.port }))), bob.port, host);
    expect((await bob.queue.next()).message.kind).toBe('request');
  });

  it('drops a malformed response and garbage without answering, and keeps working', async () => {
    const bob = await endpoint();
    const peer = await rawUdp();
    peer.socket.send(Buffer.from('SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n'), bob.port, host);
    peer.socket.send(Buffer.from('\x00\x01garbage'), bob.port, host);
    peer.socket.send(Buffer.from('\r\n\r\n'), bob.port, host);
    peer.socket.send(Buffer.from(serializeText(optionsRequest({ transport: 'UDP', host, port: peer.port }))), bob.port, host);
    const arrived = await bob.queue.next();
    expect(arrived.message.kind).toBe('request');
    // The first datagram back is the answer to the good request: nothing answered the others.
    await bob.transport.sendResponse(createResponse(arrived.message as SipRequest, 202), arrived.source);
    expect(asResponse(await peer.next()).status).toBe(202);
  });
});

describe('SipTransport and its delegate', () => {
  it('reports a delegate that throws and keeps delivering', async () => {
    const errors: unknown[] = [];
    const transport = new SipTransport({ onDelegateError: (error) => errors.push(error) });
    const queue = new MessageQueue();
    let calls = 0;
    transport.attach({
      onMessage: (message, source) => {
        if (++calls === 1) throw new Error('TU bug');
        queue.onMessage(message, source);
      },
    });
    const { port } = await transport.listen({ host, port: 0 });
    cleanups.push(() => transport.close());
    const peer = await rawUdp();
    for (let i = 0; i < 2; i++) peer.socket.send(Buffer.from(serializeText(optionsRequest({ transport: 'UDP', host, port: peer.port }))), port, host);
    expect((await queue.next()).message.kind).toBe('request');
    expect(errors.map((error) => (error as Error).message)).toEqual(['TU bug']);
  });
});

describe('SipTransport over TCP (RFC 3261 §18.3)', () => {
  it('carries a request and its response on one reused connection', async () => {
    const alice = await endpoint();
    const bob = await endpoint();
    for (let i = 0; i < 2; i++) {
      const request = optionsRequest({ transport: 'TCP', host, port: alice.port });
      await alice.transport.send(request, { transport: 'tcp', address: host, port: bob.port });
      const arrived = await bob.queue.next();
      expect(arrived.source.transport).toBe('tcp');
      expect(arrived.source.connectionId).toBeDefined();
      expect(arrived.message.callId).toBe(request.callId);
      await bob.transport.sendResponse(createResponse(arrived.message as SipRequest, 200), arrived.source);
      const answer = await alice.queue.next();
      expect(answer.message.kind === 'response' && answer.message.status).toBe(200);
      expect(answer.source.connectionId).toBeDefined();
    }
    expect(alice.transport.connectionCount).toBe(1);
    expect(bob.transport.connectionCount).toBe(1);
  });

  it('sends a request back over the connection the peer opened (one connection per remote)', async () => {
    const alice = await endpoint();
    const bob = await endpoint();
    await alice.transport.send(optionsRequest({ transport: 'TCP', host, port: alice.port }), { transport: 'tcp', address: host, port: bob.port });
    const arrived = await bob.queue.next();
    await bob.transport.send(optionsRequest({ transport: 'TCP', host, port: bob.port }), { transport: 'tcp', address: host, port: arrived.source.port });
    const back = await alice.queue.next();
    expect(back.message.kind).toBe('request');
    expect(bob.transport.connectionCount).toBe(1);
    expect(alice.transport.connectionCount).toBe(1);
  });

  it('opens a new connection to the Via sent-by when the request connection has closed (§18.2.2)', async () => {
    const alice = await endpoint();
    const bob = await endpoint();
    const peer = await rawTcp(bob.port);
    const request = optionsRequest({ transport: 'TCP', host, port: alice.port });
    peer.socket.write(serializeText(request));
    const arrived = await bob.queue.next();
    peer.socket.destroy();
    await peer.closed;
    await eventually(() => bob.transport.connectionCount === 0);
    await bob.transport.sendResponse(createResponse(arrived.message as SipRequest, 200), arrived.source);
    const answer = await alice.queue.next();
    expect(answer.message.kind === 'response' && answer.message.status).toBe(200);
    expect(answer.message.callId).toBe(request.callId);
  });

  it('frames pipelined and split messages on a stream', async () => {
    const bob = await endpoint();
    const peer = await rawTcp(bob.port);
    const [a, b, c] = [1, 2, 3].map(() => optionsRequest({ transport: 'TCP', host, port: 5060 }));
    const bytes = Buffer.concat([a, b, c].map((request) => Buffer.from(serializeText(request!))));
    const cut = serializeText(a!).length + serializeText(b!).length + 17;
    peer.socket.write(bytes.subarray(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 20));
    peer.socket.write(bytes.subarray(cut));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await bob.queue.next()).message.callId);
    expect(ids).toEqual([a!.callId, b!.callId, c!.callId]);
  });

  it('answers a malformed framed request with 400 on the same connection and keeps it open', async () => {
    const bob = await endpoint();
    const peer = await rawTcp(bob.port);
    peer.socket.write(
      rawRequest([
        'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
        'Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-tcpbroken',
        'From: <sip:alice@127.0.0.1>;tag=1',
        'To: <sip:bob@127.0.0.1>',
        'Call-ID: broken-tcp@test',
        'CSeq: 1 OPTIONS',
        'Max-Forwards: many',
        'Content-Length: 0',
      ]),
    );
    await eventually(() => peer.received().includes('\r\n\r\n'));
    expect(peer.received()).toMatch(/^SIP\/2\.0 400 /);
    expect(peer.received()).toContain('Call-ID: broken-tcp@test');
    const good = optionsRequest({ transport: 'TCP', host, port: 5060 });
    peer.socket.write(serializeText(good));
    expect((await bob.queue.next()).message.callId).toBe(good.callId);
  });

  it('answers a stream it cannot frame (no Content-Length) with 400 and closes it', async () => {
    const bob = await endpoint();
    const peer = await rawTcp(bob.port);
    peer.socket.write(
      rawRequest([
        'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
        'Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-nolength',
        'From: <sip:alice@127.0.0.1>;tag=1',
        'To: <sip:bob@127.0.0.1>',
        'Call-ID: nolength@test',
        'CSeq: 1 OPTIONS',
      ]),
    );
    await peer.closed;
    expect(peer.received()).toMatch(/^SIP\/2\.0 400 /);
    expect(peer.received()).toContain('Call-ID: nolength@test');
  });

  it('closes an idle connection', async () => {
    const transport = new SipTransport({ tcpIdleMs: 50 });
    transport.attach(new MessageQueue());
    const { port } = await transport.listen({ host, port: 0 });
    cleanups.push(() => transport.close());
    const peer = await rawTcp(port);
    await peer.closed;
    await eventually(() => transport.connectionCount === 0);
  });

  it('rejects with connect_failed when nobody listens', async () => {
    const alice = await endpoint();
    const bob = await endpoint();
    const deadPort = bob.port;
    await bob.transport.close();
    await expect(alice.transport.send(optionsRequest({ transport: 'TCP', host, port: alice.port }), { transport: 'tcp', address: host, port: deadPort })).rejects.toMatchObject({
      name: 'TransportError',
      code: 'connect_failed',
    });
  });
});

function serializeText(request: SipRequest): string {
  return serializeMessage(request).toString('utf8');
}
