import { nameAddr, type NameAddr } from '../headers/name-addr.ts';
import { sipUri, type Uri } from '../uri/uri.ts';

/** Where a request within a dialog goes: its Request-URI and its Route header values, in order. */
export interface RequestTarget {
  readonly uri: Uri;
  readonly route: readonly NameAddr[];
}

/** A route entry of a loose router carries `;lr` (RFC 3261 §19.1.1, §16.12). */
export function isLooseRoute(entry: NameAddr): boolean {
  return entry.uri.kind === 'sip' && entry.uri.params.has('lr');
}

/**
 * The Request-URI and Route of a request within a dialog (RFC 3261 §12.2.1.1):
 *
 * - empty route set: the Request-URI is the remote target, no Route;
 * - first route loose (`;lr`): the Request-URI is the remote target, the Route is the route set in
 *   order with every parameter;
 * - first route strict: the Request-URI is the first route's URI without the parameters a
 *   Request-URI may not hold, the Route is the rest of the route set followed by the remote target.
 */
export function requestTarget(remoteTarget: Uri, routeSet: readonly NameAddr[]): RequestTarget {
  const [first, ...rest] = routeSet;
  if (first === undefined) return { uri: remoteTarget, route: [] };
  if (isLooseRoute(first)) return { uri: remoteTarget, route: routeSet };
  return { uri: requestUriOf(first.uri), route: [...rest, nameAddr(remoteTarget)] };
}

/**
 * A URI made fit for the Request-URI: §19.1.1's table allows neither the `method` parameter nor
 * URI headers there.
 */
function requestUriOf(uri: Uri): Uri {
  if (uri.kind !== 'sip') return uri;
  const params = new Map(uri.params);
  params.delete('method');
  return sipUri({ ...uri, params, headers: new Map() });
}
