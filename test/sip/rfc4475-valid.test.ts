import { describe, expect, it } from 'vitest';
import { formatUri, parseMessage, serializeMessage, type SipMessage } from '../../src/sip/index.ts';
import { contactsOf, entries, parsed, parsedRequest, parsedResponse, rfc4475 } from './support/fixtures.ts';

/** RFC 4475 §3.1.1: valid messages. A parser must accept each and read the right values. */
describe('RFC 4475 §3.1.1 valid messages', () => {
  it('3.1.1.1 wsinv: reads a short tortuous INVITE through its whitespace, folding and odd casing', () => {
    const request = parsedRequest(rfc4475('wsinv'));
    expect(request.method).toBe('INVITE');
    expect(request.uriText).toBe('sip:vivekg@chair-dnrc.example.com;unknownparam');
    expect(request.uri).toMatchObject({ kind: 'sip', user: 'vivekg', host: 'chair-dnrc.example.com' });
    expect(request.uri.kind === 'sip' && entries(request.uri.params)).toEqual({ unknownparam: null });

    // "TO :" folded onto the next line, addr-spec form, spaces around ";" and "=".
    expect(request.to.uri).toMatchObject({ user: 'vivekg', host: 'chair-dnrc.example.com' });
    expect(entries(request.to.params)).toEqual({ tag: '1918181833n' });
    // A quoted display name ending in an escaped backslash and an escaped quote.
    expect(request.from.displayName).toBe('J Rosenberg \\"');
    expect(entries(request.from.params)).toEqual({ tag: '98asjd8' });
    expect(request.maxForwards).toBe(68);
    expect(request.cseq).toEqual({ seq: 9, method: 'INVITE' });
    expect(request.callId).toBe('wsinv.ndaksdj@192.0.2.1');

    // Three Vias: one folded across three lines with spaces around the slashes, two in a folded
    // comma-separated "v:" line.
    expect(request.via.map((via) => [via.protocol, via.transport, via.host, via.branch])).toEqual([
      ['SIP/2.0', 'UDP', '192.0.2.2', '390skdjuw'],
      ['SIP/2.0', 'TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['SIP/2.0', 'UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);

    // Unknown headers keep their values: folding becomes one space, separators stay unsplit.
    expect(request.rawHeader('NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(request.rawHeader('UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    expect(request.rawHeader('Subject')).toBe('');

    const [route] = request.header('Route');
    expect(route && formatUri(route.uri)).toBe('sip:services.example.com;lr;unknownwith=value;unknown-no-value');
    const [contact] = contactsOf(request);
    expect(contact?.displayName).toBe('Quoted string ""');
    expect(contact && entries(contact.params)).toEqual({ newparam: 'newvalue', secondparam: null, q: '0.33' });
    expect(request.header('Content-Type')).toMatchObject({ type: 'application', subtype: 'sdp' });
    expect(request.body.length).toBe(150);
    expect(request.body.toString('latin1')).toMatch(/^v=0\r\n.*a=rtpmap:31 LPC\r\n$/s);
  });

  it('3.1.1.2 intmeth: takes the whole range of valid characters in method, URI, tokens and Call-ID', () => {
    const request = parsedRequest(rfc4475('intmeth'));
    const method = "!interesting-Method0123456789_*+`.%indeed'~";
    expect(request.method).toBe(method);
    expect(request.cseq).toEqual({ seq: 139122385, method });
    expect(request.uri).toMatchObject({
      user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
      password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
      host: 'example.com',
    });
    expect(request.topVia.branch).toBe("z9hG4bK-.!%66*_+`'~");
    // Quoted-pairs carrying BEL, NUL and DEL.
    expect(request.to.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
    expect(request.to.uri).toMatchObject({ user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*" });
    expect(request.from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(entries(request.from.params)).toEqual({
      "fromparam''~+*_!.-%": '"работающий"',
      tag: "_token~1'+`*%!-.",
    });
    expect(request.callId).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(request.maxForwards).toBe(255);
    expect(request.rawHeader("extensionHeader-!.%*+_`'~")).toBe('\ufeff大停電');
  });

  it('3.1.1.3 esc01: decodes %-escapes in user parts and URI parameters', () => {
    const request = parsedRequest(rfc4475('esc01'));
    expect(request.uri).toMatchObject({ user: 'sips:user@example.com', host: 'example.net' });
    expect(request.to.uri).toMatchObject({ user: 'user', host: 'example.com' });
    expect(request.from.uri).toMatchObject({ user: 'I have spaces', host: 'example.net' });
    expect(request.callId).toBe('esc01.239409asdfakjkn23onasd0-3234'); // compact "i"
    expect(request.header('Content-Type')).toMatchObject({ type: 'application', subtype: 'sdp' }); // compact "C"
    const contacts = contactsOf(request);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.uri).toMatchObject({ user: 'caller', host: 'host5.example.net' });
    // ";%6C%72" is ";lr"; "n%61me=v%61lue%25%34%31" is name=value%41 (the %25 decodes to "%").
    expect(contacts[0]?.uri.kind === 'sip' && entries(contacts[0].uri.params)).toEqual({ lr: null, name: 'value%41' });
  });

  it('3.1.1.4 escnull: keeps escaped NULs in user parts', () => {
    const request = parsedRequest(rfc4475('escnull'));
    expect(request.to.uri).toMatchObject({ user: 'null-\0-null' });
    expect(request.from.uri).toMatchObject({ user: 'null-\0-null' });
    expect(contactsOf(request).map((contact) => contact.uri.kind === 'sip' && contact.uri.user)).toEqual(['\0', '\0\0']);
    expect(request.body.length).toBe(0); // "L:0"
  });

  it('3.1.1.5 esc02: an escaped method and header name are extension tokens, not REGISTER and Contact', () => {
    const request = parsedRequest(rfc4475('esc02'));
    expect(request.method).toBe('RE%47IST%45R');
    expect(request.cseq.method).toBe('RE%47IST%45R');
    expect(request.to.displayName).toBe('%Z%45');
    expect(request.topVia.branch).toBe('z9hG4bK209%fzsnel234');
    expect(contactsOf(request).map((contact) => contact.uri.kind === 'sip' && contact.uri.host)).toEqual([
      'host1.example.com',
      'host3.example.com',
    ]);
    expect(request.rawHeader('C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
  });

  it('3.1.1.6 lwsdisp: a display name needs no space before "<"', () => {
    const request = parsedRequest(rfc4475('lwsdisp'));
    expect(request.from.displayName).toBe('caller');
    expect(request.from.uri).toMatchObject({ user: 'caller', host: 'example.com' });
  });

  it('3.1.1.7 longreq: long values and 34 Vias in every casing and spacing of the name', () => {
    const request = parsedRequest(rfc4475('longreq'));
    expect(request.via).toHaveLength(34);
    expect(request.via.slice(0, 33).map((via) => via.host)).toEqual(
      Array.from({ length: 33 }, (_, i) => `sip${33 - i}.example.com`),
    );
    const last = request.via[33]!;
    expect(last.received).toBe('192.0.2.5');
    expect(last.branch).toMatch(/^verylonglong.*longbranchvalue$/);
    expect(request.to.displayName).toMatch(/^I have a user name of (extreme){10} proportion$/);
    expect(request.to.uri).toMatchObject({ port: 6000 });
    expect(request.to.uri.kind === 'sip' && [...request.to.uri.params.keys()]).toHaveLength(3);
    expect(request.from.params.get('tag')).toMatch(/^12982982/);
    expect(request.callId).toMatch(/^longreq\.one(really){20}longcallid$/);
    expect(request.rawHeader(`unknown-${'long'.repeat(20)}-name`)).toMatch(
      /^unknown-(long){20}-value; unknown-(long){20}-parameter-name = unknown-(long){20}-parameter-value$/,
    );
    expect(request.body.length).toBe(150);
  });

  it('3.1.1.8 dblreq: a second request after the body is noise to discard (RFC 3261 §18.3)', () => {
    const request = parsedRequest(rfc4475('dblreq'));
    expect(request.method).toBe('REGISTER');
    expect(request.callId).toBe('dblreq.0ha0isndaksdj99sdfafnl3lk233412');
    expect(request.body.length).toBe(0);
  });

  it('3.1.1.9 semiuri: ";" in the user part of a Request-URI is part of the user', () => {
    const request = parsedRequest(rfc4475('semiuri'));
    expect(request.uri).toMatchObject({ user: 'user;par=u@example.net', host: 'example.com' });
    expect(request.uri.kind === 'sip' && request.uri.params.size).toBe(0);
    expect(request.header('Accept').map((range) => `${range.type}/${range.subtype}`)).toEqual([
      'application/sdp',
      'application/pkcs7-mime',
      'multipart/mixed',
      'multipart/signed',
      'message/sip',
      'message/sipfrag',
    ]);
  });

  it('3.1.1.10 transports: Via transports, known and unknown', () => {
    const request = parsedRequest(rfc4475('transports'));
    expect(request.via.map((via) => via.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    expect(request.callId).toBe('transports.kijh4akdnaqjkwendsasfdj');
  });

  it('3.1.1.11 mpart01: a multipart body is bytes, including its binary part', () => {
    const request = parsedRequest(rfc4475('mpart01'));
    expect(request.method).toBe('MESSAGE');
    expect(request.topVia).toMatchObject({ host: '127.0.0.1', port: 5070, rport: true });
    const type = request.header('Content-Type');
    expect(type).toMatchObject({ type: 'multipart', subtype: 'mixed' });
    expect(type && entries(type.params)).toEqual({ boundary: '7a9cbec02ceef655' });
    expect(request.body.length).toBe(553);
    expect(request.body.subarray(0, 20).toString('latin1')).toBe('--7a9cbec02ceef655\r\n');
    expect(request.body.includes(Buffer.from([0x30, 0x82, 0x01, 0x52]))).toBe(true);
    expect(request.rawHeader('Identity')).toMatch(/^r5mwreLuyDRYBi/);
  });

  it('3.1.1.12 unreason: a reason phrase of UTF-8 text and odd characters', () => {
    const response = parsedResponse(rfc4475('unreason'));
    expect(response.status).toBe(200);
    expect(response.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
    expect(response.body.length).toBe(154);
  });

  it('3.1.1.13 noreason: an empty reason phrase', () => {
    const response = parsedResponse(rfc4475('noreason'));
    expect(response.status).toBe(100);
    expect(response.reason).toBe('');
    expect(response.to.params.get('tag')).toBe('902jndnke3');
  });

  const valid = ['wsinv', 'intmeth', 'esc01', 'escnull', 'esc02', 'lwsdisp', 'longreq', 'dblreq', 'semiuri', 'transports', 'mpart01', 'unreason', 'noreason'];
  it.each(valid)('%s survives serialize → parse unchanged', (name) => {
    const first = parsed(rfc4475(name));
    const again = parseMessage(serializeMessage(first));
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(summary(again.message)).toEqual(summary(first));
  });
});

/** Everything a message carries, with Content-Length normalized to what the serializer writes. */
function summary(message: SipMessage): unknown {
  return {
    start: message.kind === 'request' ? [message.method, message.uriText, message.version] : [message.status, message.reason, message.version],
    fields: message.fields().map((field) => (/^(content-length|l)$/i.test(field.name) ? { name: field.name } : field)),
    body: message.body.toString('base64'),
  };
}
