import { describe, expect, it } from 'vitest';
import { createResponse, validateRequest, validateResponse, type SipRequest } from '../../src/sip/index.ts';
import { ownFixture, parsedRequest, parsedResponse } from './support/fixtures.ts';

const invite = () => parsedRequest(ownFixture('invite-sdp.sip'));
const register = () => parsedRequest(ownFixture('register-auth.sip'));
const b2bua = { methods: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'UPDATE'], extensions: ['timer', 'replaces'] };

function withHeader(request: SipRequest, name: string, value: string | string[]): SipRequest {
  const copy = request.clone();
  copy.setHeader(name, value);
  return copy;
}

describe('validateRequest policies', () => {
  it('accepts well-formed requests the element supports', () => {
    expect(validateRequest(invite(), b2bua)).toEqual({ ok: true });
    expect(validateRequest(register(), b2bua)).toEqual({ ok: true });
  });

  it('lists the implemented methods in Allow when it refuses one with 501', () => {
    const request = parsedRequest(Buffer.from(ownFixture('cancel-reason.sip').toString().replaceAll('CANCEL', 'PUBLISH')));
    expect(validateRequest(request, b2bua)).toEqual({
      ok: false,
      status: 501,
      reason: 'PUBLISH is not implemented',
      headers: [{ name: 'Allow', value: b2bua.methods.join(', ') }],
    });
  });

  it('never refuses ACK or CANCEL over Require (RFC 3261 §8.2.2.3)', () => {
    const cancel = withHeader(parsedRequest(ownFixture('cancel-reason.sip')), 'Require', 'foo');
    expect(validateRequest(cancel)).toEqual({ ok: true });
    expect(validateRequest(withHeader(invite(), 'Require', 'foo'), b2bua)).toMatchObject({ ok: false, status: 420 });
  });

  it('refuses a body without Content-Type (400) or in an unknown encoding (415 with Accept-Encoding)', () => {
    const untyped = invite();
    untyped.removeHeader('Content-Type');
    expect(validateRequest(untyped, b2bua)).toMatchObject({ ok: false, status: 400 });
    expect(validateRequest(withHeader(invite(), 'Content-Encoding', 'gzip'), b2bua)).toMatchObject({
      ok: false,
      status: 415,
      headers: [{ name: 'Accept-Encoding', value: 'identity' }],
    });
    expect(validateRequest(withHeader(invite(), 'e', 'identity'), b2bua)).toEqual({ ok: true });
  });

  it('takes "Contact: *" in a REGISTER only with Expires: 0 (RFC 3261 §10.3)', () => {
    const star = withHeader(register(), 'Contact', '*');
    expect(validateRequest(star)).toMatchObject({ ok: false, status: 400 });
    expect(validateRequest(withHeader(star, 'Expires', '0'))).toEqual({ ok: true });
  });

  it('answers credentials only in unknown schemes with 401 or 407, and accepts a Digest among them', () => {
    expect(validateRequest(withHeader(register(), 'Authorization', 'Bearer abc'))).toMatchObject({ ok: false, status: 401 });
    expect(validateRequest(withHeader(invite(), 'Proxy-Authorization', 'Bearer abc'), b2bua)).toMatchObject({ ok: false, status: 407 });
    const both = withHeader(register(), 'Authorization', ['Bearer abc', register().rawHeader('Authorization')!]);
    expect(validateRequest(both)).toEqual({ ok: true });
  });

  it('checks Accept against what an INVITE would be answered with; an empty Accept admits nothing', () => {
    expect(validateRequest(withHeader(invite(), 'Accept', '*/*'), b2bua)).toEqual({ ok: true });
    expect(validateRequest(withHeader(invite(), 'Accept', 'application/*;q=0.5, text/html'), b2bua)).toEqual({ ok: true });
    expect(validateRequest(withHeader(invite(), 'Accept', ''), b2bua)).toMatchObject({ ok: false, status: 406 });
  });

  it('names the header at fault when a typed header is malformed', () => {
    const check = validateRequest(withHeader(invite(), 'Record-Route', '<sip:unterminated'), b2bua);
    expect(check).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/^bad Record-Route/) });
  });
});

describe('validateResponse', () => {
  it('accepts a response with one Via at a UAC', () => {
    const response = createResponse(register(), 200, { toTag: 't' });
    expect(validateResponse(response)).toEqual({ ok: true });
  });

  it('discards at a UAC a response with more than one Via (RFC 3261 §18.1.2), but forwards it at a proxy', () => {
    const response = parsedResponse(ownFixture('ok-200.sip'));
    expect(validateResponse(response)).toMatchObject({ ok: false });
    expect(validateResponse(response, { role: 'proxy' })).toEqual({ ok: true });
  });

  it('discards a response in another SIP version or with a malformed typed header', () => {
    const response = parsedResponse(ownFixture('unauthorized-401.sip'));
    const other = parsedResponse(Buffer.from(ownFixture('unauthorized-401.sip').toString().replace('SIP/2.0 401', 'SIP/3.0 401')));
    expect(validateResponse(other)).toMatchObject({ ok: false, reason: 'SIP/3.0 is not supported' });
    response.setHeader('WWW-Authenticate', 'Digest realm="missing nonce"');
    expect(validateResponse(response)).toMatchObject({ ok: false, reason: expect.stringMatching(/WWW-Authenticate/) });
  });
});
