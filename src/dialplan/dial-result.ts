import type { LocationId, NumberId, UserId, VirtualExtensionId, VirtualExtensionRangeId } from '../domain/ids.ts';
import type { PrivateNumberDestination } from '../domain/destination.ts';
import type { Country, E164 } from '../domain/phone-number.ts';

/** Who dials: a user (at their location) or a location itself (a lobby phone, a trunk into a site). */
export type DialPlanCaller = { readonly kind: 'user'; readonly userId: UserId } | { readonly kind: 'location'; readonly locationId: LocationId };

/**
 * What dialled digits reach, with `trace`: why, in plain words, one sentence per step taken.
 * - `user`: ring the user's registered devices.
 * - `virtualExtension`: standard mode calls `phoneNumber`; enhanced mode sends `esn` as the private
 *   number `privateNumber` (a tel URI with `phone-context`, RFC 3966 §5.1.5).
 * - `range`: like a virtual extension; `phoneNumber` is the range prefix + the digits when that is
 *   E.164 (always in standard mode), else null.
 *
 * `privateNumber` is set exactly when the call carries the ESN: enhanced mode with the organization's
 * `phoneContext` known; otherwise null and the call goes to `phoneNumber`. Its tel URI is
 * `destinationKey(privateNumber)`.
 * - `number`: one of the organization's own numbers: an internal call into its flow.
 * - `outside`: an ordinary outbound call.
 * - `emergency`: an emergency number (`number`, as dialled, without any outside dial digit), for the
 *   country the caller's location is in.
 */
export type DialResult =
  | { readonly kind: 'user'; readonly userId: UserId; readonly displayName: string; readonly esn: string; readonly trace: readonly string[] }
  | {
      readonly kind: 'virtualExtension';
      readonly id: VirtualExtensionId;
      readonly displayName: string;
      readonly phoneNumber: E164;
      readonly esn: string;
      readonly privateNumber: PrivateNumberDestination | null;
      readonly trace: readonly string[];
    }
  | {
      readonly kind: 'range';
      readonly rangeId: VirtualExtensionRangeId;
      readonly phoneNumber: E164 | null;
      readonly esn: string;
      readonly privateNumber: PrivateNumberDestination | null;
      readonly trace: readonly string[];
    }
  | { readonly kind: 'number'; readonly numberId: NumberId; readonly e164: E164; readonly trace: readonly string[] }
  | { readonly kind: 'outside'; readonly e164: E164; readonly trace: readonly string[] }
  | { readonly kind: 'emergency'; readonly number: string; readonly country: Country | null; readonly trace: readonly string[] }
  | { readonly kind: 'notFound'; readonly reason: NotFoundReason; readonly trace: readonly string[] };

export type NotFoundReason =
  /** The caller is no user or location of this organization. */
  | 'unknown_caller'
  /** The input holds something other than digits, a leading + and visual separators. */
  | 'not_digits'
  /** An outside or E.164 number that is not a valid phone number. */
  | 'invalid_number'
  /** Digits that match no extension, routing prefix, range or outside dial digit. */
  | 'no_match';
