import { describe, expect, it } from 'vitest';
import { malformedReply, parseMessage, parseVia, responseTarget, stampReceived, type Via } from '../../../src/sip/index.ts';
import { optionsRequest, rawRequest } from './support/requests.ts';

function viaOf(text: string): Via {
  const parsed = parseVia(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('stampReceived (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('keeps the other Via values of a comma-separated top line verbatim', () => {
    const request = optionsRequest({ transport: 'UDP', host: '192.0.2.1', port: 5060, rport: true });
    request.setHeader('Via', [`${request.rawHeader('Via')}, SIP/2.0/UDP proxy.example;branch=z9hG4bK-2`, 'SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK-3']);
    expect(stampReceived(request, { transport: 'udp', address: '198.51.100.7', port: 40000 })).toBe(true);
    expect(request.via.map((value) => [value.host, value.received, value.rport])).toEqual([
      ['192.0.2.1', '198.51.100.7', 40000],
      ['proxy.example', undefined, undefined],
      ['10.0.0.1', undefined, undefined],
    ]);
  });

  it('compares IPv6 addresses by value, not spelling', () => {
    const request = optionsRequest({ transport: 'UDP', host: '[2001:db8:0::1]', port: 5060 });
    expect(stampReceived(request, { transport: 'udp', address: '2001:db8::1', port: 5060 })).toBe(false);
    expect(request.topVia.received).toBeUndefined();
  });
});

describe('responseTarget (RFC 3261 §18.2.2, RFC 3581 §4)', () => {
  it('prefers received and rport', () => {
    expect(responseTarget(viaOf('SIP/2.0/UDP 192.0.2.1:5070;received=198.51.100.7;rport=40000;branch=z9hG4bK-1'))).toEqual({
      transport: 'udp',
      address: '198.51.100.7',
      port: 40000,
    });
  });

  it('uses received with the sent-by port, or 5060', () => {
    expect(responseTarget(viaOf('SIP/2.0/TCP host.example:5070;received=198.51.100.7;branch=z9hG4bK-1'))).toEqual({
      transport: 'tcp',
      address: '198.51.100.7',
      port: 5070,
    });
    expect(responseTarget(viaOf('SIP/2.0/UDP host.example;received=198.51.100.7'))?.port).toBe(5060);
  });

  it('uses an address sent-by, and gives up on a name or an unknown transport', () => {
    expect(responseTarget(viaOf('SIP/2.0/UDP [2001:db8::1]:5080'))).toEqual({ transport: 'udp', address: '2001:db8::1', port: 5080 });
    expect(responseTarget(viaOf('SIP/2.0/UDP host.example:5080'))).toBeUndefined();
    expect(responseTarget(viaOf('SIP/2.0/SCTP 192.0.2.1'))).toBeUndefined();
  });
});

describe('malformedReply (RFC 3261 §21.4.1)', () => {
  it('builds a 400 that parses and echoes the request headers', () => {
    const parsed = parseMessage(
      rawRequest(['INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-x', 'From: <sip:a@example.com>;tag=9', 'To: <sip:bob@example.com>', 'Call-ID: c1', 'CSeq: 1 INVITE', 'Content-Length: 9']),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const reply = parseMessage(malformedReply(parsed.error)!);
    expect(reply.ok && reply.message.kind === 'response' && reply.message.status).toBe(400);
    expect(reply.ok && reply.message.callId).toBe('c1');
  });

  it('gives nothing for a broken response', () => {
    const parsed = parseMessage(Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n'));
    expect(!parsed.ok && malformedReply(parsed.error)).toBeUndefined();
  });
});
