import { describe, expect, it } from 'vitest';
import {
  canonicalIpv6,
  classifyHost,
  formatHost,
  formatUri,
  hostAddress,
  parseUri,
  sipUri,
  uriEquals,
  type Uri,
} from '../../src/sip/index.ts';
import { entries } from './support/fixtures.ts';

function uri(text: string): Uri {
  const result = parseUri(text);
  if (!result.ok) throw new Error(`${text}: ${result.reason}`);
  return result.value;
}

describe('parseUri', () => {
  it('reads every component of a SIP URI (RFC 3261 §19.1.1)', () => {
    const value = uri('sips:alice:secret@Atlanta.example.com:5061;transport=TLS;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent');
    expect(value).toMatchObject({
      kind: 'sip',
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'Atlanta.example.com',
      port: 5061,
    });
    expect(value.kind === 'sip' && entries(value.params)).toEqual({ transport: 'TLS', lr: null, maddr: '239.255.255.1' });
    expect(value.kind === 'sip' && entries(value.headers)).toEqual({ subject: 'project x', priority: 'urgent' });
  });

  it('lower-cases the scheme and parameter names but keeps values and the user as written', () => {
    const value = uri('SIP:Bob@biloxi.example.com;Transport=UDP;User=Phone');
    expect(value).toMatchObject({ scheme: 'sip', user: 'Bob' });
    expect(value.kind === 'sip' && entries(value.params)).toEqual({ transport: 'UDP', user: 'Phone' });
  });

  it('reads tel URIs (RFC 3966), global and local', () => {
    const global = uri('tel:+1-201-555-0123;ext=1234');
    expect(global).toMatchObject({ kind: 'tel', number: '+1-201-555-0123' });
    expect(global.kind === 'tel' && entries(global.params)).toEqual({ ext: '1234' });
    const local = uri('tel:7042;phone-context=example.com');
    expect(local).toMatchObject({ kind: 'tel', number: '7042' });
    expect(uri('tel:*21%23;phone-context=+31')).toMatchObject({ number: '*21#' });
  });

  it('keeps URIs of other schemes opaque', () => {
    expect(uri('mailto:jane@example.org')).toEqual({ kind: 'absolute', scheme: 'mailto', value: 'jane@example.org' });
    expect(uri('urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6')).toMatchObject({ kind: 'absolute', scheme: 'urn' });
  });

  it.each([
    ['sip:', 'no host'],
    ['sip:@example.com', 'empty user'],
    ['sip:alice@', 'empty host'],
    ['sip:alice@example.com:65536', 'port out of range'],
    ['sip:alice@example.com:', 'empty port'],
    ['sip:alice@example.com;=x', 'empty parameter name'],
    ['sip:alice@example.com;x=', 'empty parameter value'],
    ['sip:al%zzice@example.com', 'malformed escape'],
    ['sip:al ice@example.com', 'space in the user'],
    ['sip:alice@[2001:db8::1', 'unterminated IPv6 reference'],
    ['sip:alice@[2001:db8::g]', 'not an IPv6 address'],
    ['sip:alice@192.0.2.999', 'not an IPv4 address or hostname'],
    ['sip:alice@-bad-.example.com', 'label starting with a hyphen'],
    ['sip:alice@example.com?novalue', 'URI header without "="'],
    ['tel:', 'empty number'],
    ['tel:+31-abc', 'letters in a global number'],
    ['<sip:alice@example.com>', 'angle brackets'],
    ['nocolon', 'no scheme'],
    ['9x:thing', 'scheme starting with a digit'],
  ])('rejects %s (%s)', (text) => {
    expect(parseUri(text).ok).toBe(false);
  });
});

describe('formatUri', () => {
  it('escapes what each component cannot carry (RFC 3261 §19.1.2)', () => {
    const value = sipUri({
      user: 'sips:user@example.com',
      password: 'p@ss:word',
      host: 'example.net',
      params: new Map([['name', 'value%41 x']]),
      headers: new Map([['Route', '<sip:sip.example.com>'], ['Subject', 'a&b=c']]),
    });
    const text = formatUri(value);
    expect(text).toBe('sip:sips%3Auser%40example.com:p%40ss%3Aword@example.net;name=value%2541%20x?Route=%3Csip:sip.example.com%3E&Subject=a%26b%3Dc');
    expect(uri(text)).toEqual(value);
  });

  it('writes user-unreserved characters as they are and UTF-8 as escaped octets', () => {
    expect(formatUri(sipUri({ user: 'a;b?c/d,e&f=g+h$i', host: 'example.com' }))).toBe('sip:a;b?c/d,e&f=g+h$i@example.com');
    expect(formatUri(sipUri({ user: 'José', host: 'example.com' }))).toBe('sip:Jos%C3%A9@example.com');
    expect(uri('sip:Jos%C3%A9@example.com')).toMatchObject({ user: 'José' });
  });

  it('writes IPv6 hosts with their brackets, and tel numbers with # escaped', () => {
    expect(formatUri(sipUri({ host: '[2001:db8::1]', port: 5060 }))).toBe('sip:[2001:db8::1]:5060');
    expect(formatUri(uri('tel:*21%23;phone-context=+31'))).toBe('tel:*21%23;phone-context=+31');
  });
});

describe('uriEquals (RFC 3261 §19.1.4)', () => {
  it.each([
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
    ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
    ['tel:+1-201-555-0123', 'tel:+1.201.555.0123'],
  ])('%s equals %s', (a, b) => {
    expect(uriEquals(uri(a), uri(b))).toBe(true);
    expect(uriEquals(uri(b), uri(a))).toBe(true);
  });

  it.each([
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP', 'user parts are case-sensitive'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060', 'an explicit default port is not its absence'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp', 'transport must be in both'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp', 'port and transport'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting', 'headers are never ignored'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4', 'a name is not its address'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off', 'a parameter in both must match'],
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com', 'sip is never sips'],
    ['sip:alice:one@atlanta.com', 'sip:alice:two@atlanta.com', 'passwords differ'],
    ['tel:+1-201-555-0123', 'tel:+1-201-555-0123;ext=1', 'tel parameters must match'],
    ['sip:+12015550123@example.com', 'tel:+12015550123', 'different kinds of URI'],
  ])('%s differs from %s (%s)', (a, b) => {
    expect(uriEquals(uri(a), uri(b))).toBe(false);
  });
});

describe('hosts', () => {
  it('classifies hostnames, IPv4 addresses and IPv6 references', () => {
    expect(classifyHost('pbx.ringroute.example')).toBe('domain');
    expect(classifyHost('example.com.')).toBe('domain');
    expect(classifyHost('192.0.2.1')).toBe('ipv4');
    expect(classifyHost('[2001:db8::1]')).toBe('ipv6');
    expect(classifyHost('[::ffff:192.0.2.1]')).toBe('ipv6');
    expect(classifyHost('2001:db8::1')).toBeUndefined();
    expect(classifyHost('host_name.example')).toBeUndefined();
    expect(classifyHost('1.2.3')).toBeUndefined();
  });

  it('converts between URI form and bare addresses', () => {
    expect(hostAddress('[2001:db8::1]')).toBe('2001:db8::1');
    expect(hostAddress('example.com')).toBe('example.com');
    expect(formatHost('2001:db8::1')).toBe('[2001:db8::1]');
    expect(formatHost('[2001:db8::1]')).toBe('[2001:db8::1]');
    expect(formatHost('192.0.2.1')).toBe('192.0.2.1');
  });

  it('writes IPv6 addresses in RFC 5952 form', () => {
    expect(canonicalIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIpv6('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(canonicalIpv6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIpv6('::')).toBe('::');
    expect(canonicalIpv6('::ffff:192.0.2.128')).toBe('::ffff:c000:280');
    expect(canonicalIpv6('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    expect(canonicalIpv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(canonicalIpv6('1::2::3')).toBeUndefined();
    expect(canonicalIpv6('12345::')).toBeUndefined();
  });
});
