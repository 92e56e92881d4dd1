import fc from 'fast-check';
import {
  canonicalIpv6,
  nameAddr,
  quoteString,
  sipUri,
  via,
  type AbsoluteUri,
  type HeaderField,
  type NameAddr,
  type SipUri,
  type TelUri,
  type Uri,
  type Via,
} from '../../../src/sip/index.ts';

/** Generators of valid SIP values, for round-trip properties. */

const letters = 'abcdefghijklmnopqrstuvwxyz';
const alnum = letters + letters.toUpperCase() + '0123456789';
const tokenChars = alnum + "-.!%*_+`'~";

function stringOf(chars: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });
}

export const token = stringOf(tokenChars, 1, 12);
const lowerToken = token.map((value) => value.toLowerCase());

/** Text of any kind a decoded URI component can hold: reserved characters, escapes, UTF-8, NUL. */
const anyText = (minLength: number) =>
  fc.string({
    unit: fc.oneof(fc.constantFrom(...alnum), fc.constantFrom(...';/?:@&=+$,%# <>"[]\\\0\t'), fc.constantFrom('é', 'ß', '大', '🙂')),
    minLength,
    maxLength: 12,
  });

const label = fc
  .tuple(fc.constantFrom(...letters), stringOf(alnum + '-', 0, 8), fc.constantFrom(...alnum))
  .map(([first, middle, last]) => first + middle + last);
const domain = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.'));
export const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.'));
export const ipv6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .chain((groups) => fc.constantFrom(groups.map((g) => g.toString(16)).join(':'), canonicalIpv6(groups.map((g) => g.toString(16)).join(':'))!));
export const host = fc.oneof(domain, ipv4, ipv6.map((address) => `[${address}]`));

const uriParams = fc
  .uniqueArray(fc.tuple(lowerToken, fc.option(anyText(1), { nil: null })), { selector: ([name]) => name, maxLength: 4 })
  .map((pairs) => new Map(pairs));
const uriHeaders = fc
  .uniqueArray(fc.tuple(token, anyText(0)), { selector: ([name]) => name.toLowerCase(), maxLength: 3 })
  .map((pairs) => new Map(pairs));

export const sipUriArb: fc.Arbitrary<SipUri> = fc
  .record({
    scheme: fc.constantFrom('sip' as const, 'sips' as const),
    user: fc.option(anyText(1), { nil: undefined }),
    password: fc.option(anyText(0), { nil: undefined }),
    host,
    port: fc.option(fc.nat(65535), { nil: undefined }),
    params: uriParams,
    headers: uriHeaders,
  })
  .map((parts) => sipUri({ ...parts, password: parts.user === undefined ? undefined : parts.password }));

const separators = fc.constantFrom('', '', '-', '.', '(', ')');
export const telUriArb: fc.Arbitrary<TelUri> = fc
  .record({
    global: fc.boolean(),
    digits: fc.array(fc.tuple(fc.constantFrom(...'0123456789'), separators), { minLength: 1, maxLength: 12 }),
    local: fc.array(fc.constantFrom(...'0123456789abcdefABCDEF*#'), { minLength: 1, maxLength: 8 }),
    params: uriParams,
  })
  .map(({ global, digits, local, params }) => ({
    kind: 'tel' as const,
    number: global ? '+' + digits.map(([digit, separator]) => digit + separator).join('') : local.join(''),
    params,
  }));

const absoluteUriArb: fc.Arbitrary<AbsoluteUri> = fc
  .tuple(stringOf(letters, 1, 6), stringOf(alnum + "-._~:/?#[]@!$&'()*+,;=%", 1, 20))
  .filter(([scheme]) => !['sip', 'sips', 'tel'].includes(scheme))
  .map(([scheme, value]) => ({ kind: 'absolute', scheme, value }));

export const uriArb: fc.Arbitrary<Uri> = fc.oneof({ arbitrary: sipUriArb, weight: 4 }, telUriArb, absoluteUriArb);

/** Any display name a quoted-string can carry: everything but CR and LF. */
const displayName = fc.string({ unit: 'grapheme', maxLength: 16 }).map((text) => text.replace(/[\r\n]/g, ''));

const headerParams = fc
  .uniqueArray(
    fc.tuple(lowerToken, fc.oneof(fc.constant(null), token, displayName.map(quoteString))),
    { selector: ([name]) => name, maxLength: 4 },
  )
  .map((pairs) => new Map(pairs));

export const nameAddrArb: fc.Arbitrary<NameAddr> = fc
  .record({ uri: uriArb, displayName: fc.option(displayName, { nil: undefined }), params: headerParams })
  .map(({ uri, displayName: name, params }) => nameAddr(uri, { displayName: name, params }));

export const viaArb: fc.Arbitrary<Via> = fc
  .record({
    transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS'),
    host,
    port: fc.option(fc.nat(65535), { nil: undefined }),
    branch: fc.option(token.map((id) => `z9hG4bK${id}`), { nil: undefined }),
    received: fc.option(fc.oneof(ipv4, ipv6), { nil: undefined }),
    rport: fc.option(fc.oneof(fc.constant(true as const), fc.integer({ min: 1, max: 65535 })), { nil: undefined }),
    params: fc
      .uniqueArray(fc.tuple(lowerToken, fc.option(token, { nil: null })), { selector: ([name]) => name, maxLength: 3 })
      .map((pairs) => new Map(pairs.filter(([name]) => !['branch', 'received', 'rport'].includes(name)))),
  })
  .map((parts) => {
    const value: Record<string, unknown> = { ...parts };
    for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
    return via(value as Parameters<typeof via>[0]);
  });

const wordChars = alnum + '-.!%*_+`\'~()<>:\\"/[]?{}';
export const callId = fc
  .tuple(stringOf(wordChars, 1, 20), fc.option(stringOf(wordChars, 1, 12), { nil: undefined }))
  .map(([local, at]) => (at === undefined ? local : `${local}@${at}`));

/** Header fields nobody here types, with values a header line can carry as they are. */
export const extensionFields: fc.Arbitrary<HeaderField[]> = fc.array(
  fc.record({
    name: token.map((name) => `X-${name}`),
    value: fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .map((text) => text.replace(/[\r\n]/g, '').replace(/^[ \t]+|[ \t]+$/g, '')),
  }),
  { maxLength: 5 },
);

export const body = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));
