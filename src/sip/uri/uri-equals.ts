import { canonicalIpv6, hostAddress } from './host.ts';
import type { SipUri, TelUri, Uri, UriParams } from './uri.ts';

/**
 * URI equality, RFC 3261 §19.1.4 for sip:/sips: and RFC 3966 §4 for tel:. Not an equivalence
 * relation (the RFC says so: a parameter present in only one URI is ignored, which is not
 * transitive). Components are compared decoded, which is what "an escaped character equals its
 * unescaped form" asks for.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind === 'sip' && b.kind === 'sip') return sipUriEquals(a, b);
  if (a.kind === 'tel' && b.kind === 'tel') return telUriEquals(a, b);
  if (a.kind === 'absolute' && b.kind === 'absolute') return a.scheme === b.scheme && a.value === b.value;
  return false;
}

/**
 * Parameters that, present in one URI, must be present in the other and match (§19.1.4); any other
 * parameter only has to match when both URIs carry it.
 */
const mustMatchBoth = ['user', 'ttl', 'method', 'maddr', 'transport'];

function sipUriEquals(a: SipUri, b: SipUri): boolean {
  // A SIP and a SIPS URI are never equivalent.
  if (a.scheme !== b.scheme) return false;
  // userinfo compares case-sensitively; everything else case-insensitively.
  if (a.user !== b.user || a.password !== b.password) return false;
  if (!hostEquals(a.host, b.host)) return false;
  // A component with a default value does not match its absence: sip:bob@biloxi.com is not
  // sip:bob@biloxi.com:5060.
  if (a.port !== b.port) return false;
  for (const name of mustMatchBoth) {
    if (a.params.has(name) !== b.params.has(name)) return false;
  }
  if (!sharedParamsMatch(a.params, b.params)) return false;
  return headersEqual(a.headers, b.headers);
}

function hostEquals(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  // Two spellings of one IPv6 address (RFC 5118) are the same host.
  if (a.startsWith('[') && b.startsWith('[')) {
    const canonical = canonicalIpv6(hostAddress(a));
    return canonical !== undefined && canonical === canonicalIpv6(hostAddress(b));
  }
  return false;
}

function sharedParamsMatch(a: UriParams, b: UriParams): boolean {
  for (const [name, value] of a) {
    if (!b.has(name)) continue;
    const other = b.get(name) ?? null;
    if (value === null || other === null) {
      if (value !== other) return false;
    } else if (value.toLowerCase() !== other.toLowerCase()) {
      return false;
    }
  }
  return true;
}

/** URI headers are never ignored: each must be present in both URIs and match (§19.1.4). */
function headersEqual(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  const lowered = new Map<string, string>();
  for (const [name, value] of b) lowered.set(name.toLowerCase(), value);
  for (const [name, value] of a) {
    if (lowered.get(name.toLowerCase()) !== value) return false;
  }
  return true;
}

/**
 * RFC 3966 §4: the numbers match with visual separators removed (hex digits case-insensitively),
 * and both URIs carry the same parameters with the same values.
 */
function telUriEquals(a: TelUri, b: TelUri): boolean {
  if (telDigits(a.number) !== telDigits(b.number)) return false;
  if (a.params.size !== b.params.size) return false;
  for (const [name, value] of a.params) {
    if (!b.params.has(name)) return false;
    const other = b.params.get(name) ?? null;
    if ((value === null) !== (other === null)) return false;
    if (value !== null && other !== null && value.toLowerCase() !== other.toLowerCase()) return false;
  }
  return true;
}

function telDigits(number: string): string {
  return number.replace(/[-.()]/g, '').toLowerCase();
}
