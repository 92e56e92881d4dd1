import { formatIpAddress, parseIpAddress } from './ip-address.ts';

export type TrunkHostResult =
  | { readonly ok: true; readonly host: string }
  | { readonly ok: false; readonly code: 'invalid_host'; readonly message: string };

/**
 * Reads where a trunk's SIP peer is: a DNS name (RFC 1123 §2.1 labels), an IPv4 address, or an IPv6
 * address with or without the brackets a SIP URI needs (RFC 3261 §25.1 `IPv6reference`). Returns the
 * canonical form: a lower-case name without a trailing dot, or the bare address in canonical text
 * (the SIP layer adds brackets when it writes a URI).
 */
export function parseTrunkHost(text: string): TrunkHostResult {
  const trimmed = text.trim();
  const bracketed = trimmed.startsWith('[') && trimmed.endsWith(']');
  const address = parseIpAddress(bracketed ? trimmed.slice(1, -1) : trimmed);
  if (address) {
    if (bracketed && address.family === 4) return fail('only an IPv6 address is written in brackets');
    return { ok: true, host: formatIpAddress(address) };
  }
  if (bracketed) return fail(`${JSON.stringify(trimmed)} is not an IPv6 address`);
  const name = trimmed.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  const validLabels = labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  // A name whose last label is all digits would read as a mistyped IPv4 address (`10.0.0.256`), and
  // no top-level domain is numeric (RFC 3696 §2).
  const numericTop = /^\d+$/.test(labels[labels.length - 1] ?? '');
  if (name.length === 0 || name.length > 253 || !validLabels || numericTop) {
    return fail(`${JSON.stringify(trimmed)} is not a DNS name, an IPv4 address or an IPv6 address`);
  }
  return { ok: true, host: name };
}

function fail(message: string): TrunkHostResult {
  return { ok: false, code: 'invalid_host', message };
}
