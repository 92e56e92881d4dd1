import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { parseMessage } from '../message/parse-message.ts';
import type { SipParseError } from '../message/parse-error.ts';
import type { SipLimits } from '../message/sip-limits.ts';
import type { SipMessage } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { serializeMessage } from '../message/serialize-message.ts';
import type { FramerEvent } from '../stream-framer.ts';
import { formatHost, hostAddress, isIpv6 } from '../uri/host.ts';
import type { DiscardedResponse } from './discarded-response.ts';
import { malformedReply } from './malformed-reply.ts';
import type { MessageTransport, TransportDelegate } from './message-transport.ts';
import { replaceTopVia } from './replace-top-via.ts';
import { responseTarget } from './response-target.ts';
import { SentByRegistry, type SentBy } from './sent-by-registry.ts';
import { stampReceived } from './stamp-received.ts';
import { TcpConnection } from './tcp-connection.ts';
import type { ConnectionId, MessageSource, TransportAddress } from './transport-address.ts';
import { TransportError } from './transport-error.ts';

export interface SipTransportOptions {
  readonly limits?: Partial<SipLimits>;
  /** A TCP connection with no traffic this long is closed. Default 5 minutes. */
  readonly tcpIdleMs?: number;
  /** How long opening a TCP connection may take. Default 10 seconds (well under Timer B/F). */
  readonly connectTimeoutMs?: number;
  /** Told about a delegate that threw; the transport carries on. Default: a process warning. */
  readonly onDelegateError?: (error: unknown) => void;
  /**
   * A request bigger than this many bytes that would go over UDP goes over TCP instead (RFC 3261
   * §18.1.1). Default 1300; with a known path MTU below 1500, set it to the MTU minus 200.
   */
  readonly maxUdpRequestBytes?: number;
  /**
   * Sent-by values the TU puts in the top Via of its requests (RFC 3261 §18.1.2). The transport also
   * accepts the address it listens on and learns the sent-by of every request it sends; a response
   * naming any other is discarded.
   */
  readonly sentBy?: readonly SentBy[];
  /** Told about each response discarded without being passed up (for counting or logging). */
  readonly onDiscardedResponse?: (discarded: DiscardedResponse) => void;
}

/** RFC 3261 §18.1.1: the size above which a request is not sent over UDP, absent a known path MTU. */
const defaultMaxUdpRequestBytes = 1300;

export interface ListenAddress {
  readonly host: string;
  /** 0 picks a free port, the same for UDP and TCP. */
  readonly port: number;
}

const keepAliveOnly = /^[\r\n]*$/;

/**
 * SIP over UDP and TCP on one address (RFC 3261 §18): a UDP socket and a TCP server on the same
 * host and port. Incoming bytes become parsed messages handed to the delegate; requests get
 * `received`/`rport` stamped (§18.2.1, RFC 3581 §4). Broken requests are answered 400 (or 513)
 * and broken responses dropped, and neither stops the socket. Outgoing TCP reuses one connection
 * per remote address and port, whichever side opened it. A request too large for UDP goes over
 * TCP (§18.1.1), and a response whose top Via sent-by is not this element's is discarded (§18.1.2).
 */
export class SipTransport implements MessageTransport {
  readonly #options: SipTransportOptions;
  #delegate: TransportDelegate | undefined;
  #udp: UdpSocket | undefined;
  #server: Server | undefined;
  #local: ListenAddress | undefined;
  readonly #byId = new Map<ConnectionId, TcpConnection>();
  readonly #byRemote = new Map<string, TcpConnection>();
  readonly #connecting = new Map<string, Promise<TcpConnection>>();
  readonly #sentBy: SentByRegistry;

  constructor(options: SipTransportOptions = {}) {
    this.#options = options;
    this.#sentBy = new SentByRegistry(options.sentBy);
  }

  attach(delegate: TransportDelegate): void {
    this.#delegate = delegate;
  }

  /** The address actually bound (the real port when 0 was asked for). */
  get local(): ListenAddress | undefined {
    return this.#local;
  }

  /** How many TCP connections are open, in both directions. */
  get connectionCount(): number {
    return this.#byId.size;
  }

  async listen(address: ListenAddress): Promise<ListenAddress> {
    if (this.#local) throw new Error('the transport is already listening');
    const host = hostAddress(address.host);
    // With port 0 the OS picks the UDP port; TCP may find it taken, so try a few times.
    for (let attempt = 0; ; attempt++) {
      const udp = await bindUdp(host, address.port);
      const port = udp.address().port;
      try {
        this.#server = await listenTcp(host, port, (socket) => this.#adopt(socket, 'server'));
      } catch (error) {
        udp.close();
        if (address.port === 0 && attempt < 5) continue;
        throw error;
      }
      this.#udp = udp;
      udp.on('message', (bytes, remote) => this.#onDatagram(bytes, remote));
      // An ICMP error or a bad datagram must never stop the socket.
      udp.on('error', () => undefined);
      this.#local = { host, port };
      // The bound address is what a TU normally puts in its Via sent-by (§18.1.1), so responses naming it are ours.
      this.#sentBy.add({ host: formatHost(host), port });
      return this.#local;
    }
  }

  async close(): Promise<void> {
    const udp = this.#udp;
    const server = this.#server;
    this.#udp = undefined;
    this.#server = undefined;
    this.#local = undefined;
    for (const connection of this.#byId.values()) connection.destroy();
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async send(request: SipRequest, destination: TransportAddress): Promise<void> {
    this.#sentBy.remember(request.topVia);
    const bytes = serializeMessage(request);
    const limit = this.#options.maxUdpRequestBytes ?? defaultMaxUdpRequestBytes;
    if (destination.transport !== 'udp' || bytes.length <= limit) return this.#sendBytes(bytes, destination);
    // RFC 3261 §18.1.1: too big for UDP without fragmentation, so TCP, with the Via saying so
    // (on a copy: the caller's request, and any retransmission of it, stay as they were).
    const overTcp = request.clone();
    replaceTopVia(overTcp, { ...request.topVia, transport: 'TCP' });
    try {
      return await this.#sendBytes(serializeMessage(overTcp), { ...destination, transport: 'tcp' });
    } catch (error) {
      // §18.1.1 lets the element retry over UDP when the connection cannot be set up (the RFC names
      // ICMP Protocol Not Supported and a reset). We fall back on any failure to get a connection
      // (refused, unreachable, timed out, or closed before anything was written): the caller chose
      // UDP, the peer may speak nothing else, and a large datagram that may fragment still has a
      // chance where a failed send has none. Not after a write error on an open connection, where
      // part of the request may already be on its way; the transaction layer deals with that.
      if (!(error instanceof TransportError) || (error.code !== 'connect_failed' && error.code !== 'connection_closed')) throw error;
    }
    return this.#sendBytes(bytes, destination);
  }

  async sendResponse(response: SipResponse, source?: MessageSource): Promise<void> {
    const bytes = serializeMessage(response);
    // §18.2.2: on a reliable transport, the connection the request came on while it is open.
    if (source?.connectionId !== undefined) {
      const connection = this.#byId.get(source.connectionId);
      if (connection?.open) return connection.write(bytes);
    }
    const target = responseTarget(response.topVia) ?? source;
    if (!target) throw new TransportError('no_target', 'the response Via gives no address to send to');
    return this.#sendBytes(bytes, target);
  }

  async #sendBytes(bytes: Buffer, destination: TransportAddress): Promise<void> {
    const udp = this.#udp;
    if (!udp) throw new TransportError('closed', 'the transport is not listening');
    const address = hostAddress(destination.address);
    if (destination.transport === 'udp') {
      return new Promise((resolve, reject) => {
        udp.send(bytes, destination.port, address, (error) => {
          if (error) reject(new TransportError('send_failed', `UDP send to ${address}:${destination.port} failed`, { cause: error }));
          else resolve();
        });
      });
    }
    const connection = await this.#connection(address, destination.port);
    return connection.write(bytes);
  }

  /** The open connection to a remote address and port, or a new one (one per remote, reused). */
  #connection(address: string, port: number): Promise<TcpConnection> {
    const key = remoteKey(address, port);
    const existing = this.#byRemote.get(key);
    if (existing?.open) return Promise.resolve(existing);
    const pending = this.#connecting.get(key);
    if (pending) return pending;
    const opening = new Promise<TcpConnection>((resolve, reject) => {
      const socket = connect({ host: address, port, localAddress: this.#local?.host });
      const fail = (error: Error): void => {
        socket.destroy();
        reject(new TransportError('connect_failed', `cannot connect to ${address}:${port}`, { cause: error }));
      };
      socket.setTimeout(this.#options.connectTimeoutMs ?? 10_000, () => fail(new Error('connect timed out')));
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.off('error', fail);
        socket.setTimeout(0);
        // Closed while connecting: keep no connection the transport no longer tracks.
        if (!this.#udp) fail(new Error('the transport closed'));
        else resolve(this.#adopt(socket, 'client'));
      });
    }).finally(() => this.#connecting.delete(key));
    this.#connecting.set(key, opening);
    return opening;
  }

  #adopt(socket: Socket, role: 'server' | 'client'): TcpConnection {
    const connection = new TcpConnection(
      socket,
      { role, idleMs: this.#options.tcpIdleMs ?? 300_000, limits: this.#options.limits },
      {
        onEvents: (from, events) => this.#onStream(from, events),
        onClose: (closed) => {
          this.#byId.delete(closed.id);
          const key = remoteKey(closed.address, closed.port);
          if (this.#byRemote.get(key) === closed) this.#byRemote.delete(key);
        },
      },
    );
    this.#byId.set(connection.id, connection);
    this.#byRemote.set(remoteKey(connection.address, connection.port), connection);
    return connection;
  }

  #onDatagram(bytes: Buffer, remote: RemoteInfo): void {
    if (keepAliveOnly.test(bytes.toString('latin1'))) return; // RFC 5626 §3.5.1 keep-alive
    const source: MessageSource = { transport: 'udp', address: remote.address, port: remote.port };
    const parsed = parseMessage(bytes, { limits: this.#options.limits });
    if (parsed.ok) this.#deliver(parsed.message, source);
    else this.#answerMalformed(parsed.error, source).catch(() => undefined);
  }

  #onStream(connection: TcpConnection, events: FramerEvent[]): void {
    const source: MessageSource = { transport: 'tcp', address: connection.address, port: connection.port, connectionId: connection.id };
    for (const event of events) {
      if (event.kind === 'ping') {
        connection.write(Buffer.from('\r\n')).catch(() => undefined); // RFC 5626 §4.4.1 pong
      } else if (event.kind === 'message') {
        const parsed = parseMessage(event.bytes, { limits: this.#options.limits });
        if (parsed.ok) this.#deliver(parsed.message, source);
        else this.#answerMalformed(parsed.error, source).catch(() => undefined);
      } else if (event.kind === 'error') {
        // The stream cannot be framed any more (§18.3): answer if we can, then close.
        this.#answerMalformed(event.error, source)
          .catch(() => undefined)
          .finally(() => connection.end());
      }
    }
  }

  async #answerMalformed(error: SipParseError, source: MessageSource): Promise<void> {
    const reply = malformedReply(error);
    // The reply goes back where the bytes came from: the Via that would say otherwise may be
    // the broken part, and the source address is what rport would choose anyway (RFC 3581 §4).
    if (!reply) return;
    if (source.connectionId !== undefined) {
      const connection = this.#byId.get(source.connectionId);
      if (connection?.open) await connection.write(reply);
      return;
    }
    await this.#sendBytes(reply, source);
  }

  #deliver(message: SipMessage, source: MessageSource): void {
    try {
      if (message.kind === 'request') stampReceived(message, source);
      else if (!this.#sentBy.accepts(message.topVia)) {
        // RFC 3261 §18.1.2: a response whose top Via sent-by is not one of ours is silently discarded.
        this.#options.onDiscardedResponse?.({ reason: 'sent_by_mismatch', response: message, source });
        return;
      }
      this.#delegate?.onMessage(message, source);
    } catch (error) {
      // A delegate that throws must not take the socket down with it.
      if (this.#options.onDelegateError) this.#options.onDelegateError(error);
      else process.emitWarning(`SIP transport delegate threw: ${String(error)}`);
    }
  }
}

function remoteKey(address: string, port: number): string {
  return `${address}|${port}`;
}

const udpBufferBytes = 4 * 1024 * 1024;

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIpv6(host) ? 'udp6' : 'udp4' });
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners('error');
      // A burst of datagrams (a carrier's busy hour, retransmissions after a pause) must not overflow
      // the kernel's default ~200 KB queue while the event loop is busy: ask for 4 MB each way. The
      // kernel caps the request at net.core.rmem_max / wmem_max, which is fine.
      try {
        socket.setRecvBufferSize(udpBufferBytes);
        socket.setSendBufferSize(udpBufferBytes);
      } catch {
        // Not allowed here: the defaults still work, only with less room for bursts.
      }
      resolve(socket);
    });
  });
}

function listenTcp(host: string, port: number, onConnection: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(onConnection);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
