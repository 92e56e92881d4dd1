import type { E164 } from '../domain/phone-number.ts';

/** Who is calling, as far as the network told us. */
export type CallerId =
  | { readonly kind: 'number'; readonly e164: E164; readonly presentedAs?: CallerPresentationFact }
  | { readonly kind: 'anonymous' }
  /** The network sent something that is not a phone number (a SIP user name, a malformed number). */
  | { readonly kind: 'unknown'; readonly raw: string; readonly presentedAs?: CallerPresentationFact };

/** What is known when a call arrives. Everything the engine decides from comes in through here. */
export interface CallFacts {
  /** The dialled number. Call control normalises it to E.164 when it can; anything else is not ours. */
  readonly to: E164 | string;
  readonly from: CallerId;
  /** When the call arrived, epoch milliseconds. The engine never reads a clock; time enters only here. */
  readonly at: number;
  readonly via: 'trunk' | 'simulator';
}

/**
 * How a caller is shown inside the organization when their number is a virtual extension's: its
 * display name and ESN ("Ana Silva", 5001); or, `inRange`, when it falls in a range of virtual
 * extensions: the range's name and the ESN ("Utrecht office", 6123). Found by the driver in the
 * organization's dial plan.
 */
export interface CallerPresentationFact {
  readonly displayName: string;
  readonly esn: string;
  readonly inRange?: boolean;
}
