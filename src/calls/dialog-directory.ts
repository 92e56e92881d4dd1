import { dialogIdOfRequest, type Dialog, type DialogId, type ServerTransaction, type SipRequest } from '../sip/index.ts';

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
