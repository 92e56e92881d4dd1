import { randomInt } from 'node:crypto';
import type { HeaderField } from '../headers/header-field.ts';
import type { NameAddr } from '../headers/name-addr.ts';
import type { Via } from '../headers/via.ts';
import { createRequest } from '../message/create-request.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import type { Uri } from '../uri/uri.ts';
import { DialogError } from './dialog-error.ts';
import { dialogId, dialogIdOfRequest, dialogIdOfResponse, tagOf, type DialogId } from './dialog-id.ts';
import { requestTarget } from './request-target.ts';

/** §12: a dialog is early (made by a 1xx), confirmed (by a 2xx) or over. */
export type DialogState = 'early' | 'confirmed' | 'terminated';

/** Which side of the dialog-creating INVITE we were: we sent it (UAC) or answered it (UAS). */
export type DialogRole = 'uac' | 'uas';

/** How this side writes requests; the same for every dialog of a user agent. */
export interface DialogOptions {
  /** A fresh top Via, with a new branch, for each request (§8.1.1.7); the transport knows the sent-by. */
  readonly via: () => Via;
  /** The first local CSeq when the dialog has none yet (a UAS sending its first request). Defaults to random (§8.1.1.5). */
  readonly initialSeq?: () => number;
  /** Whether the dialog-creating request travelled over TLS; with a sips Request-URI it makes the dialog secure (§12.1.1, §12.1.2). */
  readonly overTls?: boolean;
}

/** Everything a dialog starts from; built by `createUacDialog` and `createUasDialog`. */
export interface DialogInit {
  readonly role: DialogRole;
  readonly state: 'early' | 'confirmed';
  readonly callId: string;
  /** Our From in requests we send (local URI and local tag). */
  readonly local: NameAddr;
  /** Our To in requests we send (remote URI and remote tag, which may be absent: §12.1.1). */
  readonly remote: NameAddr;
  /** Our Contact, sent in target refresh requests (§12.2.1.1). */
  readonly localTarget: NameAddr;
  readonly remoteTarget: Uri;
  readonly routeSet: readonly NameAddr[];
  readonly localSeq: number | undefined;
  readonly remoteSeq: number | undefined;
  readonly secure: boolean;
  /** The CSeq of the INVITE we sent, if any: the 2xx ACK reuses it (§13.2.2.4). */
  readonly inviteSeq?: number;
}

/** What to put into a request within the dialog besides what the dialog decides. */
export interface DialogRequestOptions {
  readonly body?: Buffer | string;
  readonly contentType?: string;
  /** More header fields (Reason, Supported, Authorization...), written after the dialog's own. */
  readonly headers?: readonly HeaderField[];
  /** Overrides the Via from `DialogOptions.via`. */
  readonly via?: Via;
}

/** The answer to a request received within the dialog (§12.2.2): go ahead, or reply with this status. */
export type RequestVerdict = { readonly accepted: true } | { readonly accepted: false; readonly status: 481 | 500; readonly reason: string };

/** Requests that may change the remote target: re-INVITE (§12.2) and UPDATE (RFC 3311 §5.2). */
const targetRefreshMethods = new Set(['INVITE', 'UPDATE']);

export function isTargetRefresh(method: string): boolean {
  return targetRefreshMethods.has(method);
}

const maxSeq = 2 ** 32 - 1;

/**
 * One dialog (RFC 3261 §12): the state two user agents share — identity, URIs, targets, route set,
 * sequence numbers — and the rules that keep it current as requests and responses pass.
 */
export class Dialog {
  readonly role: DialogRole;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly id: DialogId;
  readonly local: NameAddr;
  readonly remote: NameAddr;
  readonly localTarget: NameAddr;
  readonly secure: boolean;
  #state: DialogState;
  #remoteTarget: Uri;
  #routeSet: readonly NameAddr[];
  #localSeq: number | undefined;
  #remoteSeq: number | undefined;
  #inviteSeq: number | undefined;
  readonly #options: DialogOptions;

  constructor(init: DialogInit, options: DialogOptions) {
    this.role = init.role;
    this.callId = init.callId;
    this.localTag = tagOf(init.local);
    this.remoteTag = tagOf(init.remote);
    this.id = dialogId(init.callId, this.localTag, this.remoteTag);
    this.local = init.local;
    this.remote = init.remote;
    this.localTarget = init.localTarget;
    this.secure = init.secure;
    this.#state = init.state;
    this.#remoteTarget = init.remoteTarget;
    this.#routeSet = init.routeSet;
    this.#localSeq = init.localSeq;
    this.#remoteSeq = init.remoteSeq;
    this.#inviteSeq = init.inviteSeq;
    this.#options = options;
  }

  get state(): DialogState {
    return this.#state;
  }

  /** The peer's Contact URI: where requests go when the route set is empty (§12.2.1.1). */
  get remoteTarget(): Uri {
    return this.#remoteTarget;
  }

  get routeSet(): readonly NameAddr[] {
    return this.#routeSet;
  }

  /** The CSeq of the last request we sent in the dialog, undefined before the first (§12.1). */
  get localSeq(): number | undefined {
    return this.#localSeq;
  }

  /** The highest CSeq the peer has used in the dialog, undefined before its first request (§12.1). */
  get remoteSeq(): number | undefined {
    return this.#remoteSeq;
  }

  /** Ends the dialog: after a BYE, a non-2xx final to the INVITE, a lost fork (§12.3, §13.2.2.4). */
  terminate(): void {
    this.#state = 'terminated';
  }

  /**
   * A request within the dialog (§12.2.1.1): Request-URI and Route from the route set, From and To
   * with the dialog's URIs and tags, its Call-ID, the next local CSeq (the INVITE's for an ACK,
   * §13.2.2.4), and our Contact in a target refresh. A BYE ends the dialog as it is built: the
   * session is over once the BYE is handed to its transaction (§15.1.1).
   * Throws `DialogError` (terminated, method_not_allowed, cseq_exhausted).
   */
  createRequest(method: string, options: DialogRequestOptions = {}): SipRequest {
    if (this.#state === 'terminated') throw new DialogError('terminated', `dialog ${this.id} has ended`);
    if (method === 'CANCEL') throw new DialogError('method_not_allowed', 'a CANCEL is built from its INVITE (§9.1), not by the dialog');
    if (method === 'BYE' && this.role === 'uas' && this.#state === 'early') {
      // §15: the callee must not send a BYE on an early dialog; it rejects the INVITE instead.
      throw new DialogError('method_not_allowed', 'the callee cannot send a BYE on an early dialog (§15)');
    }
    const target = requestTarget(this.#remoteTarget, this.#routeSet);
    const request = createRequest({
      method,
      uri: target.uri,
      via: options.via ?? this.#options.via(),
      route: target.route,
      from: this.local,
      to: this.remote,
      callId: this.callId,
      cseq: this.#nextSeq(method),
      ...(isTargetRefresh(method) ? { contact: this.localTarget } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
    });
    if (method === 'BYE') this.terminate();
    return request;
  }

  /**
   * Checks and absorbs a request the peer sent within this dialog (§12.2.2). A CSeq lower than the
   * last one is out of order: answer 500. Otherwise the remote CSeq advances, a target refresh with
   * a Contact replaces the remote target, and a BYE ends the dialog (§15.1.2). An ACK carries its
   * INVITE's CSeq (§13.2.2.4) and gets no response, so it is neither checked nor counted.
   */
  receiveRequest(request: SipRequest): RequestVerdict {
    if (dialogIdOfRequest(request) !== this.id) return { accepted: false, status: 481, reason: 'not this dialog' };
    if (this.#state === 'terminated') return { accepted: false, status: 481, reason: 'dialog has ended' };
    if (request.method === 'ACK') return { accepted: true };
    const seq = request.cseq.seq;
    if (this.#remoteSeq !== undefined && seq < this.#remoteSeq) {
      return { accepted: false, status: 500, reason: `CSeq ${seq} is lower than ${this.#remoteSeq}` };
    }
    this.#remoteSeq = seq;
    if (isTargetRefresh(request.method)) this.#refreshTarget(request);
    if (request.method === 'BYE') this.terminate();
    return { accepted: true };
  }

  /**
   * Absorbs a response to a request we sent within the dialog (§12.2.1.2): a 2xx to a target
   * refresh replaces the remote target; a 481 or 408 ends the dialog. For an early dialog of ours, a
   * 2xx to the INVITE confirms it and recomputes the route set (§13.2.2.4); a final non-2xx ends it
   * (§12.3). Throws `DialogError('mismatch')` for another dialog's response.
   */
  receiveResponse(response: SipResponse): void {
    if (dialogIdOfResponse(response) !== this.id) throw new DialogError('mismatch', `response is not for dialog ${this.id}`);
    if (this.#state === 'terminated') return;
    const { method, seq } = response.cseq;
    const status = response.status;
    if (this.#state === 'early' && method === 'INVITE' && seq === this.#inviteSeq) {
      if (status >= 200 && status < 300) {
        this.#state = 'confirmed';
        if (this.role === 'uac') this.#routeSet = uacRouteSet(response);
        this.#refreshTarget(response);
      } else if (status >= 300) {
        this.terminate();
      }
      return;
    }
    if (status === 481 || status === 408) {
      this.terminate();
      return;
    }
    if (status >= 200 && status < 300 && isTargetRefresh(method)) this.#refreshTarget(response);
  }

  /**
   * Records a response we (the UAS) sent to the dialog-creating INVITE: a 2xx confirms the early
   * dialog, a final non-2xx ends it (§12.1.1, §12.3).
   */
  responseSent(response: SipResponse): void {
    if (this.role !== 'uas' || this.#state !== 'early' || response.cseq.method !== 'INVITE') return;
    if (response.status >= 200 && response.status < 300) this.#state = 'confirmed';
    else if (response.status >= 300) this.terminate();
  }

  /** §12.2.1.2, §12.2.2: the Contact of a target refresh (or its 2xx) is the new remote target. */
  #refreshTarget(message: SipRequest | SipResponse): void {
    const contact = message.header('Contact');
    if (contact !== '*' && contact[0] !== undefined) this.#remoteTarget = contact[0].uri;
  }

  #nextSeq(method: string): number {
    if (method === 'ACK') {
      // §13.2.2.4: the ACK for a 2xx has the CSeq number of the INVITE it acknowledges.
      if (this.#inviteSeq === undefined) throw new DialogError('method_not_allowed', 'no INVITE of ours to acknowledge');
      return this.#inviteSeq;
    }
    // §12.2.1.1: one more than the last; when empty, chosen as for a new call (§8.1.1.5).
    const next = this.#localSeq === undefined ? (this.#options.initialSeq?.() ?? randomInt(1, 2 ** 31)) : this.#localSeq + 1;
    if (next > maxSeq) throw new DialogError('cseq_exhausted', 'the local CSeq cannot pass 2**32 - 1 (§8.1.1.5)');
    this.#localSeq = next;
    if (method === 'INVITE') this.#inviteSeq = next;
    return next;
  }
}

/** §12.1.2: the UAC's route set is the response's Record-Route, reversed. */
export function uacRouteSet(response: SipResponse): readonly NameAddr[] {
  return [...response.header('Record-Route')].reverse();
}
