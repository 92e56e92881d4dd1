/**
 * Routing whole flows at scale: a snapshot of 1,000,000 numbers (10,000 organizations × 100 numbers)
 * where every number has a call filter of about ten entries, two schedule rules against its
 * organization's schedules (Europe/Amsterdam weekly hours, holidays, one RRULE) and a default ring.
 * Then `start` decisions per second and latency over random numbers, callers and instants: once with
 * every call on the same day (the schedules' per-date caches stay warm) and once spread over 2026
 * (nearly every decision plans a date it has not seen).
 *
 *   node --import tsx --expose-gc bench/routing-flows.bench.ts
 */
import type { BusinessNumber } from '../src/domain/business-number.ts';
import type { CallFilter } from '../src/domain/call-filter.ts';
import type { SipUri } from '../src/domain/destination.ts';
import type { Flow, FlowRule, RingDestination, Target } from '../src/domain/flow.ts';
import type { NumberId, OrganizationId } from '../src/domain/ids.ts';
import type { Country, E164 } from '../src/domain/phone-number.ts';
import { buildSnapshot, simulate, start, type CallFacts, type OrganizationConfig, type RoutingSnapshot } from '../src/routing/index.ts';
import { instantIn2026, instantOnOneDay, randomCaller, randomFilter, sharedSchedules } from './support/flow-bench-config.ts';
import { formatCount, msSince, nowNs, percentile, settledHeapBytes } from './support/measure.ts';
import { pick, seededRandom } from './support/seeded-random.ts';

const organizationCount = 10_000;
const numbersPerOrganization = 100;
const staffPerOrganization = 8;
// Numbers of one organization share a few filters, as customers copy one block list around; a
// million distinct ten-entry lists would only measure the generator's memory.
const filtersPerOrganization = 4;
// Same-day decisions are cheap; a cold date costs far more, so that row routes fewer calls to keep
// the run short (percentiles need only a few thousand samples).
const sameDayDecisions = 100_000;
const yearDecisions = 20_000;
const random = seededRandom(20261123);
const stamp = '2026-01-01T00:00:00.000Z';
const rows: [string, string][] = [];

function report(what: string, value: string): void {
  rows.push([what, value]);
  console.error(`  ${what}: ${value}`);
}

/** The numbers of organization `o`: one block of +31 20 1oo oonn, as in the routing bench. */
const blockNumber = (o: number, n: number) => `+3120${1_000_000 + o * numbersPerOrganization + n}` as E164;

function staffPool(o: number): RingDestination[] {
  return Array.from({ length: staffPerOrganization }, (_, s): RingDestination => {
    const to =
      s === 0
        ? { kind: 'sip' as const, uri: `sip:reception@pbx${o}.example.com` as SipUri }
        : { kind: 'phone' as const, e164: `+316${String(10_000_000 + ((o * staffPerOrganization + s) * 7919) % 89_999_999)}` as E164 };
    return { to, label: pick(random, ['Office', 'Mobile', 'Reception', 'Colleague']), delaySeconds: 0, ringSeconds: pick(random, [15, 20, 25, 30]) };
  });
}

function ringOf(pool: readonly RingDestination[], count: number, noAnswer: Target = { type: 'hangup', reason: 'unavailable' }): Target {
  const strategy = pick(random, ['simultaneous', 'sequential'] as const);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * pool.length));
  return { type: 'ring', strategy, destinations: [...chosen].map((s) => pool[s]!), noAnswer };
}

/**
 * Two rules a customer writes: "on holidays and weekends ring the mobile" (a schedule that is closed
 * then) and "outside office hours ring the on-call colleague", then the office ring by default.
 */
function randomFlow(pool: readonly RingDestination[], filters: readonly CallFilter[]): Flow {
  const [office, shop, night, holidays, support] = sharedSchedules;
  const rules: FlowRule[] = [
    { name: 'Holidays', scheduleId: pick(random, [holidays!, office!]).id, when: 'closed', target: ringOf(pool, 1) },
    { name: 'After hours', scheduleId: pick(random, [office!, shop!, night!, support!]).id, when: 'closed', target: ringOf(pool, 2) },
  ];
  return { filter: pick(random, filters), rules, target: ringOf(pool, 1 + Math.floor(random() * 3), ringOf(pool, 1)) };
}

function organizationConfig(o: number): OrganizationConfig {
  const id = `org_bench${String(o).padStart(17, '0')}` as OrganizationId;
  const pool = staffPool(o);
  const filters = Array.from({ length: filtersPerOrganization }, () => randomFilter(random, ringOf(pool, 1)));
  const numbers: BusinessNumber[] = Array.from({ length: numbersPerOrganization }, (_, n) => {
    const flow = randomFlow(pool, filters);
    return { id: `num_${o}_${n}` as NumberId, organizationId: id, phoneNumber: blockNumber(o, n), label: `Line ${n + 1}`, flow, version: 1, createdAt: stamp, updatedAt: stamp };
  });
  const organization = { id, name: `Organization ${o}`, country: 'NL' as Country, allowedCountries: null, createdAt: stamp, updatedAt: stamp };
  return { organization, numbers, schedules: sharedSchedules };
}

/** Times `run` for each item individually (latency) and over the whole list (throughput). */
function timeEach<T>(items: readonly T[], run: (item: T) => unknown): { perSecond: number; p50: number; p99: number } {
  const samples = new Array<number>(items.length);
  const begin = nowNs();
  for (let i = 0; i < items.length; i++) {
    const t = nowNs();
    run(items[i]!);
    samples[i] = Number(nowNs() - t) / 1000;
  }
  return { perSecond: (items.length / msSince(begin)) * 1000, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const latency = (r: { p50: number; p99: number }) => `${r.p50.toFixed(1)} µs / ${r.p99.toFixed(1)} µs`;

/** Random calls: any number of the 1M, a caller from the pool, an instant from `when`. */
function randomCalls(count: number, when: (random: () => number) => number): CallFacts[] {
  return Array.from({ length: count }, () => ({
    to: blockNumber(Math.floor(random() * organizationCount), Math.floor(random() * numbersPerOrganization)),
    from: randomCaller(random),
    at: when(random),
    via: 'trunk' as const,
  }));
}

function main(): void {
  const begin = nowNs();
  console.error('Generating 10,000 organizations × 100 numbers with filters and schedule rules...');
  const configs = Array.from({ length: organizationCount }, (_, o) => organizationConfig(o));
  const heapBefore = settledHeapBytes();

  console.error('Building the snapshot...');
  const t = nowNs();
  const snapshot: RoutingSnapshot = buildSnapshot(configs);
  const buildMs = msSince(t);
  const heapAfter = settledHeapBytes();
  if (snapshot.numberCount !== organizationCount * numbersPerOrganization) throw new Error('The snapshot is missing numbers');
  report('build the snapshot: 1,000,000 numbers with filter + 2 schedule rules', `${(buildMs / 1000).toFixed(2)} s`);
  report('memory per number (snapshot alone: heapUsed delta after GC / numbers)', `${Math.round((heapAfter - heapBefore) / snapshot.numberCount)} bytes`);

  for (const facts of randomCalls(10_000, instantIn2026)) start(snapshot, facts); // JIT warm-up

  console.error('Routing decisions...');
  const sameDayCalls = randomCalls(sameDayDecisions, instantOnOneDay);
  const sameDay = timeEach(sameDayCalls, (facts) => start(snapshot, facts));
  report('`start`, random numbers and callers, instants on one day: decisions per second', formatCount(sameDay.perSecond));
  report('`start`, random numbers and callers, instants on one day: p50 / p99 latency', latency(sameDay));

  const yearCalls = randomCalls(yearDecisions, instantIn2026);
  const year = timeEach(yearCalls, (facts) => start(snapshot, facts));
  report('`start`, random numbers and callers, random instants of 2026: decisions per second', formatCount(year.perSecond));
  report('`start`, random numbers and callers, random instants of 2026: p50 / p99 latency', latency(year));

  // What share of those the filters decided, so the figures can be read.
  let refused = 0;
  let rerouted = 0;
  let byRule = 0;
  const sampled = yearCalls.slice(0, 5_000);
  for (const facts of sampled) {
    const codes = start(snapshot, facts).trace.map((entry) => entry.code);
    if (codes.includes('filter.blocked')) refused++;
    else if (codes.includes('filter.rerouted')) rerouted++;
    else if (codes.includes('rule.matched')) byRule++;
  }
  const share = (n: number) => `${((n / sampled.length) * 100).toFixed(1)} %`;
  report('of those: refused by a filter / rerouted by a filter / sent by a schedule rule', `${share(refused)} / ${share(rerouted)} / ${share(byRule)}`);

  const simulated = timeEach(randomCalls(5_000, instantIn2026), (facts) => simulate(snapshot, { facts, behaviourFor: () => 'noAnswer' }));
  report('whole simulated call, random instants of 2026, nobody answers: calls per second', formatCount(simulated.perSecond));

  report('whole benchmark run', `${(msSince(begin) / 1000).toFixed(1)} s`);
  console.log(`\n| measurement | result |\n|---|---|\n${rows.map(([what, value]) => `| ${what} | ${value} |`).join('\n')}\n`);
  console.log(
    `Node ${process.version} ${process.arch}; ${sharedSchedules.length} Europe/Amsterdam schedules shared by all organizations, ` +
      `${filtersPerOrganization} filters of ~10 entries per organization; ${formatCount(sameDayDecisions)} same-day and ${formatCount(yearDecisions)} year-wide decisions.`,
  );
}

main();
