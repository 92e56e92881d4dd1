import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

/**
 * Waits until something listens on `port` (a peer we started, such as sipp in UAS mode): for TCP
 * until a connection is accepted, for UDP until the port can no longer be bound. Throws after
 * `timeoutMs`.
 */
export async function waitForListener(transport: 'udp' | 'tcp', host: string, port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await (transport === 'tcp' ? tcpAccepts(host, port) : udpTaken(host, port))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${transport} ${host}:${port} after ${timeoutMs} ms`);
}

function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function udpTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(true));
    socket.bind(port, host, () => socket.close(() => resolve(false)));
  });
}
