import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse, serializeMessage, type SipRequest, type SipResponse } from '../../../src/sip/index.ts';
import type { DiscardedResponse } from '../../../src/sip/transport/discarded-response.ts';
import { sentByKey } from '../../../src/sip/transport/sent-by-registry.ts';
import { endpoint, loopback, udpOnlyPeer, type Cleanups } from './support/endpoint.ts';
import { optionsRequest } from './support/requests.ts';

const cleanups: Cleanups = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A 200 to an OPTIONS whose top Via names `host:port`, as some peer would send it. */
function okWithSentBy(host: string, port: number): SipResponse {
  return createResponse(optionsRequest({ transport: 'UDP', host, port }), 200);
}

describe('a response whose top Via sent-by is not ours is discarded (RFC 3261 §18.1.2)', () => {
  it('drops a forged response naming someone else’s sent-by and passes a genuine one up', async () => {
    const discarded: DiscardedResponse[] = [];
    const alice = await endpoint(cleanups, { onDiscardedResponse: (drop) => discarded.push(drop) });
    const peer = await udpOnlyPeer(cleanups);
    const forged = okWithSentBy('203.0.113.9', 5060);
    const genuine = okWithSentBy(loopback, alice.port);

    peer.socket.send(serializeMessage(forged), alice.port, loopback);
    peer.socket.send(serializeMessage(genuine), alice.port, loopback);
    const arrived = await alice.queue.next();
    expect(arrived.message.callId).toBe(genuine.callId);
    expect(alice.queue.size).toBe(0);
    expect(discarded.map((drop) => [drop.reason, drop.response.callId, drop.source.port])).toEqual([['sent_by_mismatch', forged.callId, peer.port]]);
  });

  it('accepts the response to a request it sent with another sent-by, learnt from that request', async () => {
    const alice = await endpoint(cleanups);
    const bob = await endpoint(cleanups);
    // rport brings the response back to alice's real port although the Via names another host.
    const request = optionsRequest({ transport: 'UDP', host: 'alice.example.com', port: 5070, rport: true });
    await alice.transport.send(request, { transport: 'udp', address: loopback, port: bob.port });
    const arrived = await bob.queue.next();
    await bob.transport.sendResponse(createResponse(arrived.message as SipRequest, 200), arrived.source);

    const answer = await alice.queue.next();
    expect(answer.message.kind === 'response' && answer.message.status).toBe(200);
    expect(answer.message.topVia.host).toBe('alice.example.com');
  });

  it('accepts configured sent-by values, with the default port and any case, and drops a wrong port', async () => {
    const discarded: DiscardedResponse[] = [];
    const alice = await endpoint(cleanups, { sentBy: [{ host: 'pbx.example.com' }], onDiscardedResponse: (drop) => discarded.push(drop) });
    const peer = await udpOnlyPeer(cleanups);
    const wrongPort = okWithSentBy('pbx.example.com', 5070);
    const configured = okWithSentBy('PBX.example.com', 5060);

    peer.socket.send(serializeMessage(wrongPort), alice.port, loopback);
    peer.socket.send(serializeMessage(configured), alice.port, loopback);
    expect((await alice.queue.next()).message.callId).toBe(configured.callId);
    expect(discarded.map((drop) => drop.response.callId)).toEqual([wrongPort.callId]);
  });

  it('drops a forged response arriving over TCP too', async () => {
    const discarded: DiscardedResponse[] = [];
    const alice = await endpoint(cleanups, { onDiscardedResponse: (drop) => discarded.push(drop) });
    // A peer opens a connection to alice and sends a response to a request alice never made.
    const socket = connect({ host: loopback, port: alice.port });
    cleanups.push(() => void socket.destroy());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const forged = createResponse(optionsRequest({ transport: 'TCP', host: '198.51.100.20', port: 5060 }), 200);
    const genuine = createResponse(optionsRequest({ transport: 'TCP', host: loopback, port: alice.port }), 200);
    socket.write(Buffer.concat([serializeMessage(forged), serializeMessage(genuine)]));

    const arrived = await alice.queue.next();
    expect(arrived.source.transport).toBe('tcp');
    expect(arrived.message.callId).toBe(genuine.callId);
    expect(discarded.map((drop) => drop.response.callId)).toEqual([forged.callId]);
  });
});

describe('sentByKey', () => {
  it('makes the default port explicit and compares IPv6 by value', () => {
    expect(sentByKey('[2001:db8:0::1]', undefined)).toBe(sentByKey('2001:db8::1', 5060));
    expect(sentByKey('Host.Example', 5060)).toBe(sentByKey('host.example', undefined));
    expect(sentByKey('host.example', 5070)).not.toBe(sentByKey('host.example', 5060));
  });
});
