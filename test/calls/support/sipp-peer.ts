import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../sip/interop/support/free-port.ts';
import { waitForListener } from '../../sip/interop/support/port-wait.ts';
import { SippProcess, type SippRun } from '../../sip/interop/support/sipp-process.ts';

/*
 * sipp peers for the call tests: a UAS that plays a destination (or the phone network behind a
 * trunk) and a UAC that plays the trunk calling in, each with one of the scenarios in ../scenarios.
 * Every peer gets its own folder for sipp's error log (-trace_err) and <log> lines (-trace_logs), so
 * a failed call explains itself in the test's message.
 */

const scenarioFolder = fileURLToPath(new URL('../scenarios/', import.meta.url));
const host = '127.0.0.1';

/** Scenarios that answer calls. */
export type UasScenario =
  | 'answer'
  | 'answer-then-bye'
  | 'busy'
  | 'decline'
  | 'ring-until-cancel'
  | 'ring-until-cancel-elsewhere'
  | 'caller-id-check'
  | 'caller-id-anonymous'
  | 'caller-presented-check'
  | 'range-presented-check'
  | 'outside-check'
  | 'private-number-check'
  | 'emergency-check'
  | 'reinvite-uas'
  | 'reject-503'
  | 'early-media-answer'
  | 'ring-late-until-cancel'
  | 'two-provisionals'
  | 'update-uas'
  | 'callee-reinvites'
  | 'answer-unannounced'
  | 'trunk-challenges';

/** Scenarios that place calls. */
export type UacScenario =
  | 'call'
  | 'call-expect-status'
  | 'call-or-503'
  | 'caller-cancels'
  | 'callee-hangs-up'
  | 'reinvite-uac'
  | 'outbound-leg'
  | 'call-one-provisional'
  | 'update-uac'
  | 'callee-reinvite-uac'
  | 'register'
  | 'register-contact'
  | 'device-call';

/** The transport a sipp peer talks: UDP (sipp -t u1) or TCP, one connection (sipp -t t1). */
export type PeerTransport = 'udp' | 'tcp';

const sippTransportFlag = (transport: PeerTransport): string => (transport === 'udp' ? 'u1' : 't1');

export function scenarioPath(name: UasScenario | UacScenario): string {
  return join(scenarioFolder, `${name}.xml`);
}

/** How a sipp peer ended, with what it logged. */
export interface PeerRun extends SippRun {
  /** Lines of its error log (unexpected messages, failed checks, timeouts); empty when all went well. */
  readonly errors: string;
  /** Lines written by the scenario's <log> actions, e.g. "outcome 503 retry-after 1". */
  readonly logs: readonly string[];
}

/** The same run, summed up for an assertion message. */
export function explain(run: PeerRun): string {
  const screen = run.output.slice(-1_500);
  return `sipp exit ${String(run.exitCode)} (signal ${String(run.signal)}), stats ${JSON.stringify(run.stats)}\nerrors:\n${run.errors.slice(0, 3_000)}\nscreen:\n${screen}`;
}

/** A folder for one peer's logs, removed once they are read. */
class PeerFiles {
  private constructor(readonly folder: string) {}

  static async create(): Promise<PeerFiles> {
    return new PeerFiles(await mkdtemp(join(tmpdir(), 'ringroute-calls-sipp-')));
  }

  get args(): string[] {
    return ['-trace_err', '-error_file', join(this.folder, 'errors.log'), '-trace_logs', '-log_file', join(this.folder, 'logs.log')];
  }

  async collect(run: SippRun): Promise<PeerRun> {
    const read = (name: string): Promise<string> => readFile(join(this.folder, name), 'utf8').catch(() => '');
    const errors = await read('errors.log');
    const logs = (await read('logs.log'))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    await rm(this.folder, { recursive: true, force: true });
    return { ...run, errors: errors.replace(/^The following events occurred:\s*/gm, ''), logs };
  }
}

export interface UasOptions {
  /** The calls it takes before it exits on its own (sipp -m). Default 1. */
  readonly calls?: number;
  /** The scenario's <pause/>: ring time before answering, talk time before hanging up (sipp -d). */
  readonly pauseMs?: number;
  /** It gives up (and fails) after this long (sipp -timeout). Default 20 s. */
  readonly timeoutSeconds?: number;
  /** Default UDP. */
  readonly transport?: PeerTransport;
  /** `-key name value` pairs the scenario reads as [name], e.g. early_session for early-media-answer. */
  readonly keys?: Readonly<Record<string, string>>;
}

/** A sipp UAS listening on 127.0.0.1:port (UDP, or TCP when asked). */
export class SippUas {
  #result: Promise<PeerRun> | undefined;

  private constructor(
    readonly scenario: UasScenario,
    readonly port: number,
    readonly transport: PeerTransport,
    readonly process: SippProcess,
    readonly files: PeerFiles,
  ) {}

  /**
   * Starts it on a free port. A port found free can be taken by another test file's process before
   * sipp binds it ("Address already in use"): then it is tried again on another port, up to 3 times.
   */
  static async start(scenario: UasScenario, options: UasOptions = {}): Promise<SippUas> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await SippUas.#startOnce(scenario, options);
      } catch (error) {
        const lostRace = error instanceof Error && /Address already in use|errno = 98/.test(error.message);
        if (!lostRace || attempt >= 3) throw error;
      }
    }
  }

  static async #startOnce(scenario: UasScenario, options: UasOptions): Promise<SippUas> {
    const port = await freePort(host);
    const mediaPort = await freePort(host);
    const files = await PeerFiles.create();
    const timeoutSeconds = options.timeoutSeconds ?? 20;
    const transport = options.transport ?? 'udp';
    const args = [
      '-sf', scenarioPath(scenario),
      '-t', sippTransportFlag(transport),
      '-i', host,
      '-p', String(port),
      '-mp', String(mediaPort),
      '-m', String(options.calls ?? 1),
      '-d', String(options.pauseMs ?? 0),
      '-timeout', `${timeoutSeconds}s`,
      '-timeout_error',
      ...Object.entries(options.keys ?? {}).flatMap(([name, value]) => ['-key', name, value]),
      ...files.args,
    ];
    const process = await SippProcess.start({ args, killAfterMs: (timeoutSeconds + 5) * 1_000 });
    const uas = new SippUas(scenario, port, transport, process, files);
    try {
      await waitForListener(transport, host, port);
    } catch (error) {
      const run = await uas.stop();
      throw new Error(`sipp uas ${scenario} did not start: ${explain(run)}`, { cause: error });
    }
    return uas;
  }

  /** A SIP URI that reaches it directly: a destination of kind "sip" (with `;transport=tcp` over TCP, RFC 3261 §19.1.1). */
  uri(user = 'desk'): string {
    return `sip:${user}@${host}:${this.port}${this.transport === 'tcp' ? ';transport=tcp' : ''}`;
  }

  get running(): boolean {
    return this.process.running;
  }

  /** Waits until it exits on its own (all its calls done, or its timeout), then reads its logs. */
  finished(): Promise<PeerRun> {
    this.#result ??= this.process.done.then(() => this.#collect());
    return this.#result;
  }

  /** Kills it if it still runs; returns how it ended. Safe to call more than once, and after `finished()`. */
  async stop(): Promise<PeerRun> {
    // Kill first: a `finished()` already waiting would otherwise wait out the peer's whole timeout.
    await this.process.stop();
    this.#result ??= this.#collect();
    return this.#result;
  }

  async #collect(): Promise<PeerRun> {
    return this.files.collect(await this.process.stop());
  }
}

export interface UacOptions {
  /** Where to call: ringroute's SIP port, or a sipp UAS for checking a scenario pair. */
  readonly port: number;
  /** The Request-URI user: the dialled number (sipp -s). */
  readonly service: string;
  /** The From name-addr without its tag. Default: a Dutch caller as a carrier writes it nationally. */
  readonly from?: string;
  /** Calls to place (-m) and how many a second (-r). Default 1 at 10/s. */
  readonly calls?: number;
  readonly rate?: number;
  /** The scenario's <pause/>: talk time before BYE, ring time before CANCEL (sipp -d). */
  readonly pauseMs?: number;
  /** The address it sends from (-i); 127.0.0.2 is a stranger no trunk covers. */
  readonly localIp?: string;
  /** Any other `-key name value` pairs, e.g. identity_header for outbound-leg. */
  readonly keys?: Readonly<Record<string, string>>;
  readonly timeoutSeconds?: number;
  /** Default UDP; over TCP sipp keeps one connection to ringroute for all its messages. */
  readonly transport?: PeerTransport;
  /**
   * Digest credentials for `[authentication]` (sipp -au, -ap). `uri`: the digest `uri` (sipp -auth_uri);
   * sipp's default is remote_ip:remote_port, which is the Request-URI of a REGISTER but not of an INVITE.
   */
  readonly auth?: { readonly username: string; readonly password: string; readonly uri?: string };
}

const defaultCaller = `<sip:0201112222@${host}>`;

/** Runs a sipp UAC scenario to its end and returns how it went. */
export async function runUac(scenario: UacScenario, options: UacOptions): Promise<PeerRun> {
  // As for a UAS: the free port it was given may be taken before sipp binds it; then try another.
  for (let attempt = 1; ; attempt++) {
    const run = await runUacOnce(scenario, options);
    const lostRace = run.exitCode !== 0 && /Unable to bind main socket|errno = 98/.test(explain(run));
    if (!lostRace || attempt >= 3) return run;
  }
}

async function runUacOnce(scenario: UacScenario, options: UacOptions): Promise<PeerRun> {
  const localIp = options.localIp ?? host;
  const files = await PeerFiles.create();
  const timeoutSeconds = options.timeoutSeconds ?? 20;
  const keys: Record<string, string> = {
    caller_from: options.from ?? defaultCaller,
    cancel_reason: 'Q.850;cause=16;text="Normal call clearing"',
    ...options.keys,
  };
  const args = [
    `${host}:${options.port}`,
    '-sf', scenarioPath(scenario),
    '-t', sippTransportFlag(options.transport ?? 'udp'),
    '-i', localIp,
    '-p', String(await freePort(localIp)),
    '-mp', String(await freePort(localIp)),
    '-s', options.service,
    '-m', String(options.calls ?? 1),
    '-r', String(options.rate ?? 10),
    '-d', String(options.pauseMs ?? 0),
    '-timeout', `${timeoutSeconds}s`,
    '-timeout_error',
    ...Object.entries(keys).flatMap(([name, value]) => ['-key', name, value]),
    ...(options.auth ? ['-au', options.auth.username, '-ap', options.auth.password] : []),
    ...(options.auth?.uri ? ['-auth_uri', options.auth.uri] : []),
    ...files.args,
  ];
  const sipp = await SippProcess.start({ args, killAfterMs: (timeoutSeconds + 5) * 1_000 });
  await sipp.done;
  return files.collect(await sipp.stop());
}

/**
 * After the caller's sipp has ended: gives each UAS `graceMs` to end on its own (its last CANCEL, BYE
 * or ACK may still be on the way), then stops the ones still waiting, so a call ringroute never
 * placed costs a test seconds, not the UAS's whole timeout.
 */
export async function settle<const Peers extends readonly SippUas[]>(peers: Peers, graceMs = 3_000): Promise<{ -readonly [K in keyof Peers]: PeerRun }> {
  const deadline = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), graceMs).unref());
  const runs = await Promise.all(peers.map(async (peer) => (await Promise.race([peer.finished(), deadline])) ?? peer.stop()));
  // Promise.all keeps the order and the length, so the tuple type holds.
  return runs as { -readonly [K in keyof Peers]: PeerRun };
}

/** The UASes a test file started, so afterEach can stop whatever a failed test left running. */
export class UasPool {
  readonly #started: SippUas[] = [];

  async start(scenario: UasScenario, options?: UasOptions): Promise<SippUas> {
    const uas = await SippUas.start(scenario, options);
    this.#started.push(uas);
    return uas;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.#started.splice(0).map((uas) => uas.stop()));
  }
}
