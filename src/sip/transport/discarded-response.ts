import type { SipResponse } from '../message/sip-response.ts';
import type { MessageSource } from './transport-address.ts';

/**
 * Why the transport dropped a response instead of passing it up.
 *
 * - `sent_by_mismatch`: the top Via sent-by is not one this transport puts in its requests
 *   (RFC 3261 §18.1.2), so the response was not meant for this element.
 */
export type DiscardReason = 'sent_by_mismatch';

/** A response the transport silently discarded, reported to `onDiscardedResponse` for counting or logging. */
export interface DiscardedResponse {
  readonly reason: DiscardReason;
  readonly response: SipResponse;
  readonly source: MessageSource;
}
