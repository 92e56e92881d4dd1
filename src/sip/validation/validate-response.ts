import { hostAddress } from '../uri/host.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { findMalformedHeader } from './malformed-header.ts';

/** Responses are never answered: one is either processed or silently discarded. */
export type ResponseCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ResponsePolicy {
  /**
   * `uac` (default): the response ends here, at the element that sent the request. `proxy`: it will
   * be forwarded to the next Via.
   */
  readonly role?: 'uac' | 'proxy';
}

/**
 * The checks before a received response is processed:
 *
 * - only SIP/2.0 is understood;
 * - a typed header that is malformed makes it unusable;
 * - at a UAC, more than one Via means it was not meant for us (RFC 3261 §18.1.2);
 * - at a proxy, a Via that would send the response to the broadcast address is an attack, not a
 *   route (RFC 4475 §3.3.10).
 */
export function validateResponse(response: SipResponse, policy: ResponsePolicy = {}): ResponseCheck {
  if (response.version !== 'SIP/2.0') return { ok: false, reason: `${response.version} is not supported` };
  const malformed = findMalformedHeader(response);
  if (malformed) return { ok: false, reason: `bad ${malformed.header}: ${malformed.reason}` };
  const vias = response.via;
  if ((policy.role ?? 'uac') === 'uac') {
    if (vias.length > 1) return { ok: false, reason: 'a response to a UAC carries exactly one Via' };
  } else if (vias.slice(1).some((via) => hostAddress(via.host) === '255.255.255.255')) {
    return { ok: false, reason: 'a Via points at the broadcast address' };
  }
  return { ok: true };
}
