/** The transports this stack speaks (RFC 3261 §18); TLS and WebSocket are later work. */
export type TransportProtocol = 'udp' | 'tcp';

/** Identifies one TCP connection of a transport, for sending a response back on it (§18.2.2). */
export type ConnectionId = string & { readonly __brand: 'ConnectionId' };

/** Where a message goes: a transport and an IP address and port (no DNS here; RFC 3263 is above). */
export interface TransportAddress {
  readonly transport: TransportProtocol;
  /** An IPv4 or IPv6 address, IPv6 without brackets. */
  readonly address: string;
  readonly port: number;
}

/** Where a message came from: the peer's address, and for TCP the connection it arrived on. */
export interface MessageSource extends TransportAddress {
  readonly connectionId?: ConnectionId;
}

/** Whether a transport delivers reliably, which turns off retransmission (§17.1.1.2, §17.1.2.2). */
export function isReliable(transport: TransportProtocol): boolean {
  return transport !== 'udp';
}
