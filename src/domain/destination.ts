import type { Brand } from './brand.ts';
import { asId, type UserId } from './ids.ts';
import { parsePhoneNumber, type Country, type E164 } from './phone-number.ts';

/** A SIP or SIPS URI of a VoIP device or service, as given (`sip:alice@pbx.example.com`). */
export type SipUri = Brand<string, 'SipUri'>;

/**
 * A destination dialled as it is written: a phone number or a SIP URI. Queue and roster members are
 * always one of these (a person on duty is reached at one address).
 */
export type DirectDestination =
  | { readonly kind: 'phone'; readonly e164: E164 }
  | { readonly kind: 'sip'; readonly uri: SipUri };

/** A user of the organization: ringing them rings every device they have registered, at once. */
export interface UserDestination {
  readonly kind: 'user';
  readonly userId: UserId;
}

/**
 * A number of the organization's private numbering plan, which its provider routes: an ESN with the
 * `phone-context` where it is valid (RFC 3966 §5.1.5). Only the dial plan's enhanced mode makes these;
 * nobody types one as a destination.
 */
export interface PrivateNumberDestination {
  readonly kind: 'private';
  readonly esn: string;
  readonly phoneContext: string;
}

/**
 * An emergency number (`112`, `911`, `999`), as dialled: the carrier behind the trunk routes it to the
 * emergency service of where the caller is. Only the dial plan makes these.
 */
export interface EmergencyDestination {
  readonly kind: 'emergency';
  readonly number: string;
}

/** Something that can ring. */
export type Destination = DirectDestination | UserDestination | PrivateNumberDestination | EmergencyDestination;

export type DestinationKind = Destination['kind'];

export type DestinationParseResult =
  | { readonly ok: true; readonly destination: DirectDestination }
  | { readonly ok: false; readonly code: string; readonly message: string };

// RFC 3261 §19.1.1: sip:user@host[:port][;params]. The user part is optional for a SIP server but a
// destination always names someone, so we ask for one. Host: a domain name, IPv4, or [IPv6].
const sipUriPattern =
  /^sips?:[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:;[^\s]*)?$/;

/**
 * Reads a destination as an admin writes it: a phone number in any format (`+44 20 7946 0958`,
 * `06 1234 5678` with a country), or a SIP URI (`sip:desk@pbx.example.com`).
 */
export function parseDestination(input: string, countryHint: Country | null): DestinationParseResult {
  const text = input.trim();
  if (text.length === 0) return { ok: false, code: 'required', message: 'must not be empty' };
  if (/^sips?:/i.test(text)) {
    const normalized = text.replace(/^sips?/i, (s) => s.toLowerCase());
    if (normalized.length > 256 || !sipUriPattern.test(normalized)) {
      return {
        ok: false,
        code: 'invalid_sip_uri',
        message: `${JSON.stringify(text)} is not a SIP URI of the form sip:user@host[:port]`,
      };
    }
    return { ok: true, destination: { kind: 'sip', uri: normalized as SipUri } };
  }
  const phone = parsePhoneNumber(text, countryHint);
  if (!phone.ok) return { ok: false, code: phone.code, message: phone.message };
  return { ok: true, destination: { kind: 'phone', e164: phone.e164 } };
}

export type UserDestinationParseResult =
  | { readonly ok: true; readonly destination: UserDestination }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Reads `user:usr_…` (the text after `user:` is the user's id); null when the text is not of that form at all. */
export function parseUserDestination(input: string): UserDestinationParseResult | null {
  const text = input.trim();
  const match = /^user:(.*)$/i.exec(text);
  if (!match) return null;
  const id = asId('user', (match[1] ?? '').trim());
  if (!id) return { ok: false, code: 'invalid_user', message: `${JSON.stringify(text)} is not a user reference of the form user:usr_…` };
  return { ok: true, destination: { kind: 'user', userId: id } };
}

/**
 * The canonical text of a destination: E.164, the SIP URI, `user:usr_…`, the private number's tel
 * URI (`tel:8015001;phone-context=acme.example`), or `emergency:112`. Two destinations are the same when these are equal.
 */
export function destinationKey(destination: Destination): string {
  switch (destination.kind) {
    case 'phone':
      return destination.e164;
    case 'sip':
      return destination.uri;
    case 'user':
      return `user:${destination.userId}`;
    case 'private':
      return `tel:${destination.esn};phone-context=${destination.phoneContext}`;
    case 'emergency':
      return `emergency:${destination.number}`;
  }
}
