import { existsSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { api, killAll, printedToken, runCli, startServer, temporaryDataDir, type ServerProcess } from './support/ringroute-process.ts';

const dirs: Array<{ remove(): void }> = [];
function dataDir(): string {
  const dir = temporaryDataDir();
  dirs.push(dir);
  return dir.path;
}

afterEach(async () => {
  await killAll();
  for (const dir of dirs.splice(0)) dir.remove();
});

describe('ringroute serve', () => {
  it('refuses a bad setting with exit code 2 and one line on stderr that names it', async () => {
    const run = await runCli(['serve'], { HTTP_ADDR: 'nope', DATA_DIR: dataDir() });
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('HTTP_ADDR');
    expect(run.stderr.endsWith('\n')).toBe(true);
  });

  it('prints an admin token on first start only, and keeps its data across restarts', async () => {
    const dir = dataDir();
    const first = await startServer({ DATA_DIR: dir });
    const token = printedToken(first.stdout());
    expect(token).toMatch(/^rr_/);

    const organization = await api(first, token!, 'GET', '/v1/organization');
    expect(organization.status).toBe(200);
    expect(organization.body).toMatchObject({ name: 'My organization', country: 'US' });
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'sqlite' });

    const created = await api(first, token!, 'POST', '/v1/numbers', { phoneNumber: '+31 20 123 4567' });
    expect(created.status).toBe(201);
    const numberId = (created.body as { id: string }).id;
    expect((await first.stop()).code).toBe(0);

    const second = await startServer({ DATA_DIR: dir });
    expect(second.stdout()).not.toContain('Admin token');
    expect(second.stdout()).not.toMatch(/rr_\w/);
    expect(second.stdout()).toContain('1 numbers routed');
    const again = await api(second, token!, 'GET', `/v1/numbers/${numberId}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: numberId, phoneNumber: '+31201234567' });
    expect((await second.stop()).code).toBe(0);
  });

  it('uses RINGROUTE_BOOTSTRAP_TOKEN as the first admin token without printing it', async () => {
    const secret = 'rr_test_bootstrap_0123456789abcdef';
    const server = await startServer({ DATA_DIR: dataDir(), RINGROUTE_BOOTSTRAP_TOKEN: secret, RINGROUTE_ORG_NAME: 'Acme BV', RINGROUTE_COUNTRY: 'NL' });
    expect(server.stdout()).not.toContain(secret);
    expect(printedToken(server.stdout())).toBeNull();

    const organization = await api(server, secret, 'GET', '/v1/organization');
    expect(organization.status).toBe(200);
    expect(organization.body).toMatchObject({ name: 'Acme BV', country: 'NL' });
    // Any other secret is refused, so it is really this token that let us in.
    expect((await api(server, `${secret}x`, 'GET', '/v1/organization')).status).toBe(401);

    const run = await server.stop();
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('on SIGTERM finishes the request in flight, refuses new ones, checkpoints SQLite and exits 0', async () => {
    const dir = dataDir();
    const server = await startServer({ DATA_DIR: dir });
    const token = printedToken(server.stdout())!;
    // First start wrote the organization and token: while running, those commits sit in the WAL.
    const wal = join(dir, 'ringroute.db-wal');
    expect(statSync(wal).size).toBeGreaterThan(0);

    const inFlight = await sendHalfThenStop(server, token, 'close');
    // A new connection while the old request is still open: it must not be served.
    const late = await fetch(`${server.url}/v1/organization`, { headers: { authorization: `Bearer ${token}` } }).then(
      (r) => r.status,
      (error: unknown) => String((error as { cause?: { code?: unknown } }).cause?.code ?? error),
    );
    expect([503, 'ECONNREFUSED']).toContain(late);

    const reply = await inFlight.finish();
    expect(reply.status).toBe(201);
    expect(JSON.parse(reply.body)).toMatchObject({ phoneNumber: '+31201234567', label: 'Sales' });

    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('ringroute stopped');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);

    const restarted = await startServer({ DATA_DIR: dir });
    const list = await api(restarted, token, 'GET', '/v1/numbers');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ phoneNumber: '+31201234567', label: 'Sales' }] });
    expect((await restarted.stop()).code).toBe(0);
  });

  /*
   * A request already routed when SIGTERM comes must be answered with `Connection: close`; otherwise the
   * keep-alive connection holds the shutdown open until its 72 s timeout and the 15 s guard exits with 1.
   */
  it('on SIGTERM tells a keep-alive client in flight that the connection closes, then exits 0', async () => {
    const server = await startServer({ DATA_DIR: dataDir() });
    const token = printedToken(server.stdout())!;

    const inFlight = await sendHalfThenStop(server, token, 'keep-alive');
    const reply = await inFlight.finish();
    expect(reply.status).toBe(201);
    expect(reply.headers['connection']).toBe('close');
    expect((await server.exited).code).toBe(0);
  });
});

interface InFlight {
  /** Sends the rest of the body and reads the response. */
  finish(): Promise<HttpReply>;
}

/**
 * Opens a raw connection, sends a POST /v1/numbers with only half its body, then SIGTERMs the server and
 * waits until it has begun stopping (plus 300 ms), leaving the request in flight.
 */
async function sendHalfThenStop(server: ServerProcess, token: string, connection: 'close' | 'keep-alive'): Promise<InFlight> {
  const body = JSON.stringify({ phoneNumber: '+31 20 123 4567', label: 'Sales' });
  const half = Math.floor(body.length / 2);
  const socket = await openSocket(server.port);
  const response = readResponse(socket);
  // Without this a rejection before finish() is awaited would be reported as unhandled.
  response.catch(() => {});
  socket.write(
    [
      'POST /v1/numbers HTTP/1.1',
      `Host: 127.0.0.1:${server.port}`,
      `Authorization: Bearer ${token}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `Connection: ${connection}`,
      '',
      '',
    ].join('\r\n') + body.slice(0, half),
  );
  // Let the server parse the headers and route the request before it is told to stop.
  await sleep(100);
  server.child.kill('SIGTERM');
  await waitFor(() => server.stdout().includes('SIGTERM'));
  await sleep(300);
  return {
    async finish() {
      socket.write(body.slice(half));
      try {
        return await response;
      } finally {
        socket.destroy();
      }
    },
  };
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Reads one HTTP/1.1 response with a Content-Length body from a raw socket. */
interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function readResponse(socket: Socket): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < end + 4 + length) return;
      socket.off('data', onData);
      resolve({ status, headers, body: buffer.subarray(end + 4, end + 4 + length).toString('utf8') });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connection closed before a full response: ${buffer.toString('utf8')}`)));
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(10);
}
