import { describe, expect, it } from 'vitest';
import {
  parseErrorStatus,
  parseMessage,
  typedHeaders,
  validateRequest,
  type SipParseErrorCode,
} from '../../src/sip/index.ts';
import { parsedRequest, rfc4475 } from './support/fixtures.ts';

/**
 * RFC 4475 §3.1.2: invalid messages. Each is rejected — by the parser with a typed error, or, when
 * the damage is in a header the parser leaves for later, by `validateRequest` — with a 400 where a
 * response can be sent and silence for a broken response. None crashes anything.
 */
describe('RFC 4475 §3.1.2 invalid messages rejected by the parser', () => {
  const cases: { name: string; section: string; code: SipParseErrorCode; header?: string; status: 400 | undefined }[] = [
    { name: 'badinv01', section: '3.1.2.1 extraneous separators in Via', code: 'bad_header_value', header: 'Via', status: 400 },
    { name: 'clerr', section: '3.1.2.2 Content-Length larger than the message', code: 'content_length_mismatch', header: 'Content-Length', status: 400 },
    { name: 'ncl', section: '3.1.2.3 negative Content-Length', code: 'bad_header_value', header: 'Content-Length', status: 400 },
    { name: 'scalar02', section: '3.1.2.4 overlarge scalars in a request', code: 'bad_header_value', header: 'CSeq', status: 400 },
    { name: 'scalarlg', section: '3.1.2.5 overlarge scalars in a response', code: 'bad_header_value', header: 'CSeq', status: undefined },
    { name: 'quotbal', section: '3.1.2.6 unterminated quoted display name', code: 'bad_header_value', header: 'To', status: 400 },
    { name: 'ltgtruri', section: '3.1.2.7 <> around the Request-URI', code: 'bad_request_uri', status: 400 },
    { name: 'lwsruri', section: '3.1.2.8 whitespace inside the Request-URI', code: 'bad_start_line', status: 400 },
    { name: 'lwsstart', section: '3.1.2.9 several SPs in the request line', code: 'bad_start_line', status: 400 },
    { name: 'trws', section: '3.1.2.10 SP at the end of the request line', code: 'bad_start_line', status: 400 },
    { name: 'escruri', section: '3.1.2.11 escaped headers in the Request-URI', code: 'bad_request_uri', status: 400 },
    { name: 'badaspec', section: '3.1.2.13 spaces inside <addr-spec>', code: 'bad_header_value', header: 'To', status: 400 },
    { name: 'baddn', section: '3.1.2.14 unquoted non-token display name', code: 'bad_header_value', header: 'From', status: 400 },
    { name: 'bigcode', section: '3.1.2.19 overlarge status code', code: 'bad_start_line', status: undefined },
  ];

  it.each(cases)('$section ($name) → $code', ({ name, code, header, status }) => {
    const result = parseMessage(rfc4475(name));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.header).toBe(header);
    expect(result.error.reason).not.toBe('');
    expect(parseErrorStatus(result.error)).toBe(status);
  });

  it('3.1.2.4 scalar02: each overlarge scalar would be rejected on its own too', () => {
    expect(typedHeaders['Max-Forwards'].parse(['300']).ok).toBe(false);
    expect(typedHeaders.Expires.parse(['1' + '0'.repeat(100)]).ok).toBe(false);
    expect(typedHeaders.CSeq.parse(['36893488147419103232 REGISTER']).ok).toBe(false);
    expect(typedHeaders.CSeq.parse(['4294967295 REGISTER']).ok).toBe(true);
  });

  it('keeps what the transport layer needs to answer a broken request: method and raw headers', () => {
    const result = parseMessage(rfc4475('lwsstart'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.context?.kind).toBe('request');
    expect(result.error.context?.method).toBe('INVITE');
    expect(result.error.context?.fields.find((field) => field.name === 'Via')?.value).toBe(
      'SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923',
    );
  });
});

describe('RFC 4475 §3.1.2 invalid messages rejected by validateRequest', () => {
  it('3.1.2.12 baddate: a Date not in GMT is a 400', () => {
    const check = validateRequest(parsedRequest(rfc4475('baddate')));
    expect(check).toMatchObject({ ok: false, status: 400 });
    expect(!check.ok && check.reason).toMatch(/Date/);
  });

  it('3.1.2.15 regbadct: a Contact URI with "?" outside <> is a 400', () => {
    const request = parsedRequest(rfc4475('regbadct'));
    expect(request.parseHeader('Contact').ok).toBe(false);
    const check = validateRequest(request);
    expect(check).toMatchObject({ ok: false, status: 400 });
    expect(!check.ok && check.reason).toMatch(/Contact/);
  });

  it('3.1.2.16 badvers: SIP/7.0 is a 505', () => {
    const request = parsedRequest(rfc4475('badvers'));
    expect(request.version).toBe('SIP/7.0');
    expect(request.topVia.protocol).toBe('SIP/7.0');
    expect(validateRequest(request)).toMatchObject({ ok: false, status: 505 });
  });

  it('3.1.2.17 mismatch01: a CSeq method that is not the request method is a 400', () => {
    const check = validateRequest(parsedRequest(rfc4475('mismatch01')));
    expect(check).toMatchObject({ ok: false, status: 400 });
    expect(!check.ok && check.reason).toMatch(/CSeq/);
  });

  it('3.1.2.18 mismatch02: an unknown method is a 501 (preferred over 400), listing Allow', () => {
    const request = parsedRequest(rfc4475('mismatch02'));
    expect(request.method).toBe('NEWMETHOD');
    const check = validateRequest(request);
    expect(check).toMatchObject({ ok: false, status: 501 });
    expect(!check.ok && check.headers).toEqual([{ name: 'Allow', value: 'INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER' }]);
    // An element that implements NEWMETHOD still refuses the mismatched CSeq.
    expect(validateRequest(request, { methods: ['NEWMETHOD'] })).toMatchObject({ ok: false, status: 400 });
  });
});
