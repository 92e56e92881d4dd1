import type { CallerShownAs, CallRecord } from '../domain/call-record.ts';
import { newId, type OrganizationId } from '../domain/ids.ts';
import { looksLikeE164, type E164 } from '../domain/phone-number.ts';
import type { Trunk } from '../domain/trunk.ts';
import type { Target } from '../domain/flow.ts';
import type { Organization } from '../domain/organization.ts';
import type { RoutingSnapshot } from '../routing/index.ts';
import {
  createResponse,
  realClock,
  type Clock,
  type HostResolver,
  type ServerInviteTransaction,
  type ServerTransaction,
  type SipRequest,
  type TransactionLayer,
} from '../sip/index.ts';
import { Call } from './call.ts';
import { CallRecordWriter, type CallRecordSink } from './call-record-writer.ts';
import { callerOf, dialledOf, type CallerIdentity } from './caller-id.ts';
import { DialogDirectory } from './dialog-directory.ts';
import { newTag, SipEndpoint, type AdvertisedAddress } from './sip-endpoint.ts';
import type { UserContacts } from './user-contacts.ts';

/** Where call control reads the live routing snapshot (LiveRouting satisfies it). */
export interface RoutingSource {
  current(): RoutingSnapshot;
  /** How the organization shows a caller whose number is one of its virtual extensions; null for anyone else. */
  presentCaller?(organizationId: OrganizationId, e164: E164): CallerShownAs | null;
}

/** A call from a user's phone, as the internal-call door hands it over. */
export interface InternalCall {
  readonly organization: Organization;
  /** The user as the phones that ring show them (display name and ESN). */
  readonly caller: CallerIdentity;
  /** The digits dialled, as sent. */
  readonly dialled: string;
  readonly target: Target;
  /** Where legs to phone numbers leave: the organization's enabled trunk; null when it has none. */
  readonly trunk: Trunk | null;
}

export interface CallControlOptions {
  readonly routing: RoutingSource;
  readonly records: CallRecordSink;
  /** The address peers reach ringroute at, for Via and Contact. */
  readonly address: () => AdvertisedAddress;
  readonly clock?: Clock;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  readonly resolve?: HostResolver;
  /** Told about internal errors (a failed call-record batch, a bug that ended a call with 500). */
  readonly onError?: (error: unknown, context: string) => void;
  /** Where a ring to a user finds their registered devices (absent: a user leg finds none and is unreachable). */
  readonly users?: UserContacts;
}

/** How many post-dial delays are kept for `postDialDelaysMs()`. */
const delaySamples = 100_000;

/**
 * Call control: the B2BUA. It takes calls the front door let in, runs each through the routing engine
 * with real legs (`Call`), routes requests within dialogs to their legs, keeps the calls in progress
 * for `GET /v1/calls/active`, and writes a record of every call.
 */
export class CallControl {
  readonly #options: CallControlOptions;
  readonly #dialogs = new DialogDirectory();
  readonly #calls = new Set<Call>();
  readonly #byInvite = new Map<ServerInviteTransaction, Call>();
  readonly #writer: CallRecordWriter;
  readonly #delays: number[] = [];
  #delayCount = 0;
  readonly #now: () => number;
  #endpoint: SipEndpoint | undefined;

  constructor(options: CallControlOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#writer = new CallRecordWriter(options.records, (error) => this.#error(error, 'saving call records'));
  }

  /** Connects call control to the transaction layer it sends through; before this, calls get 503. */
  attach(layer: TransactionLayer): void {
    this.#endpoint = new SipEndpoint({
      layer,
      clock: this.#options.clock ?? realClock,
      address: this.#options.address,
      ...(this.#options.resolve ? { resolve: this.#options.resolve } : {}),
    });
  }

  /** Calls in progress. */
  get size(): number {
    return this.#calls.size;
  }

  /**
   * A new INVITE from a peer inside `trunks` (enabled ones, already checked by the front door). The
   * dialled number must be one of those trunks' organizations' numbers: a trunk only reaches its own
   * organization, and a number unknown here gets 404 (§21.4.5) — never relayed anywhere.
   */
  onInvite(transaction: ServerInviteTransaction, trunks: readonly Trunk[]): void {
    const arrivedAt = performance.now();
    if (transaction.answered) return;
    const endpoint = this.#endpoint;
    const request = transaction.request;
    if (!endpoint) {
      transaction.respond(createResponse(request, 503, { toTag: newTag() }));
      return;
    }
    const snapshot = this.#options.routing.current();
    const found = this.#numberFor(snapshot, request, trunks);
    if (!found) {
      transaction.respond(createResponse(request, 404, { toTag: newTag() }));
      return;
    }
    const { compiled, trunk } = found;
    const organization = snapshot.organization(compiled.number.organizationId)?.organization;
    if (!organization) {
      transaction.respond(createResponse(request, 404, { toTag: newTag() }));
      return;
    }
    const caller = presented(callerOf(request, organization.country), organization.id, this.#options.routing);
    const startedAt = this.#now();
    const call = new Call(
      {
        identity: {
          id: newId('call', startedAt),
          organizationId: organization.id,
          numberId: compiled.number.id,
          dialledNumber: compiled.number.phoneNumber,
          caller: caller.record,
          trunkId: trunk.id,
          sipCallId: request.callId,
          startedAt,
        },
        snapshot,
        facts: { to: compiled.number.phoneNumber, from: caller.id, at: startedAt, via: 'trunk' },
        caller,
        organization,
        trunk,
        invite: transaction,
        arrivedAt,
      },
      {
        endpoint,
        dialogs: this.#dialogs,
        now: this.#now,
        ended: (ended) => this.#ended(ended),
        postDialDelay: (ms) => this.#recordDelay(ms),
        failed: (_failed, error) => this.#error(error, `call ${request.callId}`),
        ...(this.#options.users ? { users: this.#options.users } : {}),
      },
    );
    this.#calls.add(call);
    this.#byInvite.set(transaction, call);
    call.start();
  }

  /**
   * A call placed by a user's registered phone (already authenticated), to the target the dial plan
   * resolved its digits to. Phone-number legs leave through `trunk`.
   */
  onInternalInvite(transaction: ServerInviteTransaction, internal: InternalCall): void {
    const arrivedAt = performance.now();
    if (transaction.answered) return;
    const endpoint = this.#endpoint;
    const request = transaction.request;
    if (!endpoint) {
      transaction.respond(createResponse(request, 503, { toTag: newTag() }));
      return;
    }
    const startedAt = this.#now();
    const call = new Call(
      {
        identity: {
          id: newId('call', startedAt),
          organizationId: internal.organization.id,
          numberId: null,
          dialledNumber: internal.dialled,
          caller: internal.caller.record,
          trunkId: null,
          sipCallId: request.callId,
          startedAt,
        },
        snapshot: this.#options.routing.current(),
        facts: { to: internal.dialled, from: internal.caller.id, at: startedAt, via: 'trunk' },
        caller: internal.caller,
        organization: internal.organization,
        trunk: internal.trunk,
        invite: transaction,
        arrivedAt,
        direct: internal.target,
      },
      {
        endpoint,
        dialogs: this.#dialogs,
        now: this.#now,
        ended: (ended) => this.#ended(ended),
        postDialDelay: (ms) => this.#recordDelay(ms),
        failed: (_failed, error) => this.#error(error, `call ${request.callId}`),
        ...(this.#options.users ? { users: this.#options.users } : {}),
      },
    );
    this.#calls.add(call);
    this.#byInvite.set(transaction, call);
    call.start();
  }

  /** A request with a To tag: handed to the leg whose dialog it belongs to. False when there is none. */
  onDialogRequest(transaction: ServerTransaction): boolean {
    const match = this.#dialogs.match(transaction.request);
    if (!match) return false;
    match.owner.onDialogRequest(transaction, match.dialog);
    return true;
  }

  /** An ACK for a 2xx (end to end, §13.2.2.4). */
  onAck(ack: SipRequest): void {
    const match = this.#dialogs.match(ack);
    if (!match) return;
    match.dialog.receiveRequest(ack);
    match.owner.onDialogAck(ack, match.dialog);
  }

  /** A CANCEL for a call still ringing (§9.2). False when the INVITE is not a call of ours. */
  onCancel(invite: ServerInviteTransaction): boolean {
    const call = this.#byInvite.get(invite);
    if (!call) return false;
    call.callerCancelled();
    return true;
  }

  /** The calls of one organization in progress now, as records (for `GET /v1/calls/active`). */
  activeCalls(organizationId: OrganizationId): readonly CallRecord[] {
    const records: CallRecord[] = [];
    for (const call of this.#calls) if (call.organizationId === organizationId) records.push(call.record());
    return records;
  }

  /** Post-dial delay of recent calls: milliseconds from the caller's INVITE in to the first INVITE out. */
  postDialDelaysMs(): readonly number[] {
    return this.#delays;
  }

  /** Ends every call (BYE or 503) and writes all records. For shutdown. */
  async close(): Promise<void> {
    const open = [...this.#calls];
    for (const call of open) call.abort('ringroute was shut down');
    // The BYEs and 503s leave through the transport, which closes next: give them a moment to go.
    if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    await this.#writer.flush();
  }

  /** Writes queued records now (tests, shutdown). */
  flushRecords(): Promise<void> {
    return this.#writer.flush();
  }

  #numberFor(snapshot: RoutingSnapshot, request: SipRequest, trunks: readonly Trunk[]): { compiled: NonNullable<ReturnType<RoutingSnapshot['lookupNumber']>>; trunk: Trunk } | undefined {
    // The trunk's organization's country reads a national number ("020 123 4567") as its own.
    const tried = new Set<string>();
    for (const trunk of trunks) {
      const country = snapshot.organization(trunk.organizationId)?.organization.country ?? null;
      const key = country ?? '';
      if (tried.has(key)) continue;
      tried.add(key);
      const dialled = dialledOf(request, country);
      if (!looksLikeE164(dialled)) continue;
      const compiled = snapshot.lookupNumber(dialled as E164);
      if (!compiled) continue;
      const owner = trunks.find((t) => t.organizationId === compiled.number.organizationId && t.enabled);
      if (owner) return { compiled, trunk: owner };
    }
    return undefined;
  }

  #ended(call: Call): void {
    this.#calls.delete(call);
    this.#byInvite.delete(call.inbound.transaction);
    this.#writer.add(call.record());
  }

  #recordDelay(ms: number): void {
    // A ring buffer: the newest samples replace the oldest once it is full.
    if (this.#delays.length < delaySamples) this.#delays.push(ms);
    else this.#delays[this.#delayCount % delaySamples] = ms;
    this.#delayCount += 1;
  }

  #error(error: unknown, context: string): void {
    this.#options.onError?.(error, context);
  }
}

/** The caller with how the organization presents them, when their number is a virtual extension's. */
function presented(caller: CallerIdentity, organizationId: OrganizationId, routing: RoutingSource): CallerIdentity {
  if (caller.id.kind !== 'number' || !routing.presentCaller) return caller;
  const found = routing.presentCaller(organizationId, caller.id.e164);
  if (!found) return caller;
  const { displayName, esn } = found;
  return { id: { ...caller.id, presentedAs: { displayName, esn, ...(found.rangeId ? { inRange: true } : {}) } }, record: { ...caller.record, presentedAs: found } };
}
