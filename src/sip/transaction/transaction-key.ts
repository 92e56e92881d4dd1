import { isRfc3261Branch } from '../headers/via.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';

/** The key a transaction is found by. Built only here, so keys of the two kinds never collide. */
export type TransactionKey = string & { readonly __brand: 'TransactionKey' };

/**
 * The server transaction a request belongs to (RFC 3261 §17.2.3).
 *
 * - A branch with the magic cookie: branch, sent-by and method, with ACK taken as INVITE (the ACK
 *   for a non-2xx response belongs to the INVITE's transaction).
 * - Otherwise (an RFC 2543 peer): Request-URI, From tag, Call-ID, CSeq number, top Via (sent-by
 *   and branch) and method, ACK again as INVITE. The To tag joins the key for other methods; for
 *   INVITE and ACK it is checked by the transaction, because the ACK carries the tag our response
 *   added.
 *
 * `asMethod` overrides the method: a CANCEL is matched to its INVITE with "INVITE" (§9.2).
 */
export function serverKey(request: SipRequest, asMethod?: string): TransactionKey {
  const top = request.topVia;
  const method = asMethod ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  const sentBy = `${top.transport} ${top.host.toLowerCase()}:${top.port ?? ''}`;
  if (isRfc3261Branch(top.branch)) return `s|${top.branch}|${sentBy}|${method}` as TransactionKey;
  const toTag = method === 'INVITE' ? '' : (request.to.params.get('tag') ?? '');
  const fromTag = request.from.params.get('tag') ?? '';
  return `2543|${request.uriText}|${fromTag}|${toTag}|${request.callId}|${request.cseq.seq}|${sentBy}|${top.branch ?? ''}|${method}` as TransactionKey;
}

/** The client transaction a request starts, by branch and method (§17.1.3). */
export function clientKeyOfRequest(request: SipRequest): TransactionKey {
  return `c|${request.topVia.branch ?? ''}|${request.method}` as TransactionKey;
}

/** The client transaction a response belongs to: its top Via branch and CSeq method (§17.1.3). */
export function clientKeyOfResponse(response: SipResponse): TransactionKey {
  return `c|${response.topVia.branch ?? ''}|${response.cseq.method}` as TransactionKey;
}
