import type { Destination } from '../domain/destination.ts';
import type { UserId } from '../domain/ids.ts';
import type { Trunk } from '../domain/trunk.ts';
import type { CallerId } from '../routing/index.ts';
import { nameAddr, parseUri, sipUri, type DigestUser, type HeaderField, type NameAddr, type Uri } from '../sip/index.ts';
import { identityHeaders } from './caller-id.ts';

/** Everything an outbound leg needs to know about where it goes and who it says is calling. */
export interface LegTarget {
  readonly requestUri: Uri;
  readonly to: NameAddr;
  readonly from: NameAddr;
  readonly headers: readonly HeaderField[];
  readonly credentials?: DigestUser;
}

/**
 * A user's leg before their devices are known: who it says is calling. Each registered contact then
 * becomes a `LegTarget` of its own (`contactTarget`).
 */
export interface UserLegTarget {
  readonly userId: UserId;
  readonly from: NameAddr;
  readonly headers: readonly HeaderField[];
}

/**
 * Where a destination is rung. A SIP URI is called directly; so is each contact a user's devices
 * registered (see `contactTarget`), which only the registrar knows when the leg starts. A phone number leaves through the
 * organization's trunk as `sip:+E164@trunk;user=phone` (RFC 3261 §19.1.6), and a private number of
 * enhanced mode as `sip:ESN;phone-context=…@trunk;user=phone`, an emergency number as dialled
 * (`sip:112@trunk`, the form carriers take for short codes), with the trunk's digest credentials for
 * its challenges. Returns why not, in words, when the destination cannot be rung.
 */
export function legTarget(destination: Destination, caller: CallerId, trunk: Trunk | null, ourHost: string): LegTarget | UserLegTarget | string {
  const identity = identityHeaders(caller, ourHost);
  if (destination.kind === 'sip') return contactTarget(destination.uri, identity);
  if (destination.kind === 'user') return { userId: destination.userId, from: identity.from, headers: identity.headers };
  const { user, telephone, what } = trunkAddress(destination);
  if (!trunk || !trunk.enabled) return `the organization has no enabled trunk for calls to ${what}`;
  const userParam = (): Map<string, string | null> => new Map(telephone ? [['user', 'phone']] : []);
  const params = userParam();
  if (trunk.transport === 'tcp') params.set('transport', 'tcp');
  const requestUri = sipUri({ user, host: trunk.host.includes(':') ? `[${trunk.host}]` : trunk.host, port: trunk.port, params });
  const to = nameAddr(sipUri({ user, host: requestUri.host, params: userParam() }));
  const credentials = trunk.username !== null && trunk.password !== null ? { username: trunk.username, password: trunk.password } : undefined;
  return { requestUri, to, from: identity.from, headers: identity.headers, ...(credentials ? { credentials } : {}) };
}

/**
 * The user part of the SIP URI a trunk destination is sent to, and whether it is a telephone number
 * (`user=phone`, RFC 3261 §19.1.6). A number is the tel URI's `telephone-subscriber` with its
 * parameters: `tel:+31201234567` becomes `+31201234567`, and the private number
 * `tel:8015001;phone-context=acme.example` becomes `8015001;phone-context=acme.example` (RFC 3966
 * §5.1.5: a local number travels with its context; `;` and `=` are legal in a SIP user part, §25.1
 * `user-unreserved`, so nothing is escaped). An emergency number is a dial string only the carrier can
 * place, not a telephone number: sent as dialled, without `user=phone`.
 */
function trunkAddress(destination: Extract<Destination, { kind: 'phone' | 'private' | 'emergency' }>): { user: string; telephone: boolean; what: string } {
  switch (destination.kind) {
    case 'phone':
      return { user: destination.e164, telephone: true, what: 'phone numbers' };
    case 'private':
      return { user: `${destination.esn};phone-context=${destination.phoneContext}`, telephone: true, what: 'private numbers' };
    case 'emergency':
      return { user: destination.number, telephone: false, what: 'emergency numbers' };
  }
}

/**
 * A SIP URI called directly: the Request-URI and To are the URI itself, so its host, port and
 * `transport` parameter decide where the INVITE goes (RFC 3263 §4). Used for `sip:` destinations and
 * for each Contact a user's device registered (RFC 3261 §10.2.1: requests for the AOR go there).
 */
export function contactTarget(uri: string, identity: { readonly from: NameAddr; readonly headers: readonly HeaderField[] }): LegTarget | string {
  const parsed = parseUri(uri);
  if (!parsed.ok || parsed.value.kind !== 'sip') return `${uri} is not a SIP URI ringroute can call`;
  return { requestUri: parsed.value, to: nameAddr(parsed.value), from: identity.from, headers: identity.headers };
}
