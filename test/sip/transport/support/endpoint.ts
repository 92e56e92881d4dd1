import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { SipTransport, type SipTransportOptions } from '../../../../src/sip/index.ts';
import { MessageQueue } from './message-queue.ts';

export const loopback = '127.0.0.1';

/** Closers for what a test opened; the test file runs them after each test. */
export type Cleanups = (() => Promise<void> | void)[];

/** A listening transport on loopback whose incoming messages go to a queue. */
export async function endpoint(
  cleanups: Cleanups,
  options: SipTransportOptions = {},
): Promise<{ transport: SipTransport; queue: MessageQueue; port: number }> {
  const transport = new SipTransport({ onDelegateError: (error) => { throw error; }, ...options });
  const queue = new MessageQueue();
  transport.attach(queue);
  const { port } = await transport.listen({ host: loopback, port: 0 });
  cleanups.push(() => transport.close());
  return { transport, queue, port };
}

/** A bare UDP socket on loopback (nothing listens on TCP at its port) and the datagrams it gets. */
export async function udpOnlyPeer(cleanups: Cleanups): Promise<{ socket: UdpSocket; port: number; next: () => Promise<Buffer> }> {
  const socket = createSocket('udp4');
  const inbox: Buffer[] = [];
  const waiting: ((bytes: Buffer) => void)[] = [];
  socket.on('message', (bytes) => {
    const waiter = waiting.shift();
    if (waiter) waiter(bytes);
    else inbox.push(bytes);
  });
  await new Promise<void>((resolve) => socket.bind(0, loopback, resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const next = (): Promise<Buffer> => {
    const queued = inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no datagram arrived')), 2000);
      waiting.push((bytes) => {
        clearTimeout(timer);
        resolve(bytes);
      });
    });
  };
  return { socket, port: socket.address().port, next };
}
