import type { NameAddr } from '../headers/name-addr.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import type { Uri } from '../uri/uri.ts';
import { Dialog, uacRouteSet, type DialogOptions } from './dialog.ts';
import { DialogError } from './dialog-error.ts';
import { tagOf } from './dialog-id.ts';

/**
 * The dialog our INVITE's response creates (RFC 3261 §12.1.2): a 1xx with a To tag makes it early,
 * a 2xx confirmed. Route set: the response's Record-Route reversed; remote target: its Contact;
 * local CSeq: the INVITE's; remote CSeq: empty; local and remote URI: the INVITE's From and the
 * response's To. Throws `DialogError` (not_dialog_creating, mismatch, missing_tag, missing_contact).
 */
export function createUacDialog(invite: SipRequest, response: SipResponse, options: DialogOptions): Dialog {
  checkPair(invite, response);
  if (tagOf(response.to) === '') throw new DialogError('missing_tag', `a ${response.status} without a To tag creates no dialog (§12.1.2)`);
  const confirmed = response.status >= 200;
  const contact = firstContact(response);
  // §12.1.2 asks for the Contact of the response; a 2xx without one is broken (§13.3.1.4). Some
  // peers leave it out of a 180, so an early dialog falls back to the INVITE's Request-URI until
  // a later response names a target.
  if (contact === undefined && confirmed) throw new DialogError('missing_contact', 'a 2xx to an INVITE must carry a Contact (§12.1.2)');
  const localTarget = firstContact(invite);
  if (localTarget === undefined) throw new DialogError('missing_contact', 'our INVITE has no Contact (§8.1.1.8)');
  return new Dialog(
    {
      role: 'uac',
      state: confirmed ? 'confirmed' : 'early',
      callId: invite.callId,
      local: invite.from,
      remote: response.to,
      localTarget,
      remoteTarget: contact?.uri ?? invite.uri,
      routeSet: uacRouteSet(response),
      localSeq: invite.cseq.seq,
      remoteSeq: undefined,
      secure: isSecure(invite.uri, options),
      inviteSeq: invite.cseq.seq,
    },
    options,
  );
}

/**
 * The dialog we create by answering an INVITE with a tag (RFC 3261 §12.1.1): early for a 1xx,
 * confirmed for a 2xx. Route set: the request's Record-Route in order; remote target: its Contact;
 * remote CSeq: its CSeq; local CSeq: empty; local and remote URI: the response's To (with our tag)
 * and the request's From. Throws `DialogError` (not_dialog_creating, mismatch, missing_tag,
 * missing_contact).
 */
export function createUasDialog(invite: SipRequest, response: SipResponse, options: DialogOptions): Dialog {
  checkPair(invite, response);
  if (tagOf(response.to) === '') throw new DialogError('missing_tag', 'a dialog-creating response needs our To tag (§12.1.1)');
  const remoteTarget = firstContact(invite);
  if (remoteTarget === undefined) throw new DialogError('missing_contact', 'the INVITE has no Contact (§12.1.1)');
  const localTarget = firstContact(response);
  if (localTarget === undefined) throw new DialogError('missing_contact', 'our response needs a Contact (§12.1.1)');
  return new Dialog(
    {
      role: 'uas',
      state: response.status >= 200 ? 'confirmed' : 'early',
      callId: invite.callId,
      local: response.to,
      remote: invite.from,
      localTarget,
      remoteTarget: remoteTarget.uri,
      routeSet: invite.header('Record-Route'),
      localSeq: undefined,
      remoteSeq: invite.cseq.seq,
      secure: isSecure(invite.uri, options),
    },
    options,
  );
}

/** §12.1: only a 101–299 response to an INVITE creates a dialog, and it must answer that INVITE. */
function checkPair(invite: SipRequest, response: SipResponse): void {
  if (invite.method !== 'INVITE') throw new DialogError('not_dialog_creating', `${invite.method} does not create a dialog here`);
  if (response.status <= 100 || response.status >= 300) throw new DialogError('not_dialog_creating', `a ${response.status} creates no dialog (§12.1)`);
  const same =
    response.callId === invite.callId &&
    response.cseq.seq === invite.cseq.seq &&
    response.cseq.method === 'INVITE' &&
    tagOf(response.from) === tagOf(invite.from);
  if (!same) throw new DialogError('mismatch', 'the response does not answer this INVITE');
}

function firstContact(message: SipRequest | SipResponse): NameAddr | undefined {
  const contact = message.header('Contact');
  return contact === '*' ? undefined : contact[0];
}

/** §12.1.1, §12.1.2: secure when the request came over TLS and its Request-URI is sips. */
function isSecure(uri: Uri, options: DialogOptions): boolean {
  return options.overTls === true && uri.kind === 'sip' && uri.scheme === 'sips';
}
