import { describe, expect, it } from 'vitest';
import {
  formatVia,
  isIpv6,
  parseErrorStatus,
  parseMessage,
  parseUri,
  parseVia,
  uriEquals,
  validateRequest,
  type Uri,
} from '../../src/sip/index.ts';
import { contactsOf, parsedRequest, rfc5118 } from './support/fixtures.ts';

/**
 * RFC 5118's archive is written with bare LF line ends, and the Content-Length of two of its three
 * SDP messages matches neither the LF body nor a CRLF one (268 for a 242-byte body, 181 for 180).
 * The parser takes bare LFs as they are. For those two, framing on the declared length rightly
 * fails (RFC 3261 §18.3), so their IPv6 content is tested on the wire form: CRLF line ends and the
 * true length.
 */
function wireForm(archived: Buffer): Buffer {
  const text = archived.toString('utf8');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split).replaceAll('\n', '\r\n');
  const body = text.slice(split + 2).replaceAll('\n', '\r\n');
  const fixedHead = head.replace(/^Content-Length: \d+$/m, `Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${fixedHead}\r\n\r\n${body}`);
}

function uri(text: string): Uri {
  const result = parseUri(text);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('RFC 5118 IPv6 torture messages', () => {
  it('4.1 ipv6-good: IPv6 references in the Request-URI, Via and Contact', () => {
    const request = parsedRequest(rfc5118('ipv6-good'));
    expect(request.uri).toMatchObject({ kind: 'sip', host: '[2001:db8::10]' });
    expect(request.uri.kind === 'sip' && request.uri.port).toBeUndefined();
    expect(request.topVia).toMatchObject({ host: '[2001:db8::9:1]', branch: 'z9hG4bKas3-111' });
    expect(contactsOf(request)).toMatchObject([{ displayName: 'Caller', uri: { user: 'caller', host: '[2001:db8::1]' } }]);
    expect(validateRequest(request)).toEqual({ ok: true });
  });

  it('4.2 ipv6-bad: an IPv6 address without brackets is not a host, and the request is a 400', () => {
    const result = parseMessage(rfc5118('ipv6-bad'));
    expect(!result.ok && result.error.code).toBe('bad_request_uri');
    expect(!result.ok && parseErrorStatus(result.error)).toBe(400);
  });

  it('4.3 port-ambiguous: everything inside the brackets is address — no port', () => {
    const request = parsedRequest(rfc5118('port-ambiguous'));
    expect(request.uri).toMatchObject({ host: '[2001:db8::10:5070]' });
    expect(request.uri.kind === 'sip' && request.uri.port).toBeUndefined();
  });

  it('4.4 port-unambiguous: the port follows the closing bracket', () => {
    const request = parsedRequest(rfc5118('port-unambiguous'));
    expect(request.uri).toMatchObject({ host: '[2001:db8::10]', port: 5070 });
    expect(uriEquals(request.uri, parsedRequest(rfc5118('port-ambiguous')).uri)).toBe(false);
  });

  it.each(['via-received-param-with-delim', 'via-received-param-no-delim'])(
    '4.5 %s: received with or without brackets reads as the bare address',
    (name) => {
      const via = parsedRequest(rfc5118(name)).topVia;
      expect(via).toMatchObject({ host: '[2001:db8::9:1]', received: '2001:db8::9:255' });
      // Written back the RFC 3261 way (no brackets), it reads the same.
      const again = parseVia(formatVia(via));
      expect(again.ok && again.value).toEqual(via);
    },
  );

  it('4.6 ipv6-in-sdp: the archived Content-Length is wrong; on the wire the IPv6 SDP body arrives whole', () => {
    const archived = parseMessage(rfc5118('ipv6-in-sdp'));
    expect(!archived.ok && archived.error.code).toBe('content_length_mismatch');
    const request = parsedRequest(wireForm(rfc5118('ipv6-in-sdp')));
    expect(request.uri).toMatchObject({ user: 'user', host: '[2001:db8::10]' });
    expect(request.to.uri).toMatchObject({ host: '[2001:db8::10]' });
    expect(request.topVia.host).toBe('[2001:db8::20]');
    expect(request.body.toString()).toContain('c=IN IP6 2001:db8::20\r\n');
  });

  it('4.7 mult-ip-in-header: IPv6 and IPv4 hosts in one Via list', () => {
    const request = parsedRequest(rfc5118('mult-ip-in-header'));
    expect(request.via.map((via) => [via.transport, via.host, via.port, via.received])).toEqual([
      ['UDP', '[2001:db8::9:1]', 6050, undefined],
      ['UDP', '192.0.2.1', undefined, undefined],
      ['TCP', '[2001:db8::9:255]', undefined, '192.0.2.200'],
    ]);
  });

  it('4.8 mult-ip-in-sdp: on the wire, one stream on IPv4 and one on IPv6', () => {
    const archived = parseMessage(rfc5118('mult-ip-in-sdp'));
    expect(!archived.ok && archived.error.code).toBe('content_length_mismatch');
    const body = parsedRequest(wireForm(rfc5118('mult-ip-in-sdp'))).body.toString();
    expect(body).toContain('c=IN IP4 192.0.2.1\r\n');
    expect(body).toContain('c=IN IP6 2001:db8::1\r\n');
  });

  it('4.9 ipv4-mapped-ipv6: IPv4-mapped addresses in Via and Contact (archived length is right)', () => {
    const request = parsedRequest(rfc5118('ipv4-mapped-ipv6'));
    expect(request.via.map((via) => [via.host, via.port])).toEqual([
      ['[::ffff:192.0.2.10]', 19823],
      ['[::ffff:192.0.2.2]', undefined],
    ]);
    expect(contactsOf(request)).toMatchObject([{ displayName: 'T. desk phone', uri: { host: '[::ffff:192.0.2.2]' } }]);
    expect(request.body.length).toBe(236);
  });

  it('4.10 ipv6-bug-abnf-3-colons: three colons in a row are not IPv6 (RFC 4291), the request is a 400', () => {
    expect(isIpv6('2001:db8:::192.0.2.1')).toBe(false);
    const result = parseMessage(rfc5118('ipv6-bug-abnf-3-colons'));
    expect(!result.ok && result.error.code).toBe('bad_request_uri');
    expect(!result.ok && parseErrorStatus(result.error)).toBe(400);
  });

  it('4.10 ipv6-correct-abnf-2-colons: two colons before an embedded IPv4 address is fine', () => {
    // This file also ends without the empty line; a datagram's end ends its header section.
    const request = parsedRequest(rfc5118('ipv6-correct-abnf-2-colons'));
    expect(request.uri).toMatchObject({ user: 'user', host: '[2001:db8::192.0.2.1]' });
    expect(request.to.uri).toMatchObject({ host: '[2001:db8::192.0.2.1]' });
    expect(request.body.length).toBe(0);
  });

  it('compares spellings of one IPv6 address as the same host', () => {
    expect(uriEquals(uri('sip:user@[2001:db8::10]'), uri('sip:user@[2001:DB8:0:0:0:0:0:10]'))).toBe(true);
    expect(uriEquals(uri('sip:user@[::ffff:192.0.2.2]'), uri('sip:user@[0:0:0:0:0:ffff:c000:202]'))).toBe(true);
    expect(uriEquals(uri('sip:user@[2001:db8::10]'), uri('sip:user@[2001:db8::11]'))).toBe(false);
  });
});
