import { describe, expect, it } from 'vitest';
import { nameAddr, nextHop, NextHopError, parseNameAddr, parseUri, type HostResolver, type NameAddr, type Uri } from '../../../src/sip/index.ts';

const uri = (text: string): Uri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};
const route = (text: string): NameAddr => {
  const parsed = parseNameAddr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};
/** A resolver with a fixed table, so the tests need no DNS. */
const table: HostResolver = async (host) => {
  const known: Record<string, string> = { 'carrier.example': '192.0.2.10', 'proxy.example': '198.51.100.7' };
  const address = known[host];
  if (!address) throw new Error(`NXDOMAIN ${host}`);
  return address;
};

describe('nextHop (RFC 3261 §8.1.2 with the A/AAAA part of RFC 3263)', () => {
  it('sends to the Request-URI when there is no Route, on UDP and port 5060 by default', async () => {
    await expect(nextHop(uri('sip:+31201234567@192.0.2.1'), [], table)).resolves.toEqual({ transport: 'udp', address: '192.0.2.1', port: 5060 });
  });

  it('takes the port and the transport parameter from the URI', async () => {
    await expect(nextHop(uri('sip:anna@192.0.2.1:5080;transport=TCP'), [], table)).resolves.toEqual({ transport: 'tcp', address: '192.0.2.1', port: 5080 });
  });

  it('uses a bare IPv6 address for a bracketed host', async () => {
    await expect(nextHop(uri('sip:anna@[2001:db8::1]:5062'), [], table)).resolves.toEqual({ transport: 'udp', address: '2001:db8::1', port: 5062 });
  });

  it('resolves a host name', async () => {
    await expect(nextHop(uri('sip:+31612345678@carrier.example;user=phone'), [], table)).resolves.toEqual({ transport: 'udp', address: '192.0.2.10', port: 5060 });
  });

  it('goes to the first Route entry when it is a loose router (;lr), not to the Request-URI', async () => {
    const hop = await nextHop(uri('sip:bob@192.0.2.99'), [route('<sip:proxy.example:5070;lr;transport=tcp>'), route('<sip:192.0.2.50;lr>')], table);
    expect(hop).toEqual({ transport: 'tcp', address: '198.51.100.7', port: 5070 });
  });

  it('refuses what it cannot send to: a tel URI, sips (no TLS yet), an unknown host', async () => {
    await expect(nextHop(uri('tel:+31201234567'), [], table)).rejects.toMatchObject({ code: 'unsupported_uri' });
    await expect(nextHop(uri('sips:anna@192.0.2.1'), [], table)).rejects.toBeInstanceOf(NextHopError);
    await expect(nextHop(uri('sip:anna@nowhere.example'), [], table)).rejects.toMatchObject({ code: 'unresolvable_host' });
    await expect(nextHop(uri('sip:anna@192.0.2.1'), [nameAddr(uri('tel:+31201234567'))], table)).resolves.toMatchObject({ address: '192.0.2.1' });
  });
});
