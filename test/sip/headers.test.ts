import { describe, expect, it } from 'vitest';
import {
  canonicalHeaderName,
  formatChallenge,
  formatCredentials,
  formatNameAddr,
  formatReason,
  formatVia,
  headerKey,
  mediaRangeAccepts,
  parseCallId,
  parseChallenge,
  parseCredentials,
  parseCSeq,
  parseMediaType,
  parseNameAddr,
  parseReason,
  parseSipDate,
  parseVia,
  quoteString,
  sipUri,
  nameAddr,
  typedHeaders,
  unquote,
  via,
} from '../../src/sip/index.ts';
import { entries } from './support/fixtures.ts';

function value<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('header names', () => {
  it('resolve compact forms and case to one key (RFC 3261 §7.3.1, §7.3.3)', () => {
    expect(['v', 'V', 'Via', 'VIA', 'vIa'].map(headerKey)).toEqual(['via', 'via', 'via', 'via', 'via']);
    expect(['i', 'm', 'e', 'l', 'c', 'f', 's', 'k', 't', 'o', 'r', 'b', 'x', 'u'].map(canonicalHeaderName)).toEqual([
      'Call-ID', 'Contact', 'Content-Encoding', 'Content-Length', 'Content-Type', 'From', 'Subject', 'Supported', 'To',
      'Event', 'Refer-To', 'Referred-By', 'Session-Expires', 'Allow-Events',
    ]);
    expect(canonicalHeaderName('cseq')).toBe('CSeq');
    expect(canonicalHeaderName('www-authenticate')).toBe('WWW-Authenticate');
    expect(canonicalHeaderName('x-custom-thing')).toBe('X-Custom-Thing');
  });
});

describe('Via', () => {
  it('reads sent-protocol, sent-by and the typed parameters', () => {
    const parsed = value(parseVia('SIP/2.0/udp 203.0.113.10:5060;rport=40211;received=192.0.2.7;branch=z9hG4bK776;maddr=224.0.1.75;ttl=1'));
    expect(parsed).toMatchObject({ protocol: 'SIP/2.0', transport: 'UDP', host: '203.0.113.10', port: 5060, rport: 40211, received: '192.0.2.7', branch: 'z9hG4bK776' });
    expect(entries(parsed.params)).toEqual({ maddr: '224.0.1.75', ttl: '1' });
    expect(value(parseVia('SIP/2.0/TCP host.example.com;rport')).rport).toBe(true);
  });

  it('allows whitespace around the separators of sent-by (COLON = SWS ":" SWS)', () => {
    expect(value(parseVia('SIP / 2.0 / TCP  example.com : 5070 ; branch = z9hG4bKx'))).toMatchObject({ host: 'example.com', port: 5070, branch: 'z9hG4bKx' });
  });

  it('writes a Via that reads back the same', () => {
    const built = via({ transport: 'tls', host: '[2001:db8::1]', port: 5061, branch: 'z9hG4bK-1', rport: true, received: '2001:db8::2' });
    expect(formatVia(built)).toBe('SIP/2.0/TLS [2001:db8::1]:5061;received=2001:db8::2;rport;branch=z9hG4bK-1');
    expect(value(parseVia(formatVia(built)))).toEqual(built);
  });

  it.each([
    ['SIP/2.0 example.com', 'no transport'],
    ['SIP/2.0/UDPexample.com', 'no space before sent-by'],
    ['SIP/2.0/UDP example.com;branch', 'branch without a value'],
    ['SIP/2.0/UDP example.com;received=example.net', 'received that is not an address'],
    ['SIP/2.0/UDP example.com;rport=70000', 'rport out of range'],
    ['SIP/2.0/UDP example.com:99999', 'port out of range'],
    ['SIP/2.0/UDP example.com;;branch=z9hG4bK1', 'empty parameter'],
    ['SIP/2.0/UDP [2001:db8::1', 'unterminated IPv6 reference'],
  ])('rejects %s (%s)', (text) => {
    expect(parseVia(text).ok).toBe(false);
  });
});

describe('name-addr and addr-spec', () => {
  it('reads a quoted display name, the URI in <>, and header parameters', () => {
    const parsed = value(parseNameAddr('"Doe, Jane \\"JD\\"" <sip:jane@example.org;transport=tcp>;tag=ff00;x-flag'));
    expect(parsed.displayName).toBe('Doe, Jane "JD"');
    expect(parsed.uri).toMatchObject({ user: 'jane', host: 'example.org' });
    expect(entries(parsed.params)).toEqual({ tag: 'ff00', 'x-flag': null });
  });

  it('reads token display names and bare addr-specs', () => {
    expect(value(parseNameAddr('Jane Doe <sip:jane@example.org>')).displayName).toBe('Jane Doe');
    const bare = value(parseNameAddr('sip:jane@example.org;tag=1'));
    expect(bare.displayName).toBeUndefined();
    expect(bare.uri.kind === 'sip' && bare.uri.params.size).toBe(0);
    expect(entries(bare.params)).toEqual({ tag: '1' });
    expect(value(parseNameAddr('<tel:+31201234567>')).uri).toMatchObject({ kind: 'tel', number: '+31201234567' });
  });

  it('writes the name-addr form, quoting and escaping the display name, never a line break', () => {
    const address = nameAddr(sipUri({ user: 'jane', host: 'example.org' }), {
      displayName: 'Jane "JD" \\ Doe\r\nInjected: yes',
      params: new Map([['tag', 'ff00']]),
    });
    const text = formatNameAddr(address);
    expect(text).toBe('"Jane \\"JD\\" \\\\ Doe  Injected: yes" <sip:jane@example.org>;tag=ff00');
    expect(value(parseNameAddr(text)).displayName).toBe('Jane "JD" \\ Doe  Injected: yes');
  });

  it.each([
    ['"unterminated <sip:a@b>', 'unterminated quote'],
    ['Bell, Alexander <sip:a@b>', 'unquoted comma in the display name'],
    ['< sip:a@b >', 'whitespace inside the brackets'],
    ['<sip:a@b', 'unterminated <'],
    ['sip:a@b?Route=x', '? outside <>'],
    ['"Name" sip:a@b', 'quoted name without <>'],
    ['<sip:a@b> junk', 'text after the address'],
  ])('rejects %s (%s)', (text) => {
    expect(parseNameAddr(text).ok).toBe(false);
  });
});

describe('CSeq and Call-ID', () => {
  it('reads CSeq numbers up to 2**32-1 with any whitespace before the method', () => {
    expect(value(parseCSeq('0009\t INVITE'))).toEqual({ seq: 9, method: 'INVITE' });
    expect(value(parseCSeq('4294967295 BYE')).seq).toBe(4294967295);
    expect(parseCSeq('4294967296 BYE').ok).toBe(false);
    expect(parseCSeq('-1 BYE').ok).toBe(false);
    expect(parseCSeq('12').ok).toBe(false);
    expect(parseCSeq('12 IN VITE').ok).toBe(false);
  });

  it('reads Call-IDs of word characters with at most one "@"', () => {
    expect(value(parseCallId('a84b4c76e66710@pc33.atlanta.com'))).toBe('a84b4c76e66710@pc33.atlanta.com');
    expect(parseCallId('two words').ok).toBe(false);
    expect(parseCallId('a@b@c').ok).toBe(false);
    expect(parseCallId('').ok).toBe(false);
  });
});

describe('authentication headers', () => {
  it('reads a Digest challenge with quoted commas and qop options, and writes it back', () => {
    const challenge = value(parseChallenge('Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth,auth-int", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="a,b", stale=FALSE, algorithm=MD5, charset=UTF-8'));
    expect(challenge).toMatchObject({ kind: 'digest', realm: 'atlanta.com', domain: 'sip:ss1.carrier.com', nonce: 'f84f1cec41e6cbe5aea9c8e88d359', opaque: 'a,b', stale: false, algorithm: 'MD5', qop: ['auth', 'auth-int'] });
    expect(challenge.kind === 'digest' && entries(challenge.params)).toEqual({ charset: 'UTF-8' });
    expect(value(parseChallenge(formatChallenge(challenge)))).toEqual(challenge);
  });

  it('reads Digest credentials and writes them back', () => {
    const text = 'Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    const credentials = value(parseCredentials(text));
    expect(credentials).toMatchObject({ kind: 'digest', username: 'bob', realm: 'biloxi.com', uri: 'sip:bob@biloxi.com', qop: 'auth', nc: '00000001', cnonce: '0a4f113b', response: '6629fae49393a05397450978507c4ef1' });
    expect(formatCredentials(credentials)).toBe(
      'Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
    );
    expect(value(parseCredentials(formatCredentials(credentials)))).toEqual(credentials);
  });

  it('keeps other schemes as written and rejects incomplete Digest values', () => {
    expect(value(parseChallenge('Basic realm="x"'))).toEqual({ kind: 'other', scheme: 'Basic', value: 'realm="x"' });
    expect(parseChallenge('Digest realm="x"').ok).toBe(false);
    expect(parseCredentials('Digest username="bob", realm="x"').ok).toBe(false);
    expect(parseCredentials('Digest username="bob, realm="x"').ok).toBe(false);
  });

  it('keeps each header line one challenge: commas inside are not list separators', () => {
    const lines = ['Digest realm="a", nonce="1"', 'Digest realm="b", nonce="2", algorithm=SHA-256'];
    expect(value(typedHeaders['WWW-Authenticate'].parse(lines)).map((c) => c.kind === 'digest' && c.realm)).toEqual(['a', 'b']);
  });
});

describe('Reason, media types, token lists, Date, Contact', () => {
  it('reads RFC 3326 Reason values, a list of them', () => {
    const reasons = value(typedHeaders.Reason.parse(['Q.850;cause=16;text="Normal call clearing", SIP ;cause=200 ;text="Call completed elsewhere"']));
    expect(reasons.map(({ protocol, cause, text }) => ({ protocol, cause, text }))).toEqual([
      { protocol: 'Q.850', cause: 16, text: 'Normal call clearing' },
      { protocol: 'SIP', cause: 200, text: 'Call completed elsewhere' },
    ]);
    expect(formatReason(reasons[1]!)).toBe('SIP;cause=200;text="Call completed elsewhere"');
    expect(parseReason('SIP;cause=abc').ok).toBe(false);
  });

  it('reads media types and matches Accept ranges', () => {
    const type = value(parseMediaType('Application/SDP ; charset="utf-8"'));
    expect(type).toMatchObject({ type: 'application', subtype: 'sdp' });
    expect(entries(type.params)).toEqual({ charset: '"utf-8"' });
    expect(unquote(type.params.get('charset') ?? '')).toBe('utf-8');
    expect(mediaRangeAccepts(value(parseMediaType('*/*')), 'application/sdp')).toBe(true);
    expect(mediaRangeAccepts(value(parseMediaType('application/*')), 'application/sdp')).toBe(true);
    expect(mediaRangeAccepts(value(parseMediaType('text/*')), 'application/sdp')).toBe(false);
    expect(parseMediaType('application').ok).toBe(false);
  });

  it('reads token lists across lines, allowing an empty Supported but not an empty element', () => {
    expect(value(typedHeaders.Supported.parse(['replaces, timer', '100rel']))).toEqual(['replaces', 'timer', '100rel']);
    expect(value(typedHeaders.Supported.parse(['']))).toEqual([]);
    expect(typedHeaders.Allow.parse(['INVITE,,BYE']).ok).toBe(false);
    expect(typedHeaders.Allow.format(['INVITE', 'ACK'])).toEqual(['INVITE, ACK']);
  });

  it('reads RFC 1123 dates in GMT only', () => {
    expect(value(parseSipDate('Sat, 13 Nov 2010 23:29:00 GMT')).toISOString()).toBe('2010-11-13T23:29:00.000Z');
    expect(parseSipDate('Fri, 01 Jan 2010 16:00:00 EST').ok).toBe(false);
    expect(parseSipDate('Mon, 31 Feb 2010 16:00:00 GMT').ok).toBe(false);
  });

  it('reads "Contact: *" only when it stands alone', () => {
    expect(value(typedHeaders.Contact.parse(['*']))).toBe('*');
    expect(typedHeaders.Contact.parse(['*', '<sip:a@b>']).ok).toBe(false);
    expect(value(typedHeaders.Contact.parse([]))).toEqual([]);
  });

  it('quotes strings so that they unquote to themselves', () => {
    for (const text of ['plain', 'with "quotes"', 'back\\slash', 'tab\there', '']) expect(unquote(quoteString(text))).toBe(text);
  });
});
