import type { Trunk } from '../domain/trunk.ts';
import {
  createResponse,
  randomHex,
  TransactionError,
  validateRequest,
  type HeaderField,
  type MessageSource,
  type RequestPolicy,
  type ServerInviteTransaction,
  type ServerTransaction,
  type SipRequest,
  type TransactionUser,
} from '../sip/index.ts';
import type { TrunkReads } from '../store/store.ts';
import { SourceRateLimiter } from './source-rate-limiter.ts';

/** The methods this element implements: what `Allow` lists and what `validateRequest` accepts (§8.2.1). */
const callMethods = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'UPDATE', 'INFO'] as const;
/** With a registrar for devices, REGISTER too (§10.3). */
const withRegister = [...callMethods, 'REGISTER'] as const;
/** Option tags we support (§19.2): none yet, so a `Require` of any gets 420 and `Supported` is empty. */
const supportedExtensions: readonly string[] = [];
/** The only body type we take and answer with (§8.2.3, §11.2). */
const sessionTypes = ['application/sdp'];

function policyFor(methods: readonly string[]): RequestPolicy {
  return { methods, extensions: supportedExtensions, contentTypes: sessionTypes, answerTypes: sessionTypes };
}

/** What the front door hands calls to: call control (`CallControl`). */
export interface CallHandler {
  /** A new INVITE from a source inside these enabled trunks' networks. */
  onInvite(transaction: ServerInviteTransaction, trunks: readonly Trunk[]): void;
  /** A request with a To tag; false when it belongs to no dialog we have. */
  onDialogRequest(transaction: ServerTransaction): boolean;
  onAck(ack: SipRequest): void;
  /** A CANCEL for an INVITE; false when that INVITE is not (yet) a call. */
  onCancel(invite: ServerInviteTransaction): boolean;
}

/** Seconds a caller over its trunk's rate is told to wait (§20.33 Retry-After with a 503). */
const retryAfterSeconds = 1;

export interface SipFrontDoorOptions {
  /** Where the front door learns which peers are trunks; read for every request, so changes are live. */
  readonly trunks: Pick<TrunkReads, 'findBySourceAddress'>;
  readonly calls: CallHandler;
  /** Told when the trunk lookup failed (the request was answered 500). Default: ignored. */
  readonly onLookupError?: (error: unknown, request: SipRequest) => void;
  /** Answers REGISTER from users' devices; without it REGISTER gets 405 (§21.4.6). */
  readonly registrar?: { handle(transaction: ServerTransaction, toTag: string): void };
  /** Takes INVITEs from sources no trunk covers: users' phones placing calls (they authenticate). Without it they get 403. */
  readonly devices?: { onInvite(transaction: ServerInviteTransaction, toTag: string): void };
}

/**
 * The first thing every SIP request meets: a transaction user that decides, per request, whether the
 * peer may talk to ringroute at all. OPTIONS (carriers' keep-alives) gets 200 from anyone; a request
 * that would start something (INVITE, or any other out-of-dialog request) gets 403 unless it comes
 * from an enabled trunk's source network, so ringroute is never an open relay.
 */
export class SipFrontDoor implements TransactionUser {
  readonly #trunks: SipFrontDoorOptions['trunks'];
  readonly #calls: CallHandler;
  readonly #onLookupError: NonNullable<SipFrontDoorOptions['onLookupError']>;
  readonly #limiter = new SourceRateLimiter();
  readonly #registrar: SipFrontDoorOptions['registrar'];
  readonly #devices: SipFrontDoorOptions['devices'];
  readonly #methods: readonly string[];
  readonly #policy: RequestPolicy;

  constructor(options: SipFrontDoorOptions) {
    this.#trunks = options.trunks;
    this.#calls = options.calls;
    this.#onLookupError = options.onLookupError ?? (() => undefined);
    this.#registrar = options.registrar;
    this.#devices = options.devices;
    this.#methods = options.registrar ? withRegister : callMethods;
    this.#policy = policyFor(this.#methods);
  }

  onAck(ack: SipRequest, _source: MessageSource): void {
    this.#calls.onAck(ack);
  }

  onCancel(invite: ServerInviteTransaction): void {
    if (this.#calls.onCancel(invite)) return;
    // §9.2: not a call yet (its trunk lookup is still running): the INVITE ends here with 487.
    try {
      invite.respond(createResponse(invite.request, 487, { toTag: randomHex(6) }));
    } catch {
      // Answered meanwhile.
    }
  }

  onRequest(transaction: ServerTransaction): void {
    const request = transaction.request;
    // §8.2.6.2: one To tag for the final response to a request that had none.
    const toTag = randomHex(6);
    const answer = (status: number, headers: readonly HeaderField[] = []): void => {
      transaction.respond(createResponse(request, status, { toTag, headers }));
    };

    // §8.2: a request we cannot accept gets the status (and header fields) the checks name.
    const check = validateRequest(request, this.#policy);
    if (!check.ok) {
      answer(check.status, check.headers);
      return;
    }

    // §12.2.2: a request inside a dialog goes to its leg; one we do not have (its To carries a tag) gets 481.
    if (request.to.params.has('tag')) {
      if (!this.#calls.onDialogRequest(transaction)) answer(481);
      return;
    }

    // §11.2: OPTIONS is answered as an INVITE would be, with what we allow, accept and support.
    if (request.method === 'OPTIONS') {
      answer(200, [
        { name: 'Allow', value: this.#methods.join(', ') },
        { name: 'Accept', value: sessionTypes.join(', ') },
        { name: 'Supported', value: supportedExtensions.join(', ') },
      ]);
      return;
    }

    // §10.3: a device registers; the registrar authenticates it with its own credentials.
    if (request.method === 'REGISTER' && this.#registrar) {
      this.#registrar.handle(transaction, toTag);
      return;
    }

    // The lookup takes a moment; a CANCEL may have ended the INVITE meanwhile (§9.2: the layer has
    // answered it 487), and then there is nothing left to answer.
    const answerLate = (status: number, headers: readonly HeaderField[] = []): void => {
      try {
        answer(status, headers);
      } catch (error) {
        if (!(error instanceof TransactionError && error.code === 'invalid_state')) throw error;
      }
    };
    this.#trunks.findBySourceAddress(transaction.source.address).then(
      (found) => {
        const trunks = found.filter((trunk) => trunk.enabled);
        if (trunks.length === 0) {
          // Not a trunk: a user's phone may place a call, once it proves who it is (§22).
          if (this.#devices && transaction.kind === 'invite-server' && !transaction.answered) {
            this.#devices.onInvite(transaction, toTag);
            return;
          }
          // §21.4.4: understood, but this peer may not ask; repeating will not help.
          answerLate(403);
          return;
        }
        // A trunk's peer may start this many requests a second; the excess get 503 with Retry-After
        // (§21.5.4, §20.33), which a carrier takes as "try again shortly or elsewhere".
        const rate = Math.max(...trunks.map((trunk) => trunk.maxCallsPerSecond));
        if (!this.#limiter.take(transaction.source.address, rate)) {
          answerLate(503, [{ name: 'Retry-After', value: String(retryAfterSeconds) }]);
          return;
        }
        if (transaction.kind !== 'invite-server') {
          // BYE, UPDATE or INFO outside any dialog: there is no call or transaction it could mean (§12.2.2).
          answerLate(481);
          return;
        }
        if (transaction.answered) return; // a CANCEL ended it during the lookup
        this.#calls.onInvite(transaction, trunks);
      },
      (error: unknown) => {
        this.#onLookupError(error, request);
        answerLate(500);
      },
    );
  }
}
