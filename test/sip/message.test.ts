import { describe, expect, it } from 'vitest';
import {
  SipMessageError,
  createRequest,
  createResponse,
  nameAddr,
  parseMessage,
  serializeMessage,
  sipUri,
  via,
  type SipRequest,
} from '../../src/sip/index.ts';
import { contactsOf, entries, ownFixture, parsedRequest, parsedResponse } from './support/fixtures.ts';

function invite(): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri: sipUri({ user: '201', host: 'pbx.ringroute.example' }),
    via: via({ transport: 'UDP', host: '198.51.100.20', port: 5060, branch: 'z9hG4bK-built-1' }),
    from: nameAddr(sipUri({ user: '+31612345678', host: 'trunk.example.net' }), { displayName: 'Alice', params: new Map([['tag', 'a1']]) }),
    to: nameAddr(sipUri({ user: '201', host: 'pbx.ringroute.example' })),
    callId: 'built-call-1@198.51.100.20',
    cseq: 1,
    contact: nameAddr(sipUri({ host: '198.51.100.20', port: 5060 })),
    headers: [{ name: 'X-Leg', value: 'outbound; id=7' }],
    body: 'v=0\r\n',
    contentType: 'application/sdp',
  });
}

describe('createRequest', () => {
  it('builds the headers of RFC 3261 §8.1.1 in order, with Content-Length from the body', () => {
    const request = invite();
    const bytes = serializeMessage(request).toString();
    expect(bytes).toBe(
      [
        'INVITE sip:201@pbx.ringroute.example SIP/2.0',
        'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-built-1',
        'Max-Forwards: 70',
        'From: "Alice" <sip:+31612345678@trunk.example.net>;tag=a1',
        'To: <sip:201@pbx.ringroute.example>',
        'Call-ID: built-call-1@198.51.100.20',
        'CSeq: 1 INVITE',
        'Contact: <sip:198.51.100.20:5060>',
        'X-Leg: outbound; id=7',
        'Content-Type: application/sdp',
        'Content-Length: 5',
        '',
        'v=0',
        '',
      ].join('\r\n'),
    );
    const again = parsedRequest(serializeMessage(request));
    expect(again.cseq).toEqual({ seq: 1, method: 'INVITE' });
    expect(again.from).toEqual(request.from);
    expect(again.body.toString()).toBe('v=0\r\n');
  });

  it('refuses values that make invalid core headers', () => {
    expect(() => createRequest({ ...baseOptions(), cseq: 2 ** 32 })).toThrow(SipMessageError);
    expect(() => createRequest({ ...baseOptions(), callId: 'two words' })).toThrow(SipMessageError);
    expect(() => createRequest({ ...baseOptions(), maxForwards: 256 })).toThrow(SipMessageError);
    expect(() => createRequest({ ...baseOptions(), method: 'BAD METHOD' })).toThrow();
  });
});

function baseOptions() {
  return {
    method: 'OPTIONS',
    uri: sipUri({ host: 'example.com' }),
    via: via({ transport: 'UDP', host: '192.0.2.1', branch: 'z9hG4bK-o' }),
    from: nameAddr(sipUri({ user: 'a', host: 'example.com' }), { params: new Map([['tag', '1']]) }),
    to: nameAddr(sipUri({ user: 'b', host: 'example.com' })),
    callId: 'c1',
    cseq: 1,
  };
}

describe('createResponse (RFC 3261 §8.2.6)', () => {
  const request = parsedRequest(ownFixture('invite-sdp.sip'));

  it('copies every Via in order, From, To, Call-ID and CSeq as received, and adds the To tag', () => {
    const response = createResponse(request, 180, { toTag: 'rr-7c0ffee' });
    expect(response.status).toBe(180);
    expect(response.reason).toBe('Ringing');
    expect(response.rawHeaders('Via')).toEqual(request.rawHeaders('Via'));
    expect(response.rawHeader('From')).toBe(request.rawHeader('From'));
    expect(response.to.params.get('tag')).toBe('rr-7c0ffee');
    expect(response.to.uri).toEqual(request.to.uri);
    expect(response.callId).toBe(request.callId);
    expect(response.cseq).toEqual({ seq: 102, method: 'INVITE' });
    // A dialog-creating response carries the Record-Route set (§12.1.1).
    expect(response.rawHeaders('Record-Route')).toEqual(['<sip:203.0.113.10;lr;ftag=as5f21a9c1>']);
  });

  it('adds no tag to a 100, keeps a tag the request already has, and echoes Timestamp in a 100', () => {
    const withTimestamp = request.clone();
    withTimestamp.appendHeader('Timestamp', '54.2');
    const trying = createResponse(withTimestamp, 100, { toTag: 'x' });
    expect(trying.to.params.has('tag')).toBe(false);
    expect(trying.rawHeader('Timestamp')).toBe('54.2');
    expect(createResponse(request, 486, { toTag: 'x' }).rawHeader('Timestamp')).toBeUndefined();

    const bye = parsedRequest(ownFixture('bye-q850.sip'));
    expect(createResponse(bye, 200, { toTag: 'other' }).to.params.get('tag')).toBe('as5f21a9c1');
  });

  it('copies no Record-Route into a final failure, and takes a reason phrase, headers and a body', () => {
    const busy = createResponse(request, 486, 'Busy Here Now');
    expect(busy.reason).toBe('Busy Here Now');
    expect(busy.hasHeader('Record-Route')).toBe(false);
    const ok = createResponse(request, 200, {
      toTag: 't',
      headers: [{ name: 'Contact', value: '<sip:b2bua@198.51.100.20>' }],
      body: 'v=0\r\n',
      contentType: 'application/sdp',
    });
    expect(contactsOf(ok)).toMatchObject([{ uri: { user: 'b2bua' } }]);
    expect(ok.header('Content-Type')).toMatchObject({ type: 'application', subtype: 'sdp' });
    expect(ok.header('Content-Length')).toBe(5);
  });

  it('rejects impossible statuses and tags', () => {
    expect(() => createResponse(request, 99)).toThrow(RangeError);
    expect(() => createResponse(request, 700)).toThrow(RangeError);
    expect(() => createResponse(request, 200, { toTag: 'a b' })).toThrow(TypeError);
  });
});

describe('headers of a message', () => {
  it('keep the core headers valid: a change that breaks one is refused and undone', () => {
    const request = invite();
    const before = serializeMessage(request).toString();
    expect(() => request.removeHeader('From')).toThrow(SipMessageError);
    expect(() => request.setHeader('CSeq', 'garbage')).toThrow(SipMessageError);
    expect(() => request.appendHeader('To', '<sip:other@example.com>')).toThrow(
      expect.objectContaining({ code: 'duplicate_header', header: 'To' }),
    );
    expect(serializeMessage(request).toString()).toBe(before);
  });

  it('refuse header lines that would inject lines or are not tokens', () => {
    const request = invite();
    expect(() => request.setHeader('X-Test', 'a\r\nVia: evil')).toThrow(TypeError);
    expect(() => request.appendHeader('Bad Name', 'x')).toThrow(TypeError);
  });

  it('give typed values that follow changes', () => {
    const request = invite();
    expect(contactsOf(request)).toHaveLength(1);
    request.set('Contact', [nameAddr(sipUri({ user: 'x', host: 'a.example' })), nameAddr(sipUri({ user: 'y', host: 'b.example' }))]);
    expect(contactsOf(request).map((c) => c.uri.kind === 'sip' && c.uri.user)).toEqual(['x', 'y']);
    request.prependHeader('Via', 'SIP/2.0/TCP proxy.example.com;branch=z9hG4bK-p');
    expect(request.topVia).toMatchObject({ transport: 'TCP', host: 'proxy.example.com' });
    expect(request.via).toHaveLength(2);
    request.set('Max-Forwards', 69);
    expect(request.maxForwards).toBe(69);
  });

  it('throw a typed error for a malformed typed header, or return it without throwing', () => {
    const request = invite();
    request.setHeader('Contact', '<sip:unterminated@example.com');
    expect(() => request.header('Contact')).toThrow(expect.objectContaining({ code: 'bad_header_value', header: 'Contact' }));
    expect(request.parseHeader('Contact').ok).toBe(false);
  });

  it('keep unknown headers in order and written as received', () => {
    const message = parsedRequest(ownFixture('folded-lists.sip'));
    const text = serializeMessage(message).toString();
    expect(text.indexOf('X-Trace-Before: 1')).toBeLessThan(text.indexOf('f: "Doe'));
    expect(text).toContain('X-Trace-After: a, b, "c, d"\r\n');
    expect(text).toContain('l: 0\r\n');
  });

  it('keep the body and Content-Length in step', () => {
    const request = invite();
    request.setBody(Buffer.from('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n'), 'application/sdp');
    expect(request.header('Content-Length')).toBe(31);
    request.setBody('');
    expect(request.header('Content-Length')).toBe(0);
    expect(request.hasHeader('Content-Type')).toBe(false);
  });

  it('write the Request-URI verbatim until it is reassigned', () => {
    const request = parsedRequest(Buffer.from(serializeMessage(invite()).toString().replace('sip:201@pbx', 'sip:%32%301@pbx')));
    expect(request.uri).toMatchObject({ user: '201' });
    expect(request.uriText).toBe('sip:%32%301@pbx.ringroute.example');
    request.uri = sipUri({ user: '202', host: 'pbx.ringroute.example' });
    expect(serializeMessage(request).toString()).toMatch(/^INVITE sip:202@pbx.ringroute.example SIP\/2.0\r\n/);
  });

  it('clone independently', () => {
    const request = invite();
    const copy = request.clone();
    copy.setHeader('X-Leg', 'copy');
    copy.set('CSeq', { seq: 2, method: 'INVITE' });
    expect(request.rawHeader('X-Leg')).toBe('outbound; id=7');
    expect(request.cseq.seq).toBe(1);
  });
});

describe("the project's own fixtures", () => {
  it('an INVITE from a trunk: identities, route set, capabilities, SDP', () => {
    const request = parsedRequest(ownFixture('invite-sdp.sip'));
    expect(request.uri).toMatchObject({ user: '+31201234567', host: 'pbx.ringroute.example' });
    expect(request.uri.kind === 'sip' && entries(request.uri.params)).toEqual({ user: 'phone' });
    expect(request.via.map((v) => [v.host, v.port, v.rport, v.received])).toEqual([
      ['203.0.113.10', 5060, true, undefined],
      ['192.0.2.44', 5060, undefined, '192.0.2.44'],
    ]);
    expect(request.header('P-Asserted-Identity').map((identity) => identity.uri)).toMatchObject([
      { kind: 'sip', user: '+31612345678' },
      { kind: 'tel', number: '+31612345678' },
    ]);
    expect(request.header('Record-Route')).toMatchObject([{ uri: { host: '203.0.113.10' } }]);
    expect(request.header('Allow')).toContain('REFER');
    expect(request.header('Supported')).toEqual(['replaces', 'timer', '100rel']);
    expect(request.rawHeader('Session-Expires')).toBe('1800;refresher=uac');
    expect(request.body.toString()).toMatch(/^v=0\r\n[^]*a=sendrecv\r\n$/);
  });

  it('a 401 with two challenges, and a REGISTER answering one', () => {
    const challenge = parsedResponse(ownFixture('unauthorized-401.sip')).header('WWW-Authenticate');
    expect(challenge.map((c) => c.kind === 'digest' && [c.algorithm, c.qop, c.opaque])).toEqual([
      ['MD5', ['auth', 'auth-int'], 'c2FsdCwgd2l0aCBjb21tYXM='],
      ['SHA-256', ['auth'], undefined],
    ]);
    const register = parsedRequest(ownFixture('register-auth.sip'));
    expect(register.header('Authorization')).toMatchObject([{ kind: 'digest', username: '201', nc: '00000001', qop: 'auth' }]);
    expect(register.header('Expires')).toBe(600);
    const [contact] = contactsOf(register);
    expect(contact && entries(contact.params)).toEqual({ 'reg-id': '1', '+sip.instance': '"<urn:uuid:00000000-0000-1000-8000-00a0c9e1f2a3>"', expires: '600' });
  });

  it('a CANCEL and a BYE with their reasons', () => {
    expect(parsedRequest(ownFixture('cancel-reason.sip')).header('Reason')).toMatchObject([
      { protocol: 'SIP', cause: 200, text: 'Call completed elsewhere' },
    ]);
    expect(parsedRequest(ownFixture('bye-q850.sip')).header('Reason').map((r) => r.protocol)).toEqual(['Q.850', 'SIP']);
  });

  it('folded lists: Vias, Routes and Contacts split across lines and commas, IPv6 throughout', () => {
    const request = parsedRequest(ownFixture('folded-lists.sip'));
    expect(request.via.map((v) => v.branch)).toEqual(['z9hG4bK-f0ld-1', 'z9hG4bK-f0ld-2', 'z9hG4bK-f0ld-3']);
    expect(request.via[0]).toMatchObject({ received: '2001:db8::77', rport: 40211 });
    expect(request.cseq).toEqual({ seq: 17, method: 'OPTIONS' });
    expect(request.from.displayName).toBe('Doe, Jane "JD"');
    expect(request.header('Route').map((r) => r.uri.kind === 'sip' && r.uri.host)).toEqual(['edge1.example.org', 'edge2.example.org', '[2001:db8::1]']);
    expect(contactsOf(request).map((c) => c.displayName)).toEqual([undefined, 'Jane, mobile']);
    expect(request.header('Supported')).toEqual(['replaces', 'timer']);
    expect(parseMessage(serializeMessage(request)).ok).toBe(true);
  });
});
