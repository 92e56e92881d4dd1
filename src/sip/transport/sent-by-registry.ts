import type { Via } from '../headers/via.ts';
import { canonicalIpv6, hostAddress, isIpv6 } from '../uri/host.ts';

/** A sent-by without a port means 5060 (RFC 3261 §18.2.2, §19.1.2; TLS's 5061 is not spoken here). */
const defaultPort = 5060;

/**
 * How many distinct sent-by values are remembered from outgoing requests. An element puts one
 * per interface it sends from, so a handful is normal; the bound only stops a TU that invents
 * sent-by values from growing the set without end (the oldest is forgotten first).
 */
const learnedLimit = 64;

/** A Via sent-by (RFC 3261 §20.42): a host, and a port unless the default is meant. */
export interface SentBy {
  readonly host: string;
  readonly port?: number;
}

/** The comparable form of a sent-by: host lower-cased, IPv6 canonical and bare, port made explicit. */
export function sentByKey(host: string, port: number | undefined): string {
  const bare = hostAddress(host);
  const address = isIpv6(bare) ? (canonicalIpv6(bare) ?? bare) : bare;
  return `${address.toLowerCase()}|${port ?? defaultPort}`;
}

/**
 * The sent-by values this client transport puts in its requests (RFC 3261 §18.1.2): the ones it
 * was configured with (including the address it listens on, the natural sent-by of §18.1.1) and
 * the ones it has seen in the top Via of requests it sent. A response
 * whose top Via names any other sent-by was not meant for this element and is discarded.
 */
export class SentByRegistry {
  readonly #configured = new Set<string>();
  readonly #learned = new Set<string>();

  /** `configured`: sent-by values the TU inserts (an IPv6 host with or without brackets). */
  constructor(configured: readonly SentBy[] = []) {
    for (const value of configured) this.add(value);
  }

  /** Adds a sent-by the transport is configured with (kept for as long as the registry lives). */
  add(value: SentBy): void {
    this.#configured.add(sentByKey(value.host, value.port));
  }

  /** Records the top Via sent-by of a request going out. */
  remember(top: Via): void {
    const key = sentByKey(top.host, top.port);
    if (this.#configured.has(key) || this.#learned.has(key)) return;
    if (this.#learned.size >= learnedLimit) {
      const oldest = this.#learned.values().next();
      if (!oldest.done) this.#learned.delete(oldest.value);
    }
    this.#learned.add(key);
  }

  /** Whether a response's top Via names a sent-by this transport uses (§18.1.2). */
  accepts(top: Via): boolean {
    const key = sentByKey(top.host, top.port);
    return this.#configured.has(key) || this.#learned.has(key);
  }
}
