import { isAlpha, isDigit, isHexDigit, isIn, ALPHANUM } from '../grammar/char-classes.ts';

/**
 * Hosts (RFC 3261 §25.1, RFC 5118):
 *
 *   host          = hostname / IPv4address / IPv6reference
 *   IPv6reference = "[" IPv6address "]"
 *
 * A host is kept as the grammar writes it, so an IPv6 host keeps its brackets ("[2001:db8::10]").
 * That is the form URIs and Via headers carry and compare; `hostAddress` gives the bare address a
 * socket wants.
 */
export type HostKind = 'domain' | 'ipv4' | 'ipv6';

/** The kind of a host in URI form, or undefined when it is not a valid host. */
export function classifyHost(host: string): HostKind | undefined {
  if (host.charCodeAt(0) === 0x5b) {
    return host.charCodeAt(host.length - 1) === 0x5d && isIpv6(host.slice(1, -1)) ? 'ipv6' : undefined;
  }
  if (isDigit(host.charCodeAt(0)) && isIpv4(host)) return 'ipv4';
  return isHostname(host) ? 'domain' : undefined;
}

/** The address of a host in URI form: an IPv6 reference without its brackets, anything else as is. */
export function hostAddress(host: string): string {
  return host.charCodeAt(0) === 0x5b && host.charCodeAt(host.length - 1) === 0x5d ? host.slice(1, -1) : host;
}

/** The URI form of an address or host: a bare IPv6 address gets brackets (RFC 3261 §19.1.1). */
export function formatHost(address: string): string {
  return address.includes(':') && address.charCodeAt(0) !== 0x5b ? `[${address}]` : address;
}

/** IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255. */
export function isIpv4(text: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || ++parts > 4) return false;
      digits = 0;
      value = 0;
    } else if (isDigit(c) && digits < 3) {
      digits++;
      value = value * 10 + c - 48;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ]; a label is alphanumerics and inner hyphens, and
 * the top label starts with a letter (which is what keeps "192.0.2.999" from being a hostname).
 */
export function isHostname(text: string): boolean {
  const end = text.charCodeAt(text.length - 1) === 0x2e ? text.length - 1 : text.length;
  let labelStart = 0;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const length = i - labelStart;
      if (length === 0 || length > 63) return false;
      if (text.charCodeAt(labelStart) === 0x2d || text.charCodeAt(i - 1) === 0x2d) return false;
      if (i === end) return isAlpha(text.charCodeAt(labelStart));
      labelStart = i + 1;
    } else if (c !== 0x2d && !isIn(c, ALPHANUM)) {
      return false;
    }
  }
  return false;
}

/** Whether `text` is an IPv6 address in the text forms of RFC 4291 §2.2 (no brackets, no zone). */
export function isIpv6(text: string): boolean {
  return ipv6Groups(text) !== undefined;
}

/**
 * The eight 16-bit groups of an IPv6 address, or undefined when `text` is not one. RFC 3261's
 * ABNF wrongly admits "2001:db8:::192.0.2.1"; RFC 5118 §4.10 points out the bug and RFC 4291 is
 * the reference, so three colons in a row are rejected here.
 */
function ipv6Groups(text: string): number[] | undefined {
  if (text.length < 2 || text.includes(':::')) return undefined;
  let prefix = text;
  const tail4: number[] = [];
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const v4 = text.slice(lastColon + 1);
    if (lastColon < 0 || !isIpv4(v4)) return undefined;
    const octets = v4.split('.').map(Number) as [number, number, number, number];
    tail4.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
    prefix = text.slice(0, lastColon + 1);
    if (!prefix.endsWith('::')) prefix = prefix.slice(0, -1);
  }
  const gap = prefix.indexOf('::');
  if (gap >= 0 && prefix.indexOf('::', gap + 1) >= 0) return undefined;
  const head = readGroups(gap >= 0 ? prefix.slice(0, gap) : prefix);
  const tail = readGroups(gap >= 0 ? prefix.slice(gap + 2) : '');
  if (!head || !tail) return undefined;
  const count = head.length + tail.length + tail4.length;
  if (gap < 0) return count === 8 ? [...head, ...tail4] : undefined;
  if (count > 7) return undefined;
  return [...head, ...new Array<number>(8 - count).fill(0), ...tail, ...tail4];
}

function readGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (group.length === 0 || group.length > 4) return undefined;
    for (let i = 0; i < group.length; i++) if (!isHexDigit(group.charCodeAt(i))) return undefined;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

/**
 * The RFC 5952 text of an IPv6 address (lower case, no leading zeros, the longest run of two or
 * more zero groups compressed), so that two spellings of one address compare equal. Undefined when
 * `text` is not an IPv6 address. IPv4-mapped addresses are written in hex, not mixed notation:
 * this is a comparison key, not a display form.
 */
export function canonicalIpv6(text: string): string | undefined {
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** port = 1*DIGIT, here also at most 65535. */
export function parsePort(text: string): number | undefined {
  if (text.length === 0 || text.length > 5) return undefined;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
