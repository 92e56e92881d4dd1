import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSippStats, type SippStats } from './sipp-stats.ts';

/** How one sipp run ended. sipp exits 0 when every call succeeded, 1 when at least one failed. */
export interface SippRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Totals from `-trace_stat`; undefined if sipp died before writing them. */
  readonly stats: SippStats | undefined;
  /** sipp's stdout and stderr (its final screen and errors), for failure messages. */
  readonly output: string;
}

export interface SippOptions {
  /** sipp's own arguments, without the statistics ones (added here). */
  readonly args: readonly string[];
  /** Killed (SIGKILL) when still running after this long. */
  readonly killAfterMs: number;
}

/** Whether a `sipp` binary is on the PATH (Debian package `sip-tester`). */
export function sippInstalled(): boolean {
  const probe = spawnSync('sipp', ['-v'], { stdio: 'ignore' });
  return probe.error === undefined;
}

/**
 * A running sipp. `done` settles when it exits (never rejects); `stop()` kills it if it still
 * runs and waits for the exit. Always call `stop()` in a finally or afterEach.
 */
export class SippProcess {
  readonly done: Promise<SippRun>;
  readonly #child: ChildProcess;
  readonly #directory: string;
  #exited = false;

  private constructor(child: ChildProcess, directory: string, statsFile: string, killAfterMs: number) {
    this.#child = child;
    this.#directory = directory;
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    this.done = new Promise<SippRun>((resolve) => {
      const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
        this.#exited = true;
        clearTimeout(killer);
        readFile(statsFile, 'utf8')
          .then(parseSippStats, () => undefined)
          .then((stats) => resolve({ exitCode, signal, stats, output }));
      };
      child.once('exit', finish);
      child.once('error', (error) => {
        output += String(error);
        finish(null, null);
      });
    });
  }

  static async start(options: SippOptions): Promise<SippProcess> {
    const directory = await mkdtemp(join(tmpdir(), 'ringroute-sipp-'));
    const statsFile = join(directory, 'stats.csv');
    // -nostdin: no keyboard control (we have no terminal); sipp runs in `directory` so any other
    // file it writes lands there and is removed with it.
    const args = [...options.args, '-nostdin', '-trace_stat', '-stf', statsFile];
    const child = spawn('sipp', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
    return new SippProcess(child, directory, statsFile, options.killAfterMs);
  }

  get running(): boolean {
    return !this.#exited;
  }

  async stop(): Promise<SippRun> {
    if (!this.#exited) this.#child.kill('SIGKILL');
    const run = await this.done;
    await rm(this.#directory, { recursive: true, force: true });
    return run;
  }
}

/** Runs sipp to its end (or the kill deadline) and returns how it ended. */
export async function runSipp(options: SippOptions): Promise<SippRun> {
  const sipp = await SippProcess.start(options);
  try {
    await sipp.done;
  } finally {
    await sipp.stop();
  }
  return sipp.done;
}
