import { looksLikeE164, parsePhoneNumber, type Country, type E164 } from '../domain/phone-number.ts';
import type { CallerRecord } from '../domain/call-record.ts';
import type { CallerId } from '../routing/index.ts';
import { formatNameAddr, nameAddr, sipUri, type HeaderField, type NameAddr, type SipRequest, type Uri } from '../sip/index.ts';

/** Who called, as the engine and the call record see it. */
export interface CallerIdentity {
  readonly id: CallerId;
  readonly record: CallerRecord;
}

/**
 * The caller of an INVITE from a trunk. A trunk is inside our trust domain (RFC 3325 §2.3), so its
 * P-Asserted-Identity is believed first, then the From. `Privacy: id` (RFC 3323 §4.2) or an
 * anonymous From (§8.1.1.3 of RFC 3261 suggests `sip:anonymous@anonymous.invalid`) make the caller
 * anonymous. A number in any format the trunk sent (`0201234567`, `0031…`, `+31 20…`, a tel URI) is
 * read with the organization's country and becomes E.164.
 */
export function callerOf(request: SipRequest, country: Country | null): CallerIdentity {
  const asserted = firstAsserted(request);
  const from = request.from;
  const privacy = (request.rawHeader('Privacy') ?? '').toLowerCase().split(/[;,\s]+/);
  const source = asserted ?? from.uri;
  const raw = userOf(source) ?? '';
  if (privacy.includes('id') || isAnonymous(source, from)) {
    return { id: { kind: 'anonymous' }, record: { number: 'anonymous', kind: 'anonymous', raw: raw || (from.displayName ?? 'anonymous') } };
  }
  const e164 = phoneNumberOf(raw, country);
  if (e164) return { id: { kind: 'number', e164 }, record: { number: e164, kind: 'number', raw } };
  return { id: { kind: 'unknown', raw }, record: { number: raw, kind: 'unknown', raw } };
}

/** The dialled number of an INVITE: the Request-URI's user part (or tel number), read like a caller's. */
export function dialledOf(request: SipRequest, country: Country | null): E164 | string {
  const raw = userOf(request.uri) ?? userOf(request.to.uri) ?? '';
  return phoneNumberOf(raw, country) ?? raw;
}

/**
 * From and the identity headers for an outbound leg: the caller's E.164 number in the From and in
 * P-Asserted-Identity (RFC 3325 §9.1), so the destination's phone shows who is calling; an
 * anonymous caller stays anonymous (`Privacy: id`, RFC 3323 §4.2), and the asserted identity, still
 * sent for the carrier's records, is marked for removal at the trust boundary.
 */
export function identityHeaders(caller: CallerId, host: string): { from: NameAddr; headers: HeaderField[] } {
  switch (caller.kind) {
    case 'number': {
      const asserted = nameAddr(sipUri({ user: caller.e164, host, params: new Map([['user', 'phone']]) }));
      const headers = [{ name: 'P-Asserted-Identity', value: formatNameAddr(asserted) }];
      // A virtual extension's number is shown inside the organization as its name and ESN ("Ana Silva",
      // 5001): the From's display name and user part (RFC 3261 §20.20), which phones display. The
      // asserted identity keeps the real number for carriers and records.
      const presented = caller.presentedAs;
      if (presented) return { from: nameAddr(sipUri({ user: presented.esn, host }), { displayName: presented.displayName }), headers };
      return { from: nameAddr(sipUri({ user: caller.e164, host })), headers };
    }
    case 'anonymous':
      return { from: anonymousFrom(), headers: [{ name: 'Privacy', value: 'id' }] };
    case 'unknown':
      // A colleague calling from a registered phone: shown by name and ESN, as a phone shows an extension.
      if (caller.presentedAs) return { from: nameAddr(sipUri({ user: caller.presentedAs.esn, host }), { displayName: caller.presentedAs.displayName }), headers: [] };
      // Not a phone number: nothing trustworthy to show, so the destination sees no number.
      return { from: anonymousFrom(), headers: [] };
  }
}

function anonymousFrom(): NameAddr {
  return nameAddr(sipUri({ user: 'anonymous', host: 'anonymous.invalid' }), { displayName: 'Anonymous' });
}

function firstAsserted(request: SipRequest): Uri | undefined {
  for (const raw of request.rawHeaders('P-Asserted-Identity')) {
    for (const part of raw.split(',')) {
      const match = /<([^>]+)>/.exec(part) ?? /^\s*(\S+)\s*$/.exec(part);
      const text = match?.[1];
      if (!text) continue;
      if (text.startsWith('tel:')) return { kind: 'tel', number: text.slice(4).split(';')[0] ?? '', params: new Map() };
      const at = /^sips?:([^@;]+)@/.exec(text);
      if (at?.[1]) return sipUri({ user: decodeURIComponent(at[1]), host: 'asserted.invalid' });
    }
  }
  return undefined;
}

function userOf(uri: Uri): string | undefined {
  if (uri.kind === 'tel') return uri.number;
  if (uri.kind === 'sip') return uri.user?.split(';')[0];
  return undefined;
}

function isAnonymous(uri: Uri, from: NameAddr): boolean {
  const user = userOf(uri)?.toLowerCase();
  if (user === 'anonymous' || user === 'restricted' || user === 'unavailable') return true;
  if (uri.kind === 'sip' && uri.host.toLowerCase() === 'anonymous.invalid') return true;
  return from.displayName?.trim().toLowerCase() === 'anonymous' && (user === undefined || user === '');
}

/** E.164 for anything that reads as a valid phone number; null otherwise. */
function phoneNumberOf(raw: string, country: Country | null): E164 | null {
  const text = raw.replace(/[\s().-]/g, '');
  if (text === '' || !/^\+?[0-9]+$/.test(text)) return null;
  const parsed = parsePhoneNumber(text, country);
  if (parsed.ok) return parsed.e164;
  // A number the metadata does not know as valid, but already in E.164 shape: keep it as sent.
  return looksLikeE164(text) ? (text as E164) : null;
}
