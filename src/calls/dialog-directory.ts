import { createResponse, dialogIdOfRequest, type Dialog, type DialogId, type ServerTransaction, type SipRequest } from '../sip/index.ts';

/** What owns a dialog: the leg that answers requests the peer sends within it. */
export interface DialogOwner {
  /** A request within the dialog (not ACK, not CANCEL); the owner must answer it. */
  onDialogRequest(transaction: ServerTransaction, dialog: Dialog): void;
  /** The ACK for a 2xx we sent (§13.2.2.4), or a retransmission of it. */
  onDialogAck(ack: SipRequest, dialog: Dialog): void;
}

/**
 * Every live dialog of every call, by dialog id (§12), so a request that carries a To tag finds the
 * leg it belongs to. Legs add their dialog when it is made and remove it when it ends.
 */
export class DialogDirectory {
  readonly #owners = new Map<DialogId, { dialog: Dialog; owner: DialogOwner }>();

  add(dialog: Dialog, owner: DialogOwner): void {
    this.#owners.set(dialog.id, { dialog, owner });
  }

  remove(dialog: Dialog): void {
    const entry = this.#owners.get(dialog.id);
    if (entry?.dialog === dialog) this.#owners.delete(dialog.id);
  }

  get size(): number {
    return this.#owners.size;
  }

  /** The owner and dialog of a request sent within a dialog we know (§12.2.2), if any. */
  match(request: SipRequest): { dialog: Dialog; owner: DialogOwner } | undefined {
    const id = dialogIdOfRequest(request);
    return id === undefined ? undefined : this.#owners.get(id);
  }
}

/** What a leg does with a request the peer sent within its dialog, once the dialog accepted it. */
export interface DialogRequestHandlers {
  /** Whether the leg is in a call (answered and not ended): only then are requests relayed. */
  readonly live: boolean;
  /** The peer's BYE, already answered 200 and the dialog removed (§15.1.2). */
  onBye(): void;
  /** Any other request (re-INVITE, UPDATE, INFO) for a live leg, to relay. */
  onRequest(transaction: ServerTransaction): void;
}

/**
 * The part every leg shares of taking a request within its dialog (§12.2.2): the dialog's own checks
 * (481 for an ended dialog, 500 for an out-of-order CSeq), then BYE ends the session (§15.1.2), and
 * anything else is relayed while the leg is live, or answered 481 when it is not.
 */
export function takeDialogRequest(directory: DialogDirectory, transaction: ServerTransaction, dialog: Dialog, handlers: DialogRequestHandlers): void {
  const request = transaction.request;
  const verdict = dialog.receiveRequest(request);
  if (!verdict.accepted) {
    transaction.respond(createResponse(request, verdict.status, verdict.reason));
    return;
  }
  if (request.method === 'BYE') {
    transaction.respond(createResponse(request, 200));
    directory.remove(dialog);
    if (handlers.live) handlers.onBye();
    return;
  }
  if (!handlers.live) {
    transaction.respond(createResponse(request, 481));
    return;
  }
  handlers.onRequest(transaction);
}
