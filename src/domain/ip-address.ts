import { isIPv4, isIPv6 } from 'node:net';

/**
 * An IP address as bytes (4 for IPv4, 16 for IPv6), so addresses and networks compare by value and a
 * textual variant (`::1` vs `0:0:0:0:0:0:0:1`, `010.0.0.1`) never decides whether a call is accepted.
 */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}

/**
 * Reads an IPv4 dotted quad or an IPv6 address (RFC 4291 §2.2, including `::` and an embedded IPv4
 * tail). Node's own checks decide what is valid; an IPv6 zone (`%eth0`) is refused because it only
 * means something on one host. Returns null for anything else.
 */
export function parseIpAddress(text: string): IpAddress | null {
  if (isIPv4(text)) return { family: 4, bytes: text.split('.').map(Number) };
  if (!isIPv6(text) || text.includes('%')) return null;
  return { family: 6, bytes: ipv6Bytes(text) };
}

function ipv6Bytes(text: string): number[] {
  let groups = text;
  const tail: number[] = [];
  const lastColon = groups.lastIndexOf(':');
  const last = groups.slice(lastColon + 1);
  if (last.includes('.')) {
    tail.push(...last.split('.').map(Number));
    groups = groups.slice(0, lastColon + 1) + '0:0';
  }
  const [head = '', rest] = groups.split('::');
  const words = (part: string) => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const front = words(head);
  const back = rest === undefined ? [] : words(rest);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = all.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, RFC 4291 §2.5.5.2) is the IPv4 peer seen through a
 * dual-stack socket; it is the same peer, so it matches IPv4 networks.
 */
export function unmapIpv4(address: IpAddress): IpAddress {
  if (address.family !== 6) return address;
  const b = address.bytes;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? { family: 4, bytes: b.slice(12) } : address;
}

/** The canonical text: dotted quad, or RFC 5952 §4 for IPv6 (lower case, longest zero run as `::`). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) return address.bytes.join('.');
  const v4 = unmapIpv4(address);
  if (v4.family === 4) return `::ffff:${v4.bytes.join('.')}`; // RFC 5952 §5
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((address.bytes[i] ?? 0) << 8) | (address.bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    // RFC 5952 §4.2.2: a single zero group is not shortened; §4.2.3: the first of equal runs wins.
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Fixed-width lower-case hex of the bytes: addresses of one family sort as text exactly as by value. */
export function ipAddressHex(address: IpAddress): string {
  return address.bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}
