/**
 * Why the dialog layer refused something. The code is the contract; the message is for people.
 *
 * - `missing_tag`: a response meant to create a dialog has no To tag (§12.1.2), or a UAS answer has
 *   none (§12.1.1).
 * - `missing_contact`: a message that must carry a Contact does not (§12.1.1, §12.1.2).
 * - `not_dialog_creating`: the request is not an INVITE or the response cannot create a dialog
 *   (a 100, a final non-2xx), §12.1.
 * - `mismatch`: the message belongs to another dialog or another INVITE (§12.2.2).
 * - `terminated`: the dialog has ended; no request can be sent in it (§12.3).
 * - `method_not_allowed`: this method cannot be sent now (CANCEL, a BYE on an early dialog by the
 *   callee §15, an ACK with no INVITE to acknowledge §13.2.2.4).
 * - `cseq_exhausted`: the local sequence number would pass 2**32 - 1 (§8.1.1.5).
 */
export type DialogErrorCode =
  | 'missing_tag'
  | 'missing_contact'
  | 'not_dialog_creating'
  | 'mismatch'
  | 'terminated'
  | 'method_not_allowed'
  | 'cseq_exhausted';

export class DialogError extends Error {
  constructor(
    readonly code: DialogErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DialogError';
  }
}
