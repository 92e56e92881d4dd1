import { lookup } from 'node:dns/promises';
import type { NameAddr } from '../headers/name-addr.ts';
import { classifyHost, hostAddress } from '../uri/host.ts';
import type { Uri } from '../uri/uri.ts';
import type { TransportAddress, TransportProtocol } from '../transport/transport-address.ts';
import { isLooseRoute } from '../dialog/request-target.ts';

/** Turns a host name into an IP address; `node:dns` by default, a table in tests. */
export type HostResolver = (host: string) => Promise<string>;

export const systemResolver: HostResolver = async (host) => (await lookup(host)).address;

/** Why no next hop could be found for a request. */
export class NextHopError extends Error {
  readonly code: 'unsupported_uri' | 'unresolvable_host';
  constructor(code: NextHopError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NextHopError';
    this.code = code;
  }
}

/**
 * Where a request goes next (RFC 3261 §8.1.2): the first Route entry when there is one (a loose
 * router, §16.12), else the Request-URI. Then a subset of RFC 3263 §4: the transport from the URI's
 * `transport` parameter (UDP when absent, §4.1 without NAPTR), the port from the URI or 5060
 * (§19.1.2), and the host's address record (§4.2 without SRV, which a numeric host skips anyway).
 * `sips:` needs TLS, which this stack does not speak yet, so it is refused.
 */
export async function nextHop(requestUri: Uri, route: readonly NameAddr[], resolve: HostResolver = systemResolver): Promise<TransportAddress> {
  const first = route[0];
  const uri = first !== undefined && isLooseRoute(first) ? first.uri : requestUri;
  if (uri.kind !== 'sip' || uri.scheme !== 'sip') throw new NextHopError('unsupported_uri', `cannot send to a ${uri.kind === 'sip' ? uri.scheme : uri.kind} URI`);
  const transport: TransportProtocol = uri.params.get('transport')?.toLowerCase() === 'tcp' ? 'tcp' : 'udp';
  const port = uri.port ?? 5060;
  const kind = classifyHost(uri.host);
  if (kind === 'ipv4' || kind === 'ipv6') return { transport, address: hostAddress(uri.host), port };
  try {
    return { transport, address: await resolve(uri.host), port };
  } catch (error) {
    throw new NextHopError('unresolvable_host', `cannot resolve ${uri.host}`, { cause: error });
  }
}
