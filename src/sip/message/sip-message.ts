import type { SipRequest } from './sip-request.ts';
import type { SipResponse } from './sip-response.ts';

/** A request or a response, told apart by `kind`. */
export type SipMessage = SipRequest | SipResponse;
