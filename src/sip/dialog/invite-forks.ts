import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { createUacDialog } from './create-dialog.ts';
import type { Dialog, DialogOptions } from './dialog.ts';
import { DialogError } from './dialog-error.ts';
import type { DialogStore } from './dialog-store.ts';
import { tagOf } from './dialog-id.ts';

/**
 * What one response to our INVITE did to its dialogs:
 *
 * - `none`: a 100, a 1xx without a To tag, or a 1xx after a 2xx — no dialog (§12.1);
 * - `early`: a 1xx with a To tag — the early dialog of that fork, new or already known;
 * - `confirmed`: the first 2xx — its dialog confirmed, every other early dialog terminated;
 * - `retransmission`: the 2xx of an already confirmed dialog again — acknowledge it again (§13.2.2.4);
 * - `extra`: a 2xx from another fork after one was confirmed — a confirmed dialog of its own,
 *   which the caller acknowledges and then ends with a BYE (§13.2.2.4);
 * - `failed`: a final non-2xx — every early dialog terminated (§12.3, §13.2.2.3).
 */
export type ForkOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'early'; readonly dialog: Dialog; readonly created: boolean }
  | { readonly kind: 'confirmed'; readonly dialog: Dialog; readonly terminated: readonly Dialog[] }
  | { readonly kind: 'retransmission'; readonly dialog: Dialog }
  | { readonly kind: 'extra'; readonly dialog: Dialog }
  | { readonly kind: 'failed'; readonly terminated: readonly Dialog[] };

/**
 * The dialogs one INVITE of ours creates. A forking proxy may return responses from several UASs,
 * each with its own To tag and so its own early dialog (§12.1.2, §13.2.2.4); the first 2xx picks
 * the one that becomes the call. Dialogs it creates are added to `store` when one is given.
 */
export class InviteForks {
  readonly invite: SipRequest;
  readonly #options: DialogOptions;
  readonly #store: DialogStore | undefined;
  readonly #byTag = new Map<string, Dialog>();
  #confirmed: Dialog | undefined;

  constructor(invite: SipRequest, options: DialogOptions & { readonly store?: DialogStore }) {
    if (invite.method !== 'INVITE') throw new DialogError('not_dialog_creating', `${invite.method} does not fork into dialogs`);
    this.invite = invite;
    this.#options = options;
    this.#store = options.store;
  }

  /** The dialog the first 2xx confirmed, once there is one. */
  get confirmed(): Dialog | undefined {
    return this.#confirmed;
  }

  /** Every dialog this INVITE created, by arrival; terminated ones included. */
  get dialogs(): readonly Dialog[] {
    return [...this.#byTag.values()];
  }

  /** Early dialogs still waiting for their final response. */
  get early(): readonly Dialog[] {
    return this.dialogs.filter((dialog) => dialog.state === 'early');
  }

  /** Applies a response to the INVITE. Throws `DialogError('mismatch')` for another request's response. */
  receive(response: SipResponse): ForkOutcome {
    const { seq, method } = response.cseq;
    if (method !== 'INVITE' || seq !== this.invite.cseq.seq || response.callId !== this.invite.callId) {
      throw new DialogError('mismatch', 'the response does not answer this INVITE');
    }
    const status = response.status;
    if (status >= 300) return { kind: 'failed', terminated: this.#terminateEarly() };
    const tag = tagOf(response.to);
    if (status === 100 || tag === '') return { kind: 'none' };
    const known = this.#byTag.get(tag);

    if (status < 200) {
      // After the call is decided, a late 1xx from a losing fork opens nothing.
      if (this.#confirmed !== undefined) return { kind: 'none' };
      if (known) return { kind: 'early', dialog: known, created: false };
      return { kind: 'early', dialog: this.#create(tag, response), created: true };
    }

    if (this.#confirmed !== undefined) {
      // The same 2xx again (the UAS retransmits until our ACK arrives) is acknowledged again.
      if (known?.state === 'confirmed') return { kind: 'retransmission', dialog: known };
      // §13.2.2.4: each further 2xx makes a dialog of its own, however late.
      return { kind: 'extra', dialog: this.#create(tag, response) };
    }
    let dialog: Dialog;
    if (known?.state === 'early') {
      known.receiveResponse(response);
      dialog = known;
    } else {
      dialog = this.#create(tag, response);
    }
    this.#confirmed = dialog;
    return { kind: 'confirmed', dialog, terminated: this.#terminateEarly() };
  }

  #create(tag: string, response: SipResponse): Dialog {
    const dialog = createUacDialog(this.invite, response, this.#options);
    this.#byTag.set(tag, dialog);
    this.#store?.add(dialog);
    return dialog;
  }

  #terminateEarly(): Dialog[] {
    const ended = this.early;
    for (const dialog of ended) dialog.terminate();
    return [...ended];
  }
}
