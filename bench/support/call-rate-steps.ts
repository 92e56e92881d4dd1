import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/sip/interop/support/free-port.ts';
import { waitForListener } from '../../test/sip/interop/support/port-wait.ts';
import { runSipp, SippProcess } from '../../test/sip/interop/support/sipp-process.ts';

/*
 * Call setups per second with sipp, the way `npm run bench:sip` measures both ringroute and
 * Kamailio: sipp's caller (bench/support/sipp-scenarios/uac-call.xml) places calls at a fixed rate
 * through the element under test to sipp's answering destination (uas-answer.xml), step after step
 * at rising rates, until a step fails a call or falls behind its rate.
 */

const scenarios = fileURLToPath(new URL('./sipp-scenarios/', import.meta.url));
export const uacScenario = join(scenarios, 'uac-call.xml');
export const uasScenario = join(scenarios, 'uas-answer.xml');

export interface Address {
  readonly host: string;
  readonly port: number;
}

/** One rate step: what sipp's caller saw. */
export interface RateStep {
  readonly targetRate: number;
  readonly calls: number;
  readonly successful: number;
  readonly failed: number;
  /** Requests and responses sipp had to send again (a sign of loss or a slow peer; not a failure). */
  readonly retransmissions: number;
  /** Successful calls over the wall time of the sipp run, start-up and the last call's BYE included. */
  readonly achievedRate: number;
  readonly exitCode: number | null;
  /** Zero failed calls, sipp exit 0, and at least `minimumShare` of the target rate achieved. */
  readonly passed: boolean;
  /** Why the step did not pass, in a few words. */
  readonly reason: string | null;
  /**
   * UDP datagrams the kernel dropped for a full receive buffer during the step, machine-wide (Linux
   * /proc/net/snmp RcvbufErrors; null elsewhere). Loss here means some socket — the element's or a
   * sipp's — was not read fast enough, e.g. through a garbage-collection pause.
   */
  readonly udpDrops: number | null;
  /** The first event of sipp's error log (an unexpected answer, a timeout), shortened; '' when none. */
  readonly firstError: string;
}

export interface StepOptions {
  /** The element under test: where sipp sends every request. */
  readonly target: Address;
  /** The user part of the Request-URI (the dialled number). */
  readonly service: string;
  readonly rate: number;
  readonly seconds: number;
  /** Fraction of the target rate a step must achieve to pass. */
  readonly minimumShare: number;
}

/** Runs one step: rate × seconds calls at `rate` calls per second. */
export async function runRateStep(options: StepOptions): Promise<RateStep> {
  const { target, rate, seconds } = options;
  const calls = Math.round(rate * seconds);
  const folder = await mkdtemp(join(tmpdir(), 'ringroute-bench-uac-'));
  const errorFile = join(folder, 'errors.log');
  // A stuck call fails after 5 s without an answer (-recv_timeout) rather than holding the step; -l
  // caps calls in progress at one second's worth, so a peer that answers slower than that shows as
  // a rate sipp could not keep, not as a growing pile of calls.
  const args = [
    `${target.host}:${target.port}`,
    '-sf',
    uacScenario,
    '-s',
    options.service,
    '-i',
    target.host,
    '-p',
    String(await freePort(target.host)),
    '-r',
    String(rate),
    '-m',
    String(calls),
    '-l',
    String(Math.max(rate, 100)),
    '-d',
    '0',
    '-recv_timeout',
    '5000',
    '-timeout',
    `${Math.ceil(seconds) + 30}s`,
    '-trace_err',
    '-error_file',
    errorFile,
  ];
  const dropsBefore = await udpReceiveBufferErrors();
  const started = process.hrtime.bigint();
  const run = await runSipp({ args, killAfterMs: (seconds + 40) * 1_000 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const dropsAfter = await udpReceiveBufferErrors();
  const firstError = await readFile(errorFile, 'utf8').then(firstEvent, () => '');
  await rm(folder, { recursive: true, force: true });

  const successful = run.stats?.successfulCalls ?? 0;
  const failed = run.stats?.failedCalls ?? calls - successful;
  const achievedRate = successful / wallSeconds;
  let reason: string | null = null;
  if (run.stats === undefined) reason = `sipp wrote no statistics (exit ${String(run.exitCode)}, signal ${String(run.signal)}): ${run.output.slice(-300)}`;
  else if (failed > 0 || successful < calls) reason = `${failed} failed calls`;
  else if (run.exitCode !== 0) reason = `sipp exit ${String(run.exitCode)}`;
  else if (achievedRate < options.minimumShare * rate) reason = `achieved ${achievedRate.toFixed(0)}/s, under ${Math.round(options.minimumShare * 100)} % of ${rate}/s`;
  return {
    targetRate: rate,
    calls,
    successful,
    failed,
    retransmissions: run.stats?.retransmissions ?? 0,
    achievedRate,
    exitCode: run.exitCode,
    passed: reason === null,
    reason,
    udpDrops: dropsBefore === null || dropsAfter === null ? null : dropsAfter - dropsBefore,
    firstError,
  };
}

export interface RateSearch {
  /** Every step run, in order: the ladder up to its first failure, then the refinement steps. */
  readonly steps: readonly RateStep[];
  /** The highest passing step: the rate sustained with no failed call. */
  readonly best: RateStep | undefined;
  /** Whether some step failed, i.e. the ceiling lies below the ladder's top. */
  readonly ceilingFound: boolean;
}

export interface SearchOptions {
  /** Between two passing steps: lets finished transactions expire (Kamailio's wait timer is 5 s). */
  readonly pauseMs: number;
  /** After a failed step, longer: the element may still be retransmitting to dead calls (Timer B, §17.1.1.2). */
  readonly pauseAfterFailureMs: number;
  /** Halvings between the last passing and the first failing rate, once the ladder stops. */
  readonly refinements: number;
  /** Refined rates are rounded to a multiple of this. */
  readonly granularity: number;
}

/**
 * Climbs `rates` (ascending) until a step does not pass, then bisects between the last passing rate
 * and the failing one `refinements` times, so an element that fails at 500 but holds 400 reports
 * 375 or more rather than the ladder's 250.
 */
export async function findSustainedRate(
  base: Omit<StepOptions, 'rate'>,
  rates: readonly number[],
  options: SearchOptions,
  onStep: (step: RateStep) => void,
): Promise<RateSearch> {
  const steps: RateStep[] = [];
  let best: RateStep | undefined;
  let failedAt: number | undefined;
  const run = async (rate: number): Promise<RateStep> => {
    const step = await runRateStep({ ...base, rate });
    steps.push(step);
    onStep(step);
    await sleep(step.passed ? options.pauseMs : options.pauseAfterFailureMs);
    return step;
  };
  for (const rate of rates) {
    const step = await run(rate);
    if (!step.passed) {
      failedAt = rate;
      break;
    }
    best = step;
  }
  if (failedAt === undefined) return { steps, best, ceilingFound: false };
  let high = failedAt;
  for (let i = 0; i < options.refinements; i++) {
    const low = best?.targetRate ?? 0;
    const middle = Math.round((low + high) / 2 / options.granularity) * options.granularity;
    if (middle <= low || middle >= high) break;
    const step = await run(middle);
    if (step.passed) best = step;
    else high = middle;
  }
  return { steps, best, ceilingFound: true };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** sipp's answering destination, running until stopped; it keeps each call 4 s after the BYE. */
export async function startUas(address: Address): Promise<SippProcess> {
  const uas = await SippProcess.start({
    args: ['-sf', uasScenario, '-i', address.host, '-p', String(address.port)],
    killAfterMs: 15 * 60_000,
  });
  await waitForListener('udp', address.host, address.port);
  return uas;
}

/** The kernel's count of UDP datagrams dropped for a full receive buffer, or null when it cannot be read. */
async function udpReceiveBufferErrors(): Promise<number | null> {
  const snmp = await readFile('/proc/net/snmp', 'utf8').catch(() => '');
  const [header, values] = snmp.split('\n').filter((line) => line.startsWith('Udp:'));
  const index = header?.split(/\s+/).indexOf('RcvbufErrors') ?? -1;
  const value = index < 0 ? undefined : values?.split(/\s+/)[index];
  return value === undefined || !/^\d+$/.test(value) ? null : Number(value);
}

/** sipp's error log stamps each event "2026-11-23\t12:59:24.713366\t1795438764.713366: "; events may run together. */
const eventStamp = /\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}\.\d+\s+\d+\.\d+: /;

/** The first event in a sipp error log, on one line, without its time stamp, shortened. */
function firstEvent(log: string): string {
  const events = log.replace(/^The following events occurred:\s*/, '').split(eventStamp).filter((event) => event.trim() !== '');
  return (events[0] ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
}
