import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import type { NameAddr } from '../headers/name-addr.ts';

/**
 * A dialog's identity (RFC 3261 §12): Call-ID, local tag and remote tag, seen from this side. The
 * same dialog has the local and remote tags swapped at the peer. Opaque: build it with `dialogId`.
 */
export type DialogId = string & { readonly __brand: 'DialogId' };

/** An empty tag stands for "none": an RFC 2543 peer may send a From without one (§12.1.1). */
export function dialogId(callId: string, localTag: string, remoteTag: string): DialogId {
  // JSON keeps the three parts apart whatever characters they hold.
  return JSON.stringify([callId, localTag, remoteTag]) as DialogId;
}

/** The tag parameter of a From or To, or '' when it has none. */
export function tagOf(address: NameAddr): string {
  return address.params.get('tag') ?? '';
}

/**
 * The dialog an incoming request claims to belong to (§12.2.2): our tag is in its To, the peer's in
 * its From. Undefined when the To has no tag: the request is outside any dialog.
 */
export function dialogIdOfRequest(request: SipRequest): DialogId | undefined {
  const local = tagOf(request.to);
  if (local === '') return undefined;
  return dialogId(request.callId, local, tagOf(request.from));
}

/**
 * The dialog a response to one of our requests belongs to (§12.1.2): our tag is in its From, the
 * peer's in its To. Undefined when the To has no tag (a 100, or a 1xx outside any dialog).
 */
export function dialogIdOfResponse(response: SipResponse): DialogId | undefined {
  const remote = tagOf(response.to);
  if (remote === '') return undefined;
  return dialogId(response.callId, tagOf(response.from), remote);
}
