import { describe, expect, it } from 'vitest';
import { defaultSipLimits, parseErrorStatus, parseMessage, type SipParseErrorCode } from '../../src/sip/index.ts';
import { parsedRequest, parsedResponse } from './support/fixtures.ts';

const headers = [
  'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-frame',
  'From: <sip:a@example.com>;tag=1',
  'To: <sip:b@example.com>',
  'Call-ID: framing@192.0.2.1',
  'CSeq: 1 OPTIONS',
];

function request(extra: string[] = [], body = '', lineEnd = '\r\n'): Buffer {
  return Buffer.from(['OPTIONS sip:b@example.com SIP/2.0', ...headers, ...extra, '', body].join(lineEnd));
}

function errorCode(bytes: Uint8Array, limits = {}): SipParseErrorCode | undefined {
  const result = parseMessage(bytes, { limits });
  return result.ok ? undefined : result.error.code;
}

describe('message framing in a datagram (RFC 3261 §7.5, §18.3)', () => {
  it('skips line breaks before the start line', () => {
    expect(parsedRequest(Buffer.concat([Buffer.from('\r\n\r\n\n'), request()])).method).toBe('OPTIONS');
  });

  it('calls nothing but line breaks an empty message (a keep-alive)', () => {
    expect(errorCode(Buffer.from('\r\n\r\n'))).toBe('empty_message');
    expect(errorCode(Buffer.alloc(0))).toBe('empty_message');
  });

  it('reads bare-LF messages like CRLF ones', () => {
    const crlf = parsedRequest(request(['Content-Type: text/plain'], 'hi\n'));
    const lf = parsedRequest(request(['Content-Type: text/plain'], 'hi\n', '\n'));
    expect(lf.fields()).toEqual(crlf.fields());
    expect(lf.body.toString()).toBe('hi\n');
  });

  it('takes the end of a datagram as the end of a header section that lacks its empty line', () => {
    const text = ['OPTIONS sip:b@example.com SIP/2.0', ...headers, 'Content-Length: 0', ''].join('\r\n');
    expect(parsedRequest(Buffer.from(text)).body.length).toBe(0);
    const withoutLastBreak = text.slice(0, -2);
    expect(parsedRequest(Buffer.from(withoutLastBreak)).header('Content-Length')).toBe(0);
    expect(errorCode(Buffer.from(text.replace('Content-Length: 0', 'Content-Length: 4')))).toBe('content_length_mismatch');
  });

  it('cuts the body at Content-Length and discards what follows', () => {
    const message = parsedRequest(request(['Content-Type: text/plain', 'Content-Length: 5'], 'hello, and then noise'));
    expect(message.body.toString()).toBe('hello');
  });

  it('takes the rest of the datagram as the body when there is no Content-Length', () => {
    expect(parsedRequest(request(['Content-Type: text/plain'], 'all of this\r\n')).body.toString()).toBe('all of this\r\n');
  });

  it('rejects a body shorter than Content-Length, with the status a request gets', () => {
    const result = parseMessage(request(['Content-Type: text/plain', 'Content-Length: 50'], 'short'));
    expect(!result.ok && result.error.code).toBe('content_length_mismatch');
    expect(!result.ok && parseErrorStatus(result.error)).toBe(400);
  });

  it('accepts a Uint8Array as well as a Buffer', () => {
    const bytes = new Uint8Array(request());
    expect(parseMessage(bytes).ok).toBe(true);
  });
});

describe('start lines', () => {
  it('reads a status line without a reason phrase, and upper-cases the version', () => {
    const text = ['sip/2.0 180', ...headers, '', ''].join('\r\n');
    const response = parsedResponse(Buffer.from(text));
    expect([response.version, response.status, response.reason]).toEqual(['SIP/2.0', 180, '']);
  });

  it.each([
    ['SIP/2.0 099 Too Low', 'code below 100'],
    ['SIP/2.0 20 OK', 'two digits'],
    ['SIP/2.0 2000 OK', 'four digits'],
    ['SIP/2.0 700 Beyond', 'code above 699'],
    ['SIP/2 200 OK', 'version without minor'],
    ['SIP/2.0 200 Bad\x01Reason', 'control character in the reason'],
    ['HTTP/1.1 200 OK', 'not SIP'],
    ['INVITE sip:b@example.com', 'no version'],
    ['INVITE sip:b@example.com HTTP/1.1', 'not a SIP version'],
    ['IN VITE sip:b@example.com SIP/2.0', 'space inside the method'],
    ['INV@TE sip:b@example.com SIP/2.0', 'method that is not a token'],
    [' INVITE sip:b@example.com SIP/2.0', 'leading space'],
  ])('rejects "%s" (%s)', (line) => {
    const text = [line, ...headers, '', ''].join('\r\n');
    expect(['bad_start_line', 'bad_request_uri']).toContain(errorCode(Buffer.from(text)));
  });
});

describe('header lines', () => {
  it('rejects a line without a colon, a name that is not a token, a fold after the start line', () => {
    expect(errorCode(request(['Foobar roobar']))).toBe('bad_header_line');
    expect(errorCode(request(['Bad Name: x']))).toBe('bad_header_line');
    expect(errorCode(request([': no name']))).toBe('bad_header_line');
    const folded = Buffer.from(['OPTIONS sip:b@example.com SIP/2.0', ' folded', ...headers, '', ''].join('\r\n'));
    expect(errorCode(folded)).toBe('bad_header_line');
  });

  it('rejects a message without Via, with two Call-IDs, or with a malformed From', () => {
    const noVia = Buffer.from(['OPTIONS sip:b@example.com SIP/2.0', ...headers.slice(1), '', ''].join('\r\n'));
    expect(parseMessage(noVia)).toMatchObject({ ok: false, error: { code: 'missing_header', header: 'Via' } });
    expect(parseMessage(request(['i: second@192.0.2.1']))).toMatchObject({ ok: false, error: { code: 'duplicate_header', header: 'Call-ID' } });
    const badFrom = Buffer.from(request().toString().replace('From: <sip:a@example.com>;tag=1', 'From: <sip:a@example.com'));
    expect(parseMessage(badFrom)).toMatchObject({ ok: false, error: { code: 'bad_header_value', header: 'From' } });
  });
});

describe('limits', () => {
  it('rejects a message over the size limit, by default 64 KiB', () => {
    expect(defaultSipLimits.maxMessageBytes).toBe(65_536);
    const big = request(['Content-Type: text/plain'], 'x'.repeat(70_000));
    const result = parseMessage(big);
    expect(!result.ok && result.error.code).toBe('too_large');
    expect(errorCode(request(), { maxMessageBytes: 100 })).toBe('too_large');
  });

  it('rejects too many header fields', () => {
    const many = Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}`);
    expect(errorCode(request(many))).toBe('too_many_headers');
    expect(errorCode(request(['X-A: 1', 'X-B: 2']), { maxHeaderFields: 6 })).toBe('too_many_headers');
    expect(errorCode(request(['X-A: 1']), { maxHeaderFields: 6 })).toBeUndefined();
  });

  it('rejects a line over the line limit', () => {
    expect(errorCode(request([`X-Long: ${'a'.repeat(9_000)}`]))).toBe('line_too_long');
    expect(errorCode(request([`X-Long: ${'a'.repeat(1_000)}`]), { maxLineLength: 500 })).toBe('line_too_long');
  });
});
