import type { Via } from '../headers/via.ts';
import type { SipRequest } from '../message/sip-request.ts';
import { canonicalIpv6, hostAddress, isIpv6 } from '../uri/host.ts';
import { replaceTopVia } from './replace-top-via.ts';
import type { MessageSource } from './transport-address.ts';

function sameAddress(host: string, address: string): boolean {
  const bare = hostAddress(host);
  if (isIpv6(bare) && isIpv6(address)) return canonicalIpv6(bare) === canonicalIpv6(address);
  return bare.toLowerCase() === address.toLowerCase();
}

/**
 * Marks the top Via of a received request with where it really came from, so that the response
 * finds its way back through NATs:
 *
 * - §18.2.1: add `received` with the source address when it differs from the sent-by host (a
 *   domain name always differs from an address).
 * - RFC 3581 §4: when the Via has a bare `rport`, fill in the source port, and add `received`
 *   even when the address matches.
 *
 * Returns whether the Via changed. Only the top Via line is rewritten; the others stay verbatim.
 */
export function stampReceived(request: SipRequest, source: MessageSource): boolean {
  const top = request.topVia;
  const wantsRport = top.rport === true;
  const differs = !sameAddress(top.host, source.address);
  if (!differs && !wantsRport) return false;
  const stamped: { -readonly [K in keyof Via]: Via[K] } = { ...top };
  if (differs || wantsRport) stamped.received = source.address;
  if (wantsRport) stamped.rport = source.port;
  replaceTopVia(request, stamped);
  return true;
}
