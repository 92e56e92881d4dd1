/**
 * `npm run bench:sip`: call setups per second through ringroute beside a minimal Kamailio proxy,
 * on this machine, in one run.
 *
 * The same sipp caller (bench/support/sipp-scenarios/uac-call.xml: INVITE, 100/180, 200, ACK, BYE,
 * 200) calls one destination, a sipp UAS (uas-answer.xml), through
 *   1. Kamailio (Debian's package) as a stateful record-routing proxy (bench/kamailio/), and
 *   2. ringroute in this process, a B2BUA: a trunk, a business number, one SIP URI destination.
 * For each, rising rate steps of `stepSeconds` each; a step passes with zero failed calls and at
 * least 95 % of its target rate. The best passing step is the sustained rate. Then the post-dial
 * delay ringroute adds (INVITE in → INVITE out), p50 and p99, at a moderate rate.
 *
 * Everything (both sipps, the element under test and this driver) shares the machine's cores, so
 * the figures are for the whole loop. Prints markdown tables and one JSON line; takes 2–4 minutes.
 */
import { spawnSync } from 'node:child_process';
import { freePort } from '../test/sip/interop/support/free-port.ts';
import { sippInstalled } from '../test/sip/interop/support/sipp-process.ts';
import { findSustainedRate, runRateStep, startUas, type RateSearch, type RateStep } from './support/call-rate-steps.ts';
import { kamailioInstalled, kamailioVersion, KamailioProxy } from './support/kamailio-proxy.ts';
import { formatCount, percentile } from './support/measure.ts';
import { startRingroute } from './support/ringroute-under-test.ts';

const host = '127.0.0.1';
const dialled = '+31201234567';
const rates = [250, 500, 750, 1_000, 1_250, 1_500, 2_000, 2_500, 3_000, 4_000, 5_000, 6_000] as const;
const stepSeconds = 5;
const minimumShare = 0.95;
const searchOptions = { pauseMs: 1_000, pauseAfterFailureMs: 5_000, refinements: 2, granularity: 25 };
const postDialRate = 200;
const postDialSeconds = 5;

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');

const stepHeader = ['target calls/s', 'calls', 'successful', 'failed', 'retransmissions', 'UDP drops (host)', 'achieved calls/s', 'result'];
const stepRow = (step: RateStep): string[] => [
  formatCount(step.targetRate),
  formatCount(step.calls),
  formatCount(step.successful),
  formatCount(step.failed),
  formatCount(step.retransmissions),
  step.udpDrops === null ? 'n/a' : formatCount(step.udpDrops),
  formatCount(step.achievedRate),
  step.passed ? 'pass' : `stop: ${step.reason ?? ''}`,
];

/** Prints each step as it finishes (a long run shows progress), then nothing more. */
function progress(name: string): (step: RateStep) => void {
  return (step) => process.stderr.write(`  ${name} ${step.targetRate}/s: ${step.passed ? 'pass' : `stop (${step.reason ?? ''})`}\n`);
}

/**
 * Under a table: what sipp said first about the first step that failed calls. Steps that only fell
 * behind are left out: their error log holds only late retransmissions for calls already done.
 */
function firstErrorNote(search: RateSearch): string {
  const stopped = search.steps.find((step) => step.failed > 0 && step.firstError !== '');
  return stopped ? `\nAt ${formatCount(stopped.targetRate)}/s sipp reported first: ${stopped.firstError}` : '';
}

/** "≥ 4,000" when even the highest step passed: the ceiling lies beyond what was tried. */
function sustained(result: RateSearch | null): string {
  if (result === null) return 'n/a';
  if (result.best === undefined) return `< ${formatCount(Math.min(...result.steps.map((step) => step.targetRate)))}`;
  return `${result.ceilingFound ? '' : '≥ '}${formatCount(result.best.targetRate)}`;
}

async function measureKamailio(): Promise<RateSearch | null> {
  if (!kamailioInstalled()) {
    console.log('\nKamailio not installed (apt-get install -y kamailio): its half is skipped.\n');
    return null;
  }
  const uasAddress = { host, port: await freePort(host) };
  const uas = await startUas(uasAddress);
  let proxy: KamailioProxy | undefined;
  try {
    const target = { host, port: await freePort(host) };
    proxy = await KamailioProxy.start({ ...target, destination: uasAddress, children: 2, sharedMemoryMb: 2_048 });
    const result = await findSustainedRate({ target, service: dialled, seconds: stepSeconds, minimumShare }, rates, searchOptions, progress('kamailio'));
    if (result.ceilingFound && /ERROR/.test(proxy.log)) {
      process.stderr.write(`  kamailio logged:\n${proxy.log.split('\n').filter((line) => line.includes('ERROR')).slice(-5).join('\n')}\n`);
    }
    return result;
  } finally {
    await proxy?.stop();
    await uas.stop();
  }
}

interface RingrouteResult {
  readonly search: RateSearch;
  readonly postDial: RateStep;
  /** Milliseconds, one per call of the post-dial step; null when the server does not expose them. */
  readonly postDialDelays: readonly number[] | null;
  readonly trunkRateLimit: number | null;
}

async function measureRingroute(): Promise<RingrouteResult> {
  const uasAddress = { host, port: await freePort(host) };
  const uas = await startUas(uasAddress);
  try {
    const ringroute = await startRingroute({ host, number: dialled, destination: uasAddress, maxCallsPerSecond: 10_000 });
    try {
      const base = { target: ringroute.sip, service: dialled, minimumShare };
      // Warm-up: the first calls compile the hot paths; they would otherwise be the p99.
      await runRateStep({ ...base, rate: postDialRate, seconds: 1 });
      const before = ringroute.postDialDelaysMs()?.length ?? 0;
      const postDial = await runRateStep({ ...base, rate: postDialRate, seconds: postDialSeconds });
      const postDialDelays = ringroute.postDialDelaysMs()?.slice(before) ?? null;
      process.stderr.write(`  ringroute post-dial step ${postDialRate}/s: ${postDial.passed ? 'pass' : `${postDial.reason ?? ''}; first: ${postDial.firstError}`}\n`);
      await new Promise((resolve) => setTimeout(resolve, searchOptions.pauseMs));
      const result = await findSustainedRate({ ...base, seconds: stepSeconds }, rates, searchOptions, progress('ringroute'));
      return { search: result, postDial, postDialDelays, trunkRateLimit: ringroute.trunkRateLimit };
    } finally {
      await ringroute.stop();
    }
  } finally {
    await uas.stop();
  }
}

function version(command: string, args: readonly string[]): string {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  return `${probe.stdout}${probe.stderr}`.match(/v?\d+\.\d+(\.\d+)?/)?.[0] ?? 'unknown';
}

const halves = ['kamailio', 'ringroute'] as const;
type Half = (typeof halves)[number];
const isHalf = (value: string): value is Half => (halves as readonly string[]).includes(value);
// `npm run bench:sip -- ringroute` runs one half (e.g. while working on call control).
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !isHalf(name));
if (unknown.length > 0) {
  console.error(`bench:sip: unknown ${unknown.join(', ')}; run both halves, or name kamailio or ringroute`);
  process.exit(2);
}
const runs = (half: Half): boolean => wanted.length === 0 || wanted.includes(half);

if (!sippInstalled()) {
  console.error('bench:sip needs sipp (apt-get install -y sip-tester)');
  process.exit(1);
}

const started = Date.now();
console.log(
  `\nCall setups through ringroute and Kamailio — Node ${process.version}, sipp ${version('sipp', ['-v'])}, ${kamailioInstalled() ? kamailioVersion() : 'no Kamailio'}; ` +
    `UDP on loopback, one destination, ${stepSeconds} s per step, a step passes with 0 failed calls and ≥ ${minimumShare * 100} % of its rate\n`,
);

const kamailio = runs('kamailio') ? await measureKamailio() : null;
if (kamailio) {
  console.log('Kamailio, stateful proxy with record-routing (tm, sl, rr, maxfwd; 2 UDP workers):\n');
  console.log(table(stepHeader, kamailio.steps.map(stepRow)) + firstErrorNote(kamailio));
}

const ringroute = runs('ringroute') ? await measureRingroute() : null;
if (ringroute) {
  const limit = ringroute.trunkRateLimit === null ? 'refused by the API, left at its default' : formatCount(ringroute.trunkRateLimit);
  console.log(`\nringroute, B2BUA (SQLite, trunk maxCallsPerSecond ${limit}):\n`);
  console.log(table(stepHeader, ringroute.search.steps.map(stepRow)) + firstErrorNote(ringroute.search));
}

const ringrouteBest = ringroute ? (ringroute.search.best?.targetRate ?? 0) : null;
const kamailioBest = kamailio ? (kamailio.best?.targetRate ?? 0) : null;
const ratio = ringrouteBest === null || kamailioBest === null || kamailioBest === 0 ? null : ringrouteBest / kamailioBest;
const delays = ringroute?.postDialDelays ?? null;
const haveDelays = delays !== null && delays.length > 0;
const p50 = haveDelays ? percentile(delays, 50) : null;
const p99 = haveDelays ? percentile(delays, 99) : null;
const ms = (value: number | null): string => (value === null ? 'n/a' : `${value.toFixed(2)} ms`);
const postDialNote = ringroute && !ringroute.postDial.passed ? ` — that step: ${ringroute.postDial.reason ?? ''}` : '';

console.log('\nSummary:\n');
console.log(
  table(
    ['measurement', 'result'],
    [
      ['Kamailio, call setups/s sustained with 0 failed calls', sustained(kamailio)],
      ['ringroute, call setups/s sustained with 0 failed calls', sustained(ringroute?.search ?? null)],
      ['ratio ringroute / Kamailio', ratio === null ? 'n/a' : ratio.toFixed(2)],
      [
        `ringroute post-dial delay (INVITE in → INVITE out) p50 / p99 at ${postDialRate} calls/s`,
        `${ms(p50)} / ${ms(p99)}${haveDelays ? ` (${formatCount(delays.length)} calls)` : ''}${postDialNote}`,
      ],
    ],
  ),
);

const round = (value: number | null, digits: number): number | null => (value === null ? null : Number(value.toFixed(digits)));
console.log(
  `\n${JSON.stringify({
    bench: 'sip-calls',
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    kamailioCallsPerSecond: kamailioBest,
    kamailioCeilingFound: kamailio?.ceilingFound ?? null,
    ringrouteCallsPerSecond: ringrouteBest,
    ringrouteCeilingFound: ringroute?.search.ceilingFound ?? null,
    ratio: round(ratio, 2),
    postDialDelayMs: { rate: postDialRate, p50: round(p50, 2), p99: round(p99, 2) },
    seconds: Math.round((Date.now() - started) / 1_000),
  })}`,
);
process.exit(0);
