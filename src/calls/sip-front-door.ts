import { randomBytes } from 'node:crypto';
import {
  createResponse,
  TransactionError,
  validateRequest,
  type HeaderField,
  type RequestPolicy,
  type ServerTransaction,
  type SipRequest,
  type TransactionUser,
} from '../sip/index.ts';
import type { TrunkReads } from '../store/store.ts';

/** The methods this element implements today: what `Allow` lists and what `validateRequest` accepts (§8.2.1). */
const allowedMethods = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS'] as const;
/** Option tags we support (§19.2): none yet, so a `Require` of any gets 420 and `Supported` is empty. */
const supportedExtensions: readonly string[] = [];
/** The only body type we take and answer with (§8.2.3, §11.2). */
const sessionTypes = ['application/sdp'];

const policy: RequestPolicy = {
  methods: allowedMethods,
  extensions: supportedExtensions,
  contentTypes: sessionTypes,
  answerTypes: sessionTypes,
};

/** The text a trunk's caller sees in the 480's Warning until call control carries calls. */
export const notCarriedYetText = 'ringroute does not carry calls yet';

export interface SipFrontDoorOptions {
  /** Where the front door learns which peers are trunks; read for every request, so changes are live. */
  readonly trunks: Pick<TrunkReads, 'findBySourceAddress'>;
  /** Told when the trunk lookup failed (the request was answered 500). Default: ignored. */
  readonly onLookupError?: (error: unknown, request: SipRequest) => void;
}

/**
 * The first thing every SIP request meets: a transaction user that decides, per request, whether the
 * peer may talk to ringroute at all. OPTIONS (carriers' keep-alives) gets 200 from anyone; a request
 * that would start something (INVITE, or any other out-of-dialog request) gets 403 unless it comes
 * from an enabled trunk's source network, so ringroute is never an open relay.
 */
export class SipFrontDoor implements TransactionUser {
  readonly #trunks: SipFrontDoorOptions['trunks'];
  readonly #onLookupError: NonNullable<SipFrontDoorOptions['onLookupError']>;

  constructor(options: SipFrontDoorOptions) {
    this.#trunks = options.trunks;
    this.#onLookupError = options.onLookupError ?? (() => undefined);
  }

  onRequest(transaction: ServerTransaction): void {
    const request = transaction.request;
    // §8.2.6.2: one To tag for the final response to a request that had none.
    const toTag = randomBytes(6).toString('hex');
    const answer = (status: number, headers: readonly HeaderField[] = []): void => {
      transaction.respond(createResponse(request, status, { toTag, headers }));
    };

    // §8.2: a request we cannot accept gets the status (and header fields) the checks name.
    const check = validateRequest(request, policy);
    if (!check.ok) {
      answer(check.status, check.headers);
      return;
    }

    // §12.2.2: a request inside a dialog we do not have (its To carries a tag) gets 481.
    if (request.to.params.has('tag')) {
      answer(481);
      return;
    }

    // §11.2: OPTIONS is answered as an INVITE would be, with what we allow, accept and support.
    if (request.method === 'OPTIONS') {
      answer(200, [
        { name: 'Allow', value: allowedMethods.join(', ') },
        { name: 'Accept', value: sessionTypes.join(', ') },
        { name: 'Supported', value: supportedExtensions.join(', ') },
      ]);
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
      (trunks) => {
        if (!trunks.some((trunk) => trunk.enabled)) {
          // §21.4.4: understood, but this peer may not ask; repeating will not help.
          answerLate(403);
          return;
        }
        // Interim until the B2BUA lands: a trunk is let in but nothing carries the call yet, so it gets
        // 480 (§21.4.18), which a carrier treats as "try later", with a Warning (§20.43) saying why.
        answerLate(480, [{ name: 'Warning', value: `399 ringroute "${notCarriedYetText}"` }]);
      },
      (error: unknown) => {
        this.#onLookupError(error, request);
        answerLate(500);
      },
    );
  }
}
