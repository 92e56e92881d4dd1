import { networkInterfaces } from 'node:os';

/**
 * The address to put in Via and Contact when SIP listens on a wildcard (0.0.0.0 or ::): peers cannot
 * send to a wildcard, so the first non-internal address of the same family stands in. A specific
 * listen address is used as it is.
 */
export function advertisedHost(listenHost: string): string {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return listenHost;
  const family = listenHost === '::' ? 'IPv6' : 'IPv4';
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (!address.internal && address.family === family) return address.address;
    }
  }
  return family === 'IPv6' ? '::1' : '127.0.0.1';
}
