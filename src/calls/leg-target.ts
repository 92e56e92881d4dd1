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
 * organization's trunk as `sip:+E164@trunk;user=phone` (RFC 3261 §19.1.6), with the trunk's digest
 * credentials for its challenges. Returns why not, in words, when the destination cannot be rung.
 */
export function legTarget(destination: Destination, caller: CallerId, trunk: Trunk | null, ourHost: string): LegTarget | UserLegTarget | string {
  const identity = identityHeaders(caller, ourHost);
  if (destination.kind === 'sip') return contactTarget(destination.uri, identity);
  if (destination.kind === 'user') return { userId: destination.userId, from: identity.from, headers: identity.headers };
  if (!trunk || !trunk.enabled) return 'the organization has no enabled trunk for calls to phone numbers';
  const params = new Map<string, string | null>([['user', 'phone']]);
  if (trunk.transport === 'tcp') params.set('transport', 'tcp');
  const requestUri = sipUri({ user: destination.e164, host: trunk.host.includes(':') ? `[${trunk.host}]` : trunk.host, port: trunk.port, params });
  const to = nameAddr(sipUri({ user: destination.e164, host: requestUri.host, params: new Map([['user', 'phone']]) }));
  const credentials = trunk.username !== null && trunk.password !== null ? { username: trunk.username, password: trunk.password } : undefined;
  return { requestUri, to, from: identity.from, headers: identity.headers, ...(credentials ? { credentials } : {}) };
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
