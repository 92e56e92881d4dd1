/**
 * Routing at scale: a snapshot of 1,000,000 numbers (10,000 organizations × 100 numbers, each with a
 * ring of 1–4 destinations), then decisions per second, latency per decision, memory per number and
 * the cost of replacing one organization; last, one organization that owns 1,000,000 numbers.
 *
 *   node --import tsx --expose-gc bench/routing.bench.ts
 */
import type { BusinessNumber } from '../src/domain/business-number.ts';
import type { SipUri } from '../src/domain/destination.ts';
import type { RingDestination, Target } from '../src/domain/flow.ts';
import type { NumberId, OrganizationId } from '../src/domain/ids.ts';
import type { Country, E164 } from '../src/domain/phone-number.ts';
import { buildSnapshot, simulate, start, type CallFacts, type OrganizationConfig, type RoutingSnapshot } from '../src/routing/index.ts';
import { formatCount, msSince, nowNs, percentile, settledHeapBytes } from './support/measure.ts';
import { pick, seededRandom } from './support/seeded-random.ts';

const organizationCount = 10_000;
const numbersPerOrganization = 100;
const staffPerOrganization = 8;
const random = seededRandom(20251123);
const stamp = '2025-01-01T00:00:00.000Z';
const lineLabels = Array.from({ length: numbersPerOrganization }, (_, n) => `Line ${n + 1}`);
const rows: [string, string][] = [];

function report(what: string, value: string): void {
  rows.push([what, value]);
  console.error(`  ${what}: ${value}`);
}

/** The numbers of organization `o` are one block: +31 20 1oo oonn (Amsterdam), as carriers hand them out. */
const blockNumber = (o: number, n: number) => `+3120${1_000_000 + o * numbersPerOrganization + n}` as E164;

/**
 * An organization's staff: the people its numbers ring, each with a ring time, in four variants of
 * start delay for custom rings. Numbers of one organization ring the same people, as in real life.
 */
function staffPool(o: number): RingDestination[][] {
  return Array.from({ length: staffPerOrganization }, (_, s) => {
    const to =
      s === 0
        ? { kind: 'sip' as const, uri: `sip:reception@pbx${o}.example.com` as SipUri }
        : { kind: 'phone' as const, e164: `+316${String(10_000_000 + ((o * staffPerOrganization + s) * 7919) % 89_999_999)}` as E164 };
    const ringSeconds = pick(random, [15, 20, 25, 30]);
    const label = random() < 0.7 ? pick(random, ['Office', 'Mobile', 'Reception', 'Colleague']) : undefined;
    return [0, 5, 10, 15].map((delaySeconds) => (label ? { to, label, delaySeconds, ringSeconds } : { to, delaySeconds, ringSeconds }));
  });
}

function randomTarget(pool: readonly RingDestination[][]): Target {
  const strategy = pick(random, ['simultaneous', 'sequential', 'custom'] as const);
  const count = 1 + Math.floor(random() * 4);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * pool.length));
  const destinations = [...chosen].map((s, i) => pool[s]![strategy === 'custom' ? i : 0]!);
  return { type: 'ring', strategy, destinations, noAnswer: { type: 'hangup', reason: 'unavailable' } };
}

function organizationConfig(o: number, count: number, version = 1, numberOf: (o: number, n: number) => E164 = blockNumber): OrganizationConfig {
  const id = `org_bench${String(o).padStart(17, '0')}` as OrganizationId;
  const pool = staffPool(o);
  const numbers: BusinessNumber[] = Array.from({ length: count }, (_, n) => ({
    id: `num_${o}_${n}` as NumberId,
    organizationId: id,
    phoneNumber: numberOf(o, n),
    label: lineLabels[n % lineLabels.length]!,
    flow: { target: randomTarget(pool) },
    version,
    createdAt: stamp,
    updatedAt: stamp,
  }));
  return { organization: { id, name: `Organization ${o}`, country: 'NL' as Country, allowedCountries: null, createdAt: stamp, updatedAt: stamp }, numbers };
}

const caller = { kind: 'number', e164: '+442079460958' as E164 } as const;
const factsFor = (to: E164): CallFacts => ({ to, from: caller, at: Date.UTC(2025, 0, 6, 9), via: 'trunk' });

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
const spread = (samples: number[], digits: number) => `${percentile(samples, 50).toFixed(digits)} ms / ${percentile(samples, 99).toFixed(digits)} ms`;

function randomExisting(count: number): E164[] {
  return Array.from({ length: count }, () => blockNumber(Math.floor(random() * organizationCount), Math.floor(random() * numbersPerOrganization)));
}

function benchTenThousandOrganizations(): void {
  console.error('Generating 10,000 organizations × 100 numbers...');
  const configs = Array.from({ length: organizationCount }, (_, o) => organizationConfig(o, numbersPerOrganization));
  const heapBefore = settledHeapBytes();

  console.error('Building the snapshot...');
  let t = nowNs();
  const snapshot: RoutingSnapshot = buildSnapshot(configs);
  const buildMs = msSince(t);
  const heapAfter = settledHeapBytes();
  if (snapshot.numberCount !== organizationCount * numbersPerOrganization) throw new Error('The snapshot is missing numbers');
  report('build the snapshot: 1,000,000 numbers, 10,000 organizations', `${(buildMs / 1000).toFixed(2)} s`);
  report('memory per number (snapshot alone: heapUsed delta after GC / numbers)', `${Math.round((heapAfter - heapBefore) / snapshot.numberCount)} bytes`);

  for (const to of randomExisting(20_000)) start(snapshot, factsFor(to)); // JIT warm-up

  console.error('Routing decisions...');
  const anyNumber = timeEach(randomExisting(100_000), (to) => start(snapshot, factsFor(to)));
  report('`start` on random numbers of the 1M: decisions per second', formatCount(anyNumber.perSecond));
  report('`start` on random numbers of the 1M: p50 / p99 latency', latency(anyNumber));

  const busiest = randomExisting(5_000);
  const recurring = timeEach(Array.from({ length: 100_000 }, (_, i) => busiest[i % busiest.length]!), (to) => start(snapshot, factsFor(to)));
  report('`start` on 5,000 recurring numbers: decisions per second', formatCount(recurring.perSecond));
  report('`start` on 5,000 recurring numbers: p50 / p99 latency', latency(recurring));

  const unknown = timeEach(Array.from({ length: 50_000 }, (_, i) => `+3120${5_000_000 + i}` as E164), (to) => start(snapshot, factsFor(to)));
  report('`start` on numbers nobody has (404): p50 / p99 latency', latency(unknown));

  const simulated = timeEach(randomExisting(20_000), (to) => simulate(snapshot, { facts: factsFor(to), behaviourFor: () => 'noAnswer' }));
  report('whole simulated call, nobody answers (every ring step): calls per second', formatCount(simulated.perSecond));

  console.error('Replacing organizations...');
  const replace100: number[] = [];
  for (let i = 0; i < 200; i++) {
    const replacement = organizationConfig(Math.floor(random() * organizationCount), numbersPerOrganization, 2);
    t = nowNs();
    const updated = snapshot.withOrganization(replacement);
    replace100.push(msSince(t));
    if (updated.numberCount !== snapshot.numberCount) throw new Error('Replacing changed the number count');
  }
  report('`withOrganization`, 100 numbers, in the 1M snapshot: p50 / p99', spread(replace100, 2));

  // The same, with the organization's 100 numbers scattered instead of one block: the worst case.
  const scattered = (_: number, n: number) => blockNumber(Math.floor(random() * organizationCount), n);
  const replaceScattered: number[] = [];
  for (let i = 0; i < 100; i++) {
    const replacement = organizationConfig(organizationCount + 1, numbersPerOrganization, 2 + i, scattered);
    t = nowNs();
    snapshot.withOrganization(replacement);
    replaceScattered.push(msSince(t));
  }
  report('`withOrganization`, 100 scattered numbers (not one block): p50 / p99', spread(replaceScattered, 2));

  // A large organization of 10,000 more numbers (+31 20 3xxx xxxx), added, then replaced whole.
  const bigNumber = (_: number, n: number) => `+3120${3_000_000 + n}` as E164;
  t = nowNs();
  const withBig = snapshot.withOrganization(organizationConfig(organizationCount, 10_000, 1, bigNumber));
  report('`withOrganization` adding an organization of 10,000 numbers', `${msSince(t).toFixed(1)} ms`);
  const replace10k: number[] = [];
  for (let i = 0; i < 20; i++) {
    const replacement = organizationConfig(organizationCount, 10_000, 2 + i, bigNumber);
    t = nowNs();
    withBig.withOrganization(replacement);
    replace10k.push(msSince(t));
  }
  report('`withOrganization`, 10,000 numbers, in the 1M snapshot: p50 / p99', spread(replace10k, 1));
}

function benchOneLargeOrganization(): void {
  console.error('One organization of 1,000,000 numbers...');
  const config = organizationConfig(organizationCount + 2, 1_000_000, 1, (_, n) => `+3120${5_000_000 + n}` as E164);
  const t = nowNs();
  const snapshot = buildSnapshot([config]);
  const ms = msSince(t);
  const number = snapshot.lookupNumber('+31205999999' as E164);
  if (snapshot.numberCount !== 1_000_000 || !number) throw new Error('The large organization is incomplete');
  report('build one organization of 1,000,000 numbers', `${(ms / 1000).toFixed(2)} s`);
}

function main(): void {
  const begin = nowNs();
  // Separate functions, so the first snapshot is garbage before the second is built.
  benchTenThousandOrganizations();
  benchOneLargeOrganization();
  report('whole benchmark run', `${(msSince(begin) / 1000).toFixed(1)} s`);
  console.log(`\n| measurement | result |\n|---|---|\n${rows.map(([what, value]) => `| ${what} | ${value} |`).join('\n')}\n`);
  console.log(`Node ${process.version} ${process.arch}; sharded index of 2^14 shards, one E.164 block of 100 per shard key.`);
}

main();
