import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Runs the real `bin/ringroute.mjs` as a child process, the way `npm start` does, with settings given only
 * through the environment. Every child started here is remembered so `killAll()` (in afterEach) can make
 * sure none outlives its test.
 */

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entryPoint = join(repositoryRoot, 'bin', 'ringroute.mjs');

/** The settings the command line reads; removed from the inherited environment so only the test's own apply. */
const settingNames = ['HTTP_ADDR', 'SIP_ADDR', 'DATA_DIR', 'DATABASE_URL', 'LOG_LEVEL', 'RINGROUTE_BOOTSTRAP_TOKEN', 'RINGROUTE_COUNTRY', 'RINGROUTE_ORG_NAME'];

const running = new Set<ChildProcess>();

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface CliRun extends Exit {
  readonly stdout: string;
  readonly stderr: string;
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  /** The UDP and TCP port SIP listens on, from the "SIP listening on" line; null when SIP is off. */
  readonly sipPort: number | null;
  readonly child: ChildProcess;
  /** Resolves when the process has exited (with whatever it printed by then). */
  readonly exited: Promise<CliRun>;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<CliRun>;
}

export function childEnv(settings: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of settingNames) delete env[name];
  delete env['NODE_OPTIONS'];
  return { ...env, LOG_LEVEL: 'warn', ...settings };
}

function launch(args: readonly string[], settings: Readonly<Record<string, string>>): { child: ChildProcess; exited: Promise<CliRun>; out: () => string; err: () => string } {
  const child = spawn(process.execPath, [entryPoint, ...args], { cwd: repositoryRoot, env: childEnv(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    // 'close' rather than 'exit': by then both pipes are drained, so the output is complete.
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** Runs one command to completion. */
export function runCli(args: readonly string[], settings: Readonly<Record<string, string>>): Promise<CliRun> {
  return launch(args, settings).exited;
}

const listening = /ringroute listening on (http:\/\/127\.0\.0\.1:(\d+))/;
/** serve prints this before the HTTP line, so it is already there once `listening` matched. */
const sipListening = /SIP listening on udp\+tcp 127\.0\.0\.1:(\d+)/;

/** Starts `ringroute serve` on a free port (HTTP_ADDR 127.0.0.1:0) and waits for the line with its URL. */
export async function startServer(settings: Readonly<Record<string, string>>): Promise<ServerProcess> {
  const { child, exited, out, err } = launch(['serve'], { HTTP_ADDR: '127.0.0.1:0', SIP_ADDR: '127.0.0.1:0', ...settings });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const check = () => {
      const found = listening.exec(out());
      if (found) {
        child.stdout?.off('data', check);
        resolve(found);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((run) => reject(new Error(`ringroute serve exited (code ${run.code}) before listening:\n${run.stdout}\n${run.stderr}`)));
  });
  const sip = sipListening.exec(out());
  return {
    url: match[1]!,
    port: Number(match[2]),
    sipPort: sip ? Number(sip[1]) : null,
    child,
    exited,
    stdout: out,
    stderr: err,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills (SIGKILL) every child still running and waits for them to go. For afterEach. */
export async function killAll(): Promise<void> {
  const waits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}

/** A fresh DATA_DIR; `remove()` deletes it. */
export function temporaryDataDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'ringroute-cli-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

const tokenLine = /Admin token \(shown once, store it now\): (rr_\S+)/;

/** The admin token a first start printed, or null. */
export function printedToken(stdout: string): string | null {
  return tokenLine.exec(stdout)?.[1] ?? null;
}

/** A JSON request to the API with a bearer token. */
export async function api(server: { url: string }, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}
