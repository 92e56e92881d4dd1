import {
  createResponse,
  type Dialog,
  type DialogRequestOptions,
  type HeaderField,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from '../sip/index.ts';
import type { SipEndpoint } from './sip-endpoint.ts';

/** The final answer to a request we sent within a dialog, or why none came. */
export type InDialogResult = { readonly ok: true; readonly response: SipResponse } | { readonly ok: false; readonly reason: string };

/**
 * Sends a request within `dialog` (§12.2.1.1) and resolves with its final response. The ACK for a
 * 2xx to a re-INVITE is sent here at once (§13.2.2.4): ringroute relays offers in the INVITE, so the
 * ACK carries no body and need not wait for anyone.
 */
export async function sendInDialog(endpoint: SipEndpoint, dialog: Dialog, method: string, options: DialogRequestOptions = {}): Promise<InDialogResult> {
  let request: SipRequest;
  try {
    request = dialog.createRequest(method, { ...options, via: endpoint.via(transportOf(dialog)) });
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  let destination;
  try {
    destination = await endpoint.destinationOf(request);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  return new Promise<InDialogResult>((resolve) => {
    let settled = false;
    endpoint.send(request, destination, {
      onResponse: (response) => {
        if (response.status < 200) return;
        dialog.receiveResponse(response);
        if (method === 'INVITE' && response.status < 300) {
          // Every 2xx of it, retransmissions included, gets the ACK (§13.2.2.4).
          try {
            const ack = dialog.createRequest('ACK', { via: endpoint.via(destination.transport) });
            void endpoint.layer.sendAck(ack, destination).catch(() => undefined);
          } catch {
            // The dialog ended meanwhile (a BYE crossed the 2xx): nothing to acknowledge.
          }
        }
        if (!settled) {
          settled = true;
          resolve({ ok: true, response });
        }
      },
      onFailure: (error) => {
        if (!settled) {
          settled = true;
          resolve({ ok: false, reason: error.message });
        }
      },
    });
  });
}

/** Sends a BYE within `dialog` (§15.1.1) and does not wait: the session is over either way. */
export function sendBye(endpoint: SipEndpoint, dialog: Dialog, headers: readonly HeaderField[] = []): void {
  if (dialog.state === 'terminated') return;
  void sendInDialog(endpoint, dialog, 'BYE', { headers });
}

/** The response to relay back for `received`, built from what the other side answered. */
export function relayResponse(received: SipRequest, answer: SipResponse, contact: HeaderField | undefined): ReturnType<typeof createResponse> {
  const headers: HeaderField[] = [];
  // §12.2.2: a 2xx to a target refresh carries our Contact, so the peer keeps reaching ringroute.
  if (contact && answer.status >= 200 && answer.status < 300 && (received.method === 'INVITE' || received.method === 'UPDATE')) headers.push(contact);
  const contentType = answer.rawHeader('Content-Type');
  return createResponse(received, answer.status, {
    reason: answer.reason,
    headers,
    ...(answer.body.length > 0 ? { body: answer.body, ...(contentType ? { contentType } : {}) } : {}),
  });
}

/** Answers a request inside a transaction that may have been answered already (a race with a CANCEL or BYE). */
export function respondQuietly(transaction: ServerTransaction, response: ReturnType<typeof createResponse>): void {
  try {
    transaction.respond(response);
  } catch {
    // Already answered: the later response has nowhere to go.
  }
}

/** The transport a dialog's requests travel on: the remote target's `transport` parameter, else UDP. */
export function transportOf(dialog: Dialog): 'udp' | 'tcp' {
  const target = dialog.routeSet[0]?.uri ?? dialog.remoteTarget;
  return target.kind === 'sip' && target.params.get('transport')?.toLowerCase() === 'tcp' ? 'tcp' : 'udp';
}
