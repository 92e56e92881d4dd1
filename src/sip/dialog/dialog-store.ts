import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import type { Dialog } from './dialog.ts';
import { dialogIdOfRequest, dialogIdOfResponse, type DialogId } from './dialog-id.ts';

/**
 * The live dialogs of a user agent, by id, so that incoming requests and responses find theirs
 * (§12.2.2, §12.2.1.2). A terminated dialog is dropped the next time it would match: a request in
 * it then finds nothing and, having a To tag, is answered 481 (§12.2.2).
 */
export class DialogStore {
  readonly #dialogs = new Map<DialogId, Dialog>();

  /** Adds a dialog; one with the same id already there is replaced. */
  add(dialog: Dialog): void {
    this.#dialogs.set(dialog.id, dialog);
  }

  get(id: DialogId): Dialog | undefined {
    return this.#live(id);
  }

  delete(id: DialogId): boolean {
    return this.#dialogs.delete(id);
  }

  /** The dialog an incoming request belongs to (To tag ours, From tag theirs), if live. */
  matchRequest(request: SipRequest): Dialog | undefined {
    const id = dialogIdOfRequest(request);
    return id === undefined ? undefined : this.#live(id);
  }

  /** The dialog a response to our request belongs to (From tag ours, To tag theirs), if live. */
  matchResponse(response: SipResponse): Dialog | undefined {
    const id = dialogIdOfResponse(response);
    return id === undefined ? undefined : this.#live(id);
  }

  /** Drops every terminated dialog; returns how many went. */
  prune(): number {
    let removed = 0;
    for (const [id, dialog] of this.#dialogs) {
      if (dialog.state === 'terminated') {
        this.#dialogs.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** How many dialogs are held, terminated ones not yet dropped included. */
  get size(): number {
    return this.#dialogs.size;
  }

  #live(id: DialogId): Dialog | undefined {
    const dialog = this.#dialogs.get(id);
    if (dialog?.state !== 'terminated') return dialog;
    this.#dialogs.delete(id);
    return undefined;
  }
}
