import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Debian's Kamailio as a minimal stateful, record-routing proxy in front of one destination: the
 * yardstick `npm run bench:sip` measures ringroute against. The configuration is
 * bench/kamailio/proxy.cfg.template, filled in and written to a temporary folder per run.
 */

const binary = '/usr/sbin/kamailio';
const template = fileURLToPath(new URL('../kamailio/proxy.cfg.template', import.meta.url));
/** Where Debian's package puts the modules (tm.so, rr.so, …). */
const moduleFolders = ['/usr/lib/x86_64-linux-gnu/kamailio/modules', '/usr/lib/aarch64-linux-gnu/kamailio/modules', '/usr/lib/kamailio/modules'];

export interface KamailioOptions {
  readonly host: string;
  readonly port: number;
  /** The one destination every new call is relayed to. */
  readonly destination: { readonly host: string; readonly port: number };
  /** UDP worker processes; 2 on a 2-core machine leaves the cores to them and the two sipps. */
  readonly children: number;
  /**
   * Shared memory in MB. tm keeps every transaction about 14 KB for its wait timer (5 s) after it
   * ends, so 3,000 calls/s (two transactions each) hold about 400 MB; 128 MB runs out near 1,000/s.
   */
  readonly sharedMemoryMb: number;
}

export class KamailioError extends Error {
  readonly code: 'kamailio_missing' | 'kamailio_config' | 'kamailio_not_ready';
  constructor(code: KamailioError['code'], message: string) {
    super(message);
    this.name = 'KamailioError';
    this.code = code;
  }
}

/** Whether Debian's `kamailio` package is installed. */
export function kamailioInstalled(): boolean {
  return existsSync(binary);
}

/** The package's version line, e.g. "kamailio 5.6.3 (x86_64/linux)". */
export function kamailioVersion(): string {
  const probe = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  const line = probe.stdout.split('\n').find((l) => l.startsWith('version:'));
  return line?.replace('version:', '').trim() ?? 'kamailio (unknown version)';
}

export class KamailioProxy {
  readonly #child: ChildProcess;
  readonly #folder: string;
  readonly #exited: Promise<void>;
  #log = '';

  private constructor(child: ChildProcess, folder: string) {
    this.#child = child;
    this.#folder = folder;
    child.stdout?.on('data', (chunk: Buffer) => this.#keepLog(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.#keepLog(chunk));
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Writes the configuration, checks it (`-c`), starts Kamailio in the foreground and waits until it answers. */
  static async start(options: KamailioOptions): Promise<KamailioProxy> {
    if (!kamailioInstalled()) throw new KamailioError('kamailio_missing', `${binary} not found: apt-get install -y kamailio`);
    const modules = moduleFolders.find((folder) => existsSync(join(folder, 'tm.so')));
    if (modules === undefined) throw new KamailioError('kamailio_missing', `no Kamailio module folder among ${moduleFolders.join(', ')}`);
    const folder = await mkdtemp(join(tmpdir(), 'ringroute-bench-kamailio-'));
    const config = join(folder, 'proxy.cfg');
    const values: Record<string, string> = {
      CHILDREN: String(options.children),
      HOST: options.host,
      PORT: String(options.port),
      MODULES: modules,
      UAS_HOST: options.destination.host,
      UAS_PORT: String(options.destination.port),
    };
    const text = (await readFile(template, 'utf8')).replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
    await writeFile(config, text);
    const check = spawnSync(binary, ['-c', '-f', config], { encoding: 'utf8' });
    if (check.status !== 0) {
      await rm(folder, { recursive: true, force: true });
      throw new KamailioError('kamailio_config', `kamailio -c rejected the bench configuration:\n${check.stderr}`);
    }
    // -DD: stay in the foreground (with its worker processes); -E: log to stderr, kept for errors.
    // -x tlsf: the TLSF allocator, Kamailio's recommended one for production, instead of the build's
    // default q_malloc with debugging. detached: its own process group, so stop() reaches the workers.
    const args = ['-f', config, '-DD', '-E', '-m', String(options.sharedMemoryMb), '-M', '8', '-x', 'tlsf', '-P', join(folder, 'kamailio.pid'), '-w', folder];
    const child = spawn(binary, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const proxy = new KamailioProxy(child, folder);
    try {
      await waitUntilAnswering(options.host, options.port, 5_000);
    } catch (error) {
      await proxy.stop();
      throw new KamailioError('kamailio_not_ready', `${error instanceof Error ? error.message : String(error)}\n${proxy.log}`);
    }
    return proxy;
  }

  /** The last part of what Kamailio logged (errors such as "out of mem" explain failed calls). */
  get log(): string {
    return this.#log;
  }

  async stop(): Promise<void> {
    const pid = this.#child.pid;
    if (pid !== undefined && this.#child.exitCode === null && this.#child.signalCode === null) {
      // The main process and its workers share the process group we started it in.
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timeout = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 3_000);
      await this.#exited;
      clearTimeout(timeout);
    }
    await rm(this.#folder, { recursive: true, force: true });
  }

  #keepLog(chunk: Buffer): void {
    this.#log = (this.#log + chunk.toString('utf8')).slice(-8_000);
  }
}

/**
 * Sends OPTIONS with Max-Forwards: 0 until an answer comes: the configuration answers it 483 itself
 * (RFC 3261 §16.3 step 3), so readiness does not depend on the destination.
 */
async function waitUntilAnswering(host: string, port: number, timeoutMs: number): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  const local = socket.address();
  try {
    const answered = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    let attempt = 0;
    while (Date.now() < deadline) {
      attempt++;
      const probe = [
        `OPTIONS sip:probe@${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${host}:${local.port};branch=z9hG4bKbenchprobe${attempt}`,
        'Max-Forwards: 0',
        `From: <sip:bench@${host}>;tag=probe`,
        `To: <sip:probe@${host}>`,
        `Call-ID: bench-probe-${local.port}-${attempt}`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(probe, port, host);
      const ready = await Promise.race([answered.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100))]);
      if (ready) return;
    }
    throw new Error(`Kamailio did not answer on udp ${host}:${port} within ${timeoutMs} ms`);
  } finally {
    socket.close();
  }
}
