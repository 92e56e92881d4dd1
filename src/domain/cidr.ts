import { formatIpAddress, ipAddressHex, parseIpAddress, unmapIpv4, type IpAddress } from './ip-address.ts';

/** An IP network (RFC 4632 for IPv4, RFC 4291 §2.3 for IPv6): the address with its host bits cleared. */
export interface Cidr {
  readonly network: IpAddress;
  readonly prefixLength: number;
}

export type CidrResult =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly code: 'invalid_cidr'; readonly message: string };

/**
 * Reads `address/length`, or a bare address as a single host (/32, /128). Host bits are cleared
 * (`10.1.2.3/8` is `10.0.0.0/8`): the network is what is meant, and storing one spelling per network
 * keeps comparisons and the audit log exact.
 */
export function parseCidr(text: string): CidrResult {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (!address) return fail(`${JSON.stringify(addressText)} is not an IPv4 or IPv6 address`);
  const maxLength = address.family === 4 ? 32 : 128;
  if (slash < 0) return { ok: true, cidr: asIpv4Network({ network: address, prefixLength: maxLength }) };
  const lengthText = trimmed.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > maxLength) {
    return fail(`the prefix length must be a whole number from 0 to ${maxLength} for an IPv${address.family} network`);
  }
  const prefixLength = Number(lengthText);
  const cidr = { network: maskBytes(address, prefixLength, 0), prefixLength };
  return { ok: true, cidr: asIpv4Network(cidr) };
}

/**
 * An IPv4-mapped IPv6 network (`::ffff:192.0.2.0/120`) written as the IPv4 network it is, because
 * lookups see IPv4-mapped peers as IPv4 (see `unmapIpv4`).
 */
function asIpv4Network(cidr: Cidr): Cidr {
  if (cidr.network.family !== 6 || cidr.prefixLength < 96) return cidr;
  const network = unmapIpv4(cidr.network);
  return network.family === 4 ? { network, prefixLength: cidr.prefixLength - 96 } : cidr;
}

function fail(message: string): CidrResult {
  return { ok: false, code: 'invalid_cidr', message };
}

/** Keeps the first `prefixLength` bits and sets every other bit to `fill` (0: first address, 1: last). */
function maskBytes(address: IpAddress, prefixLength: number, fill: 0 | 1): IpAddress {
  const bytes = address.bytes.map((byte, i) => {
    const kept = Math.max(0, Math.min(8, prefixLength - i * 8));
    const hostMask = 0xff >> kept;
    return fill === 0 ? byte & ~hostMask & 0xff : byte | hostMask;
  });
  return { family: address.family, bytes };
}

/** Canonical text: `192.0.2.0/24`, `2001:db8::/32`. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpAddress(cidr.network)}/${cidr.prefixLength}`;
}

/** The first and last address as fixed-width hex, for range lookups in the store. */
export function cidrRange(cidr: Cidr): { readonly first: string; readonly last: string } {
  return { first: ipAddressHex(cidr.network), last: ipAddressHex(maskBytes(cidr.network, cidr.prefixLength, 1)) };
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.network.family !== address.family) return false;
  const { first, last } = cidrRange(cidr);
  const hex = ipAddressHex(address);
  return first <= hex && hex <= last;
}
