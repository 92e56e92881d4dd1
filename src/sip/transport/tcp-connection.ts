import type { Socket } from 'node:net';
import type { SipLimits } from '../message/sip-limits.ts';
import { StreamFramer, type FramerEvent } from '../stream-framer.ts';
import type { ConnectionId } from './transport-address.ts';
import { TransportError } from './transport-error.ts';

export interface TcpConnectionEvents {
  onEvents(connection: TcpConnection, events: FramerEvent[]): void;
  onClose(connection: TcpConnection): void;
}

let nextId = 0;

/**
 * One TCP connection carrying SIP (RFC 3261 §18.3): bytes in go through a `StreamFramer` (any read
 * boundaries, pipelined messages); bytes out are written in order. It closes itself after
 * `idleMs` with no traffic either way (§18: connections may be closed when idle; the transaction
 * layer reopens one when it needs to, §18.2.2).
 */
export class TcpConnection {
  readonly id: ConnectionId = `tcp-${++nextId}` as ConnectionId;
  readonly address: string;
  readonly port: number;
  readonly #socket: Socket;
  readonly #framer: StreamFramer;
  #open = true;

  constructor(socket: Socket, options: { role: 'server' | 'client'; idleMs: number; limits?: Partial<SipLimits> }, events: TcpConnectionEvents) {
    this.#socket = socket;
    this.address = socket.remoteAddress ?? '';
    this.port = socket.remotePort ?? 0;
    this.#framer = new StreamFramer({ role: options.role, limits: options.limits });
    socket.setNoDelay(true);
    socket.setTimeout(options.idleMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      const framed = this.#framer.push(chunk);
      if (framed.length > 0) events.onEvents(this, framed);
    });
    // A connection's errors end the connection and nothing else; writes in flight reject.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.#open = false;
      events.onClose(this);
    });
  }

  get open(): boolean {
    return this.#open && !this.#socket.destroyed;
  }

  write(bytes: Buffer): Promise<void> {
    if (!this.open) return Promise.reject(new TransportError('connection_closed', `connection ${this.id} is closed`));
    return new Promise((resolve, reject) => {
      this.#socket.write(bytes, (error) => {
        if (error) reject(new TransportError('send_failed', `write to ${this.address}:${this.port} failed`, { cause: error }));
        else resolve();
      });
    });
  }

  /** Writes what is queued, then closes. */
  end(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }
}
