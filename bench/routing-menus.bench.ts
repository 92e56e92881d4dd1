/**
 * Menus at scale: a snapshot of 1,000,000 numbers (10,000 organizations × 100 numbers) where every
 * number has a call filter of about ten entries, two schedule rules (holidays → a ring, after hours →
 * "we are closed", then hang up) and, by default, a MENU: key 1 rings the office, key 2 puts the
 * caller in the organization's queue, extension 2xx rings a colleague. Each organization has one
 * queue of five members. Then, for random numbers, callers and instants of a weekday's office hours,
 * the two decisions a menu call costs the engine: `start` (filter, rules, answer, prompt) and the
 * `digits` event (the key chosen: a ring starts, or the queue is asked for its state).
 *
 *   node --import tsx --expose-gc bench/routing-menus.bench.ts
 */
import type { BusinessNumber } from '../src/domain/business-number.ts';
import type { CallFilter } from '../src/domain/call-filter.ts';
import type { SipUri } from '../src/domain/destination.ts';
import { menuDefaults, type Flow, type RingDestination, type Target } from '../src/domain/flow.ts';
import type { NumberId, OrganizationId, QueueId } from '../src/domain/ids.ts';
import type { Country, E164 } from '../src/domain/phone-number.ts';
import { queueDefaults, type Queue } from '../src/domain/queue.ts';
import { buildSnapshot, next, simulate, start, type CallFacts, type Decision, type OrganizationConfig, type PlayId, type RoutingSnapshot } from '../src/routing/index.ts';
import { randomCaller, randomFilter, sharedSchedules } from './support/flow-bench-config.ts';
import { formatCount, msSince, nowNs, percentile, settledHeapBytes } from './support/measure.ts';
import { pick, seededRandom } from './support/seeded-random.ts';

const organizationCount = 10_000;
const numbersPerOrganization = 100;
const staffPerOrganization = 8;
const filtersPerOrganization = 4;
const menuCalls = 100_000;
const random = seededRandom(20261124);
const stamp = '2026-01-01T00:00:00.000Z';
const rows: [string, string][] = [];

function report(what: string, value: string): void {
  rows.push([what, value]);
  console.error(`  ${what}: ${value}`);
}

/** The numbers of organization `o`: one block of +31 20 1oo oonn, as in the other routing benches. */
const blockNumber = (o: number, n: number) => `+3120${1_000_000 + o * numbersPerOrganization + n}` as E164;
const organizationId = (o: number) => `org_menus${String(o).padStart(17, '0')}` as OrganizationId;
const queueIdOf = (o: number) => `que_menus${String(o).padStart(17, '0')}` as QueueId;

function staffPool(o: number): RingDestination[] {
  return Array.from({ length: staffPerOrganization }, (_, s): RingDestination => {
    const to =
      s === 0
        ? { kind: 'sip' as const, uri: `sip:reception@pbx${o}.example.com` as SipUri }
        : { kind: 'phone' as const, e164: `+316${String(20_000_000 + ((o * staffPerOrganization + s) * 7919) % 79_999_999)}` as E164 };
    return { to, label: pick(random, ['Office', 'Mobile', 'Reception', 'Colleague']), delaySeconds: 0, ringSeconds: pick(random, [15, 20, 25]) };
  });
}

function ringOf(pool: readonly RingDestination[], count: number): Target {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * pool.length));
  return { type: 'ring', strategy: pick(random, ['simultaneous', 'sequential'] as const), destinations: [...chosen].map((s) => pool[s]!), noAnswer: { type: 'hangup', reason: 'unavailable' } };
}

function queueOf(o: number, pool: readonly RingDestination[]): Queue {
  return {
    id: queueIdOf(o),
    organizationId: organizationId(o),
    name: 'Support',
    // Staff are phone numbers and SIP URIs, never rosters or users, so each is a member as it is.
    members: pool.slice(1, 6).flatMap((d) => (d.to.kind === 'roster' || d.to.kind === 'user' || d.to.kind === 'private' || d.to.kind === 'emergency' ? [] : [{ destination: d.to, ...(d.label ? { label: d.label } : {}) }])),
    strategy: pick(random, ['ring-all', 'round-robin', 'longest-idle', 'in-order'] as const),
    ringSeconds: queueDefaults.ringSeconds,
    wrapUpSeconds: queueDefaults.wrapUpSeconds,
    retrySeconds: queueDefaults.retrySeconds,
    maxCallers: queueDefaults.maxCallers,
    maxWaitSeconds: queueDefaults.maxWaitSeconds,
    whenNoMember: 'join',
    announcements: { everySeconds: 60, position: true, expectedWait: true },
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  };
}

/** "Holidays: ring the mobile; after hours: we are closed; otherwise the menu." */
function menuFlow(o: number, pool: readonly RingDestination[], filters: readonly CallFilter[]): Flow {
  const [office, , , holidays] = sharedSchedules;
  const closed: Target = { type: 'announcement', prompt: { text: 'We are closed. Please call again during office hours.' }, then: { type: 'hangup', reason: 'unavailable' } };
  const menu: Target = {
    type: 'menu',
    prompt: { text: 'Welcome. Press 1 for the office, 2 for support, or dial an extension.' },
    options: [
      { key: '1', target: ringOf(pool, 1 + Math.floor(random() * 3)) },
      { key: '2', target: { type: 'queue', queueId: queueIdOf(o), overflow: ringOf(pool, 1) } },
    ],
    extensions: [{ extension: '201', label: 'Anna', target: ringOf(pool, 1) }],
    timeoutSeconds: menuDefaults.timeoutSeconds,
    retries: menuDefaults.retries,
    invalidPrompt: menuDefaults.invalidPrompt,
    timeoutPrompt: menuDefaults.timeoutPrompt,
    exhausted: ringOf(pool, 1),
  };
  return {
    filter: pick(random, filters),
    rules: [
      { name: 'Holidays', scheduleId: holidays!.id, when: 'closed', target: ringOf(pool, 1) },
      { name: 'After hours', scheduleId: office!.id, when: 'closed', target: closed },
    ],
    target: menu,
  };
}

function organizationConfig(o: number): OrganizationConfig {
  const id = organizationId(o);
  const pool = staffPool(o);
  const filters = Array.from({ length: filtersPerOrganization }, () => randomFilter(random, ringOf(pool, 1)));
  const numbers: BusinessNumber[] = Array.from({ length: numbersPerOrganization }, (_, n) => ({
    id: `num_${o}_${n}` as NumberId,
    organizationId: id,
    phoneNumber: blockNumber(o, n),
    label: `Line ${n + 1}`,
    flow: menuFlow(o, pool, filters),
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  }));
  const organization = { id, name: `Organization ${o}`, country: 'NL' as Country, allowedCountries: null, createdAt: stamp, updatedAt: stamp };
  return { organization, numbers, schedules: sharedSchedules, queues: [queueOf(o, pool)] };
}

/** Office hours of one weekday (Monday 23 November 2026, 09:00–17:30 Amsterdam), when the menu answers. */
const instantInOfficeHours = (r: () => number) => Date.parse('2026-11-23T09:00:00+01:00') + Math.floor(r() * 8.5 * 3_600_000);

interface MenuCall {
  readonly facts: CallFacts;
  readonly digits: string;
}

/** The play a menu decision waits on. */
function menuPlay(decision: Decision): PlayId | null {
  const running = decision.state.running;
  return running?.kind === 'menu' ? running.playId : null;
}

function main(): void {
  const begin = nowNs();
  console.error('Generating 10,000 organizations × 100 numbers with filters, schedule rules, a menu and a queue...');
  const configs = Array.from({ length: organizationCount }, (_, o) => organizationConfig(o));
  const heapBefore = settledHeapBytes();

  console.error('Building the snapshot...');
  const t = nowNs();
  const snapshot: RoutingSnapshot = buildSnapshot(configs);
  const buildMs = msSince(t);
  const heapAfter = settledHeapBytes();
  if (snapshot.numberCount !== organizationCount * numbersPerOrganization) throw new Error('The snapshot is missing numbers');
  report('build the snapshot: 1,000,000 numbers with filter + 2 schedule rules + menu (10,000 queues)', `${(buildMs / 1000).toFixed(2)} s`);
  report('memory per number (snapshot alone: heapUsed delta after GC / numbers)', `${Math.round((heapAfter - heapBefore) / snapshot.numberCount)} bytes`);

  // Random calls in office hours; the ones the filter refuses or reroutes never reach the menu and
  // are left out (counted, so the figures can be read).
  const calls: MenuCall[] = [];
  let offered = 0;
  while (calls.length < menuCalls) {
    offered++;
    const facts: CallFacts = {
      to: blockNumber(Math.floor(random() * organizationCount), Math.floor(random() * numbersPerOrganization)),
      from: randomCaller(random),
      at: instantInOfficeHours(random),
      via: 'trunk',
    };
    if (menuPlay(start(snapshot, facts)) !== null) calls.push({ facts, digits: pick(random, ['1', '1', '2', '2', '201', '9']) });
  }
  report('calls in office hours that reach the menu (the rest: filter or rule)', `${((calls.length / offered) * 100).toFixed(1)} %`);

  const warmUp = calls.slice(0, 10_000);
  for (const call of warmUp) {
    const first = start(snapshot, call.facts);
    next(snapshot, first.state, { type: 'digits', playId: menuPlay(first) ?? ('play-1' as PlayId), digits: call.digits });
  }

  console.error('Menu decisions...');
  const pairs = new Array<number>(calls.length);
  const digitsOnly = new Array<number>(calls.length);
  let decisions = 0;
  let toRing = 0;
  let toQueue = 0;
  const run = nowNs();
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    const t0 = nowNs();
    const first = start(snapshot, call.facts);
    const t1 = nowNs();
    const chosen = next(snapshot, first.state, { type: 'digits', playId: menuPlay(first) ?? ('play-1' as PlayId), digits: call.digits });
    const t2 = nowNs();
    decisions += 2;
    pairs[i] = Number(t2 - t0) / 1000;
    digitsOnly[i] = Number(t2 - t1) / 1000;
    const kind = chosen.state.running?.kind;
    if (kind === 'ring') toRing++;
    else if (kind === 'queue') toQueue++;
  }
  const seconds = msSince(run) / 1000;
  report('`start` + `digits`, random numbers and callers in office hours: decisions per second', formatCount(decisions / seconds));
  report('`start` + `digits`: menu calls per second (two decisions each)', formatCount(calls.length / seconds));
  report('`start` + `digits`: p50 / p99 latency per call', `${percentile(pairs, 50).toFixed(1)} µs / ${percentile(pairs, 99).toFixed(1)} µs`);
  report('the `digits` decision alone: p50 / p99 latency', `${percentile(digitsOnly, 50).toFixed(1)} µs / ${percentile(digitsOnly, 99).toFixed(1)} µs`);
  const share = (n: number) => `${((n / calls.length) * 100).toFixed(1)} %`;
  report('of those: the key started a ring / the queue / an invalid key replayed the menu', `${share(toRing)} / ${share(toQueue)} / ${share(calls.length - toRing - toQueue)}`);

  // A whole menu call in the simulator: prompt, key, then the ring or the queue until someone answers.
  const sample = calls.slice(0, 5_000);
  const simBegin = nowNs();
  for (const call of sample) simulate(snapshot, { facts: call.facts, digits: [call.digits, '1'], behaviourFor: () => ({ answerAfterSeconds: 12 }) });
  report('whole simulated menu call (key, then a ring or the queue; answered after 12 s): calls per second', formatCount((sample.length / msSince(simBegin)) * 1000));

  report('whole benchmark run', `${(msSince(begin) / 1000).toFixed(1)} s`);
  console.log(`\n| measurement | result |\n|---|---|\n${rows.map(([what, value]) => `| ${what} | ${value} |`).join('\n')}\n`);
  console.log(
    `Node ${process.version} ${process.arch}; ${sharedSchedules.length} Europe/Amsterdam schedules shared by all organizations, ` +
      `${filtersPerOrganization} filters of ~10 entries per organization, one 5-member queue per organization; ${formatCount(menuCalls)} menu calls.`,
  );
}

main();
