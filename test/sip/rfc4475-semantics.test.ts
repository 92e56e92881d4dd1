import { describe, expect, it } from 'vitest';
import {
  isRfc3261Branch,
  parseErrorStatus,
  parseMessage,
  validateRequest,
  validateResponse,
} from '../../src/sip/index.ts';
import { contactsOf, entries, parsedRequest, parsedResponse, rfc4475 } from './support/fixtures.ts';

/**
 * RFC 4475 §3.2–§3.4: messages a parser must not fail on, and that the transaction or application
 * layer must then answer as the RFC says. `validateRequest` names the response.
 */
describe('RFC 4475 §3.2 transaction layer', () => {
  it('3.2.1 badbranch: a branch that is only the magic cookie is answered 400', () => {
    const request = parsedRequest(rfc4475('badbranch'));
    expect(request.topVia.branch).toBe('z9hG4bK');
    expect(isRfc3261Branch(request.topVia.branch)).toBe(false);
    expect(validateRequest(request)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('RFC 4475 §3.3 application layer', () => {
  it('3.3.1 insuf: missing To, From and Call-ID is a 400', () => {
    const result = parseMessage(rfc4475('insuf'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'missing_header', header: 'From' });
    expect(result.error.context?.method).toBe('INVITE');
    expect(parseErrorStatus(result.error)).toBe(400);
  });

  it('3.3.2 unkscm: an unknown Request-URI scheme parses opaquely and is answered 416', () => {
    const request = parsedRequest(rfc4475('unkscm'));
    expect(request.uri).toEqual({ kind: 'absolute', scheme: 'nobodyknowsthisscheme', value: 'totallyopaquecontent' });
    expect(request.uriText).toBe('nobodyKnowsThisScheme:totallyopaquecontent');
    expect(validateRequest(request)).toMatchObject({ ok: false, status: 416 });
  });

  it('3.3.3 novelsc: a known but atypical scheme is answered 416 by an element that does not serve it', () => {
    const request = parsedRequest(rfc4475('novelsc'));
    expect(request.uri).toEqual({ kind: 'absolute', scheme: 'soap.beep', value: '//192.0.2.103:3002' });
    expect(validateRequest(request)).toMatchObject({ ok: false, status: 416 });
    expect(validateRequest(request, { uriSchemes: ['sip', 'soap.beep'] })).toEqual({ ok: true });
  });

  it('3.3.4 unksm2: unknown schemes in To, From and Contact parse; a REGISTER for an isbn: AOR is refused', () => {
    const request = parsedRequest(rfc4475('unksm2'));
    expect(request.to.uri).toEqual({ kind: 'absolute', scheme: 'isbn', value: '2983792873' });
    expect(request.from.uri).toEqual({ kind: 'absolute', scheme: 'http', value: '//www.example.com' });
    expect(request.header('Contact')).toMatchObject([{ uri: { kind: 'absolute', scheme: 'name', value: 'John_Smith' } }]);
    expect(validateRequest(request)).toMatchObject({ ok: false, status: 416 });
  });

  it('3.3.5 bext01: an unknown Require is a 420 listing it in Unsupported; Proxy-Require is for proxies', () => {
    const request = parsedRequest(rfc4475('bext01'));
    const check = validateRequest(request);
    expect(check).toMatchObject({ ok: false, status: 420 });
    expect(!check.ok && check.headers).toEqual([{ name: 'Unsupported', value: 'nothingSupportsThis, nothingSupportsThisEither' }]);
    expect(request.header('Proxy-Require')).toEqual(['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
    expect(validateRequest(request, { extensions: ['nothingSupportsThis', 'nothingSupportsThisEither'] })).toEqual({ ok: true });
  });

  it('3.3.6 invut: an unknown body type is a 415 listing Accept', () => {
    const request = parsedRequest(rfc4475('invut'));
    expect(request.header('Content-Type')).toMatchObject({ type: 'application', subtype: 'unknownformat' });
    expect(request.body.toString()).toBe('<audio>\r\n <pcmu port="443"/>\r\n</audio>\r\n');
    const check = validateRequest(request);
    expect(check).toMatchObject({ ok: false, status: 415 });
    expect(!check.ok && check.headers).toEqual([{ name: 'Accept', value: 'application/sdp' }]);
  });

  it('3.3.7 regaut01: credentials in an unknown scheme are kept as written and answered 401', () => {
    const request = parsedRequest(rfc4475('regaut01'));
    expect(request.header('Authorization')).toEqual([{ kind: 'other', scheme: 'NoOneKnowsThisScheme', value: 'opaque-data=here' }]);
    expect(validateRequest(request)).toMatchObject({ ok: false, status: 401 });
  });

  it('3.3.8 multi01: several values in single-value headers is a 400', () => {
    const result = parseMessage(rfc4475('multi01'));
    expect(!result.ok && result.error.code).toBe('duplicate_header');
    expect(!result.ok && parseErrorStatus(result.error)).toBe(400);
  });

  it('3.3.9 mcl01: two Content-Lengths is a 400', () => {
    const result = parseMessage(rfc4475('mcl01'));
    expect(!result.ok && result.error).toMatchObject({ code: 'duplicate_header', header: 'Content-Length' });
    expect(!result.ok && parseErrorStatus(result.error)).toBe(400);
  });

  it('3.3.10 bcast: a response with a broadcast Via parses, and is discarded by a UAC and by a proxy', () => {
    const response = parsedResponse(rfc4475('bcast'));
    expect(response.via.map((via) => via.host)).toEqual(['192.0.2.198', '255.255.255.255']);
    expect(validateResponse(response)).toMatchObject({ ok: false });
    expect(validateResponse(response, { role: 'proxy' })).toMatchObject({ ok: false, reason: expect.stringMatching(/broadcast/) });
  });

  it('3.3.11 zeromf: Max-Forwards 0 is a 483 (for an element that forwards)', () => {
    const request = parsedRequest(rfc4475('zeromf'));
    expect(request.maxForwards).toBe(0);
    expect(validateRequest(request)).toMatchObject({ ok: false, status: 483 });
    expect(validateRequest(request, { checkMaxForwards: false })).toEqual({ ok: true });
  });

  it('3.3.12 cparam01: without <>, ";unknownparam" is a Contact header parameter', () => {
    const request = parsedRequest(rfc4475('cparam01'));
    const [contact] = contactsOf(request);
    expect(contact?.uri).toMatchObject({ kind: 'sip', user: '+19725552222', host: 'gw1.example.net' });
    expect(contact?.uri.kind === 'sip' && entries(contact.uri.params)).toEqual({});
    expect(contact && entries(contact.params)).toEqual({ unknownparam: null });
    expect(validateRequest(request)).toEqual({ ok: true });
  });

  it('3.3.13 cparam02: inside <>, ";unknownparam" is a URI parameter', () => {
    const request = parsedRequest(rfc4475('cparam02'));
    const [contact] = contactsOf(request);
    expect(contact?.uri.kind === 'sip' && entries(contact.uri.params)).toEqual({ unknownparam: null });
    expect(contact && entries(contact.params)).toEqual({});
  });

  it('3.3.14 regescrt: an escaped header in a Contact URI is decoded and kept', () => {
    const request = parsedRequest(rfc4475('regescrt'));
    const [contact] = contactsOf(request);
    expect(contact?.uri.kind === 'sip' && entries(contact.uri.headers)).toEqual({ Route: '<sip:sip.example.com>' });
    expect(validateRequest(request)).toEqual({ ok: true });
  });

  it('3.3.15 sdp01: an INVITE whose Accept excludes SDP is a 406', () => {
    const request = parsedRequest(rfc4475('sdp01'));
    expect(request.header('Accept')).toMatchObject([{ type: 'text', subtype: 'nobodyknowsthis' }]);
    const check = validateRequest(request);
    expect(check).toMatchObject({ ok: false, status: 406 });
    expect(!check.ok && check.headers).toEqual([{ name: 'Accept', value: 'application/sdp' }]);
  });
});

describe('RFC 4475 §3.4 backward compatibility', () => {
  it('3.4.1 inv2543: RFC 2543 syntax — no Max-Forwards, no branch, no tag, no Content-Length — is accepted', () => {
    const request = parsedRequest(rfc4475('inv2543'));
    expect(request.maxForwards).toBeUndefined();
    expect(request.topVia).toMatchObject({ host: 'iftgw.example.com' });
    expect(request.topVia.branch).toBeUndefined();
    expect(request.from.params.has('tag')).toBe(false);
    expect(request.hasHeader('Content-Length')).toBe(false);
    // Without Content-Length a datagram's body is the rest of it (RFC 3261 §18.3).
    expect(request.body.toString()).toMatch(/^v=0\r\n[^]*m=audio 49217 RTP\/AVP 0\r\n$/);
    // addr-spec form: ";user=phone" after a bare URI is a header parameter of To.
    expect(entries(request.to.params)).toEqual({ user: 'phone' });
    expect(request.header('Record-Route')).toMatchObject([{ uri: { user: 'UserB', host: 'example.com' } }]);
    expect(validateRequest(request)).toEqual({ ok: true });
  });

  it('test.dat (in the archive, used by no section) is rejected: no SIP version, a line without a colon', () => {
    const result = parseMessage(rfc4475('test'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['bad_header_line', 'bad_start_line']).toContain(result.error.code);
  });
});
