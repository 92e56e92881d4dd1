import { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { hopHeaders } from './hop-headers.ts';

/**
 * The ACK for a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): like the CANCEL, but
 * the To is the response's (with the tag the UAS added) and the method ACK. The ACK for a 2xx is
 * the dialog's business (§13.2.2.4) and is not built here.
 */
export function createNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  if (invite.method !== 'INVITE') throw new TypeError(`only an INVITE is acknowledged, not ${invite.method}`);
  const fields = hopHeaders(invite, 'ACK').map((field) => (field.name === 'To' ? { name: 'To', value: response.rawHeader('To') ?? field.value } : field));
  return new SipRequest({ method: 'ACK', uri: invite.uri, uriText: invite.uriText, headers: fields });
}
