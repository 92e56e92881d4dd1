import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster for one test run. */
export interface PostgresServer {
  /** Superuser URL of the `postgres` database; tests create their own databases beside it. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The bin directory of the newest PostgreSQL installed the Debian way, or null when there is none. */
export function findPostgresBinaries(root = '/usr/lib/postgresql'): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
}

/**
 * Creates a cluster in a temporary directory and starts it on a free localhost port. Durability is
 * switched off (fsync, synchronous_commit, full_page_writes): the data dies with the run anyway.
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
 */
export async function startPostgresServer(bin: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ringroute-pg-'));
  const dataDir = join(dir, 'data');
  const asOwner = await clusterOwner(dir);
  try {
    await run(...asOwner(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']));
    const port = await startOnFreePort(bin, dir, dataDir, asOwner);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        try {
          await run(...asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const log = join(dir, 'postgres.log');
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-10).join('\n') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL from ${bin}${tail ? `:\n${tail}` : ''}`, { cause: error });
  }
}

type CommandLine = [file: string, args: string[]];

/** How to run a PostgreSQL program: directly, or as root through `runuser -u postgres`. */
async function clusterOwner(dir: string): Promise<(file: string, args: string[]) => CommandLine> {
  if (process.getuid?.() !== 0) return (file, args) => [file, args];
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  chownSync(dir, uid, gid);
  return (file, args) => ['runuser', ['-u', 'postgres', '--', file, ...args]];
}

/** Another process may take the port between our probe and the server's bind; then try another. */
async function startOnFreePort(
  bin: string,
  dir: string,
  dataDir: string,
  asOwner: (file: string, args: string[]) => CommandLine,
): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    try {
      await run(...asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-o', options, '-w', '-t', '30', 'start']));
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
