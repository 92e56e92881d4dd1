import { createResponse, type Dialog, type HeaderField, type ServerTransaction } from '../sip/index.ts';
import { relayResponse, respondQuietly, sendInDialog } from './in-dialog-request.ts';
import type { SipEndpoint } from './sip-endpoint.ts';

/** Header fields that travel with a relayed request besides the body (the rest is each dialog's own). */
const carried = ['Reason', 'Supported', 'Require', 'Session-Expires', 'Min-SE', 'Event', 'Info-Package'];

/**
 * Relays a request one side of a connected call sent within its dialog (re-INVITE, UPDATE, INFO…)
 * to the other side's dialog, and the final answer back (RFC 3261 §12.2; RFC 3311 for UPDATE). The
 * body — an SDP offer — passes unchanged, so the two ends negotiate media with each other.
 */
export function relayRequest(endpoint: SipEndpoint, transaction: ServerTransaction, to: Dialog | undefined, contact: HeaderField): void {
  const request = transaction.request;
  if (!to || to.state === 'terminated') {
    respondQuietly(transaction, createResponse(request, 481));
    return;
  }
  const headers: HeaderField[] = [];
  for (const name of carried) for (const value of request.rawHeaders(name)) headers.push({ name, value });
  const contentType = request.rawHeader('Content-Type');
  void sendInDialog(endpoint, to, request.method, {
    headers,
    ...(request.body.length > 0 ? { body: request.body, ...(contentType ? { contentType } : {}) } : {}),
  }).then((result) => {
    if (result.ok) respondQuietly(transaction, relayResponse(request, result.response, contact));
    // §21.5.1-ish: the other side could not be reached, so neither can the request's target.
    else respondQuietly(transaction, createResponse(request, 500, { reason: 'Other Leg Unreachable' }));
  });
}
