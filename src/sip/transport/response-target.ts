import type { Via } from '../headers/via.ts';
import { classifyHost, hostAddress } from '../uri/host.ts';
import type { TransportAddress, TransportProtocol } from './transport-address.ts';

/** The port a sent-by without one means (§18.2.2, §19.1.2; 5061 is for TLS, not spoken here). */
const defaultPort = 5060;

/**
 * Where a response goes when it cannot reuse the request's connection (RFC 3261 §18.2.2,
 * RFC 3581 §4), from the top Via of the response (the request's, stamped on receipt):
 *
 * - with `received` and a numeric `rport`: that address and port (RFC 3581 §4);
 * - with `received`: that address and the sent-by port (or 5060);
 * - otherwise the sent-by host and port, when the host is an address (resolving a name is
 *   RFC 3263 §6 work for a layer above; undefined here).
 *
 * `maddr` (multicast) is not supported and is ignored.
 */
export function responseTarget(top: Via): TransportAddress | undefined {
  const transport: TransportProtocol | undefined = top.transport === 'UDP' ? 'udp' : top.transport === 'TCP' ? 'tcp' : undefined;
  if (transport === undefined) return undefined;
  if (top.received !== undefined) {
    const port = typeof top.rport === 'number' ? top.rport : (top.port ?? defaultPort);
    return { transport, address: top.received, port };
  }
  const kind = classifyHost(top.host);
  if (kind !== 'ipv4' && kind !== 'ipv6') return undefined;
  return { transport, address: hostAddress(top.host), port: top.port ?? defaultPort };
}
