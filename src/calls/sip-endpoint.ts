import {
  branchMagicCookie,
  nameAddr,
  nextHop,
  randomHex,
  sipUri,
  systemResolver,
  via,
  type ClientTransaction,
  type ClientTransactionHandler,
  type Clock,
  type HostResolver,
  type NameAddr,
  type SipRequest,
  type TransactionLayer,
  type TransportAddress,
  type TransportProtocol,
  type Uri,
  type Via,
} from '../sip/index.ts';

/** The address ringroute puts in its Via sent-by and Contact: where peers reach it. */
export interface AdvertisedAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * What call control needs of the SIP stack to place and keep legs: the transaction layer, the address
 * it advertises, a clock, and name resolution. One per process; every call shares it.
 */
export class SipEndpoint {
  readonly layer: TransactionLayer;
  readonly clock: Clock;
  readonly #address: () => AdvertisedAddress;
  readonly #resolve: HostResolver;

  constructor(options: { layer: TransactionLayer; clock: Clock; address: () => AdvertisedAddress; resolve?: HostResolver }) {
    this.layer = options.layer;
    this.clock = options.clock;
    this.#address = options.address;
    this.#resolve = options.resolve ?? systemResolver;
  }

  get address(): AdvertisedAddress {
    return this.#address();
  }

  /** A Via for a new request: a fresh branch with the magic cookie (§8.1.1.7), rport asked for (RFC 3581). */
  via(transport: TransportProtocol): Via {
    const { host, port } = this.#address();
    return via({ transport: transport.toUpperCase(), host: uriHost(host), port, branch: newBranch(), rport: true });
  }

  /** Our Contact (§8.1.1.8): a URI that reaches this process directly, with the transport when not UDP. */
  contact(transport: TransportProtocol, user = 'ringroute'): NameAddr {
    const { host, port } = this.#address();
    const params = transport === 'udp' ? undefined : new Map<string, string | null>([['transport', transport]]);
    return nameAddr(sipUri({ user, host: uriHost(host), port, ...(params ? { params } : {}) }));
  }

  /** Where a request goes next (§8.1.2, RFC 3263 subset): its top Route or its Request-URI. */
  destinationOf(request: SipRequest): Promise<TransportAddress> {
    return nextHop(request.uri, request.header('Route'), this.#resolve);
  }

  /** Where a new request to `uri` goes, before it exists (no Route). */
  locate(uri: Uri): Promise<TransportAddress> {
    return nextHop(uri, [], this.#resolve);
  }

  send(request: SipRequest, destination: TransportAddress, handler: ClientTransactionHandler): ClientTransaction {
    return this.layer.sendRequest(request, destination, handler);
  }
}

export function newBranch(): string {
  return `${branchMagicCookie}${randomHex(8)}`;
}

export function newTag(): string {
  return randomHex(6);
}

/** A bare IPv6 address needs brackets in a URI or Via (§19.1.1, §20.42). */
function uriHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
