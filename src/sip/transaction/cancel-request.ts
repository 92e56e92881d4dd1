import type { HeaderField } from '../headers/header-field.ts';
import { SipRequest } from '../message/sip-request.ts';
import { hopHeaders } from './hop-headers.ts';

/**
 * The CANCEL for an INVITE we sent (RFC 3261 §9.1): the same Request-URI, Call-ID, From, To and
 * CSeq number, the method CANCEL, one Via equal to the INVITE's top Via (so the CANCEL reaches the
 * same server transaction branch), the INVITE's Route set, and a Max-Forwards. `headers` adds more
 * fields, such as Reason (RFC 3326).
 */
export function createCancel(invite: SipRequest, headers: readonly HeaderField[] = []): SipRequest {
  if (invite.method !== 'INVITE') throw new TypeError(`only an INVITE can be cancelled, not ${invite.method}`);
  return new SipRequest({ method: 'CANCEL', uri: invite.uri, uriText: invite.uriText, headers: [...hopHeaders(invite, 'CANCEL'), ...headers] });
}
