/**
 * The internal dial plan at scale: one organization with 100,000 virtual extensions over 50 locations
 * (plus users, a range per location and an organization-level range). Prints the index build time,
 * memory, resolutions per second and p50/p99 latency for a mix of dials and for each kind, and the
 * cost of the conflict check a bulk import runs per row.
 *
 *   node --import tsx --expose-gc bench/dialplan-resolve.bench.ts      (or: npm run bench -- dialplan-resolve)
 */
import type { LocationId, NumberId, OrganizationId, UserId, VirtualExtensionId, VirtualExtensionRangeId } from '../src/domain/ids.ts';
import type { Country, E164 } from '../src/domain/phone-number.ts';
import {
  compileDialPlanIndex,
  conflictsOfVirtualExtension,
  DialPlanDraft,
  resolveDigits,
  type DialPlanCaller,
  type DialPlanData,
  type DialPlanIndex,
  type DialResult,
} from '../src/dialplan/index.ts';
import { formatCount, msSince, nowNs, percentile, settledHeapBytes } from './support/measure.ts';
import { seededRandom } from './support/seeded-random.ts';

const locationCount = 50;
const organizationLevelCount = 10_000;
const perLocation = (100_000 - organizationLevelCount) / locationCount; // 1,800 location-level per location
const usersPerLocation = 50;
const random = seededRandom(20251123);
const int = (n: number) => Math.floor(random() * n);

/** Extensions have 5 digits: location-level 10000–11799, users 20000–20049, organization-level 50000–59999, ranges 3XXXX (location) and 4XXXX (organization). */
function plan(): DialPlanData {
  const locations = Array.from({ length: locationCount }, (_, l) => ({
    id: `loc_${l}` as LocationId,
    name: `Site ${l}`,
    routingPrefix: `8${String(l + 1).padStart(2, '0')}`,
    outsideDialDigit: '0',
  }));
  const virtualExtensions = [];
  let phone = 0;
  const nextPhone = () => `+3161${String(phone++).padStart(7, '0')}` as E164;
  for (let i = 0; i < organizationLevelCount; i++) {
    virtualExtensions.push({ id: `vex_o${i}` as VirtualExtensionId, displayName: `Partner ${i}`, extension: String(50_000 + i), phoneNumber: nextPhone(), locationId: null });
  }
  for (const location of locations) {
    for (let i = 0; i < perLocation; i++) {
      virtualExtensions.push({ id: `vex_${location.id}_${i}` as VirtualExtensionId, displayName: `Remote ${i}`, extension: String(10_000 + i), phoneNumber: nextPhone(), locationId: location.id });
    }
  }
  const users = locations.flatMap((location) =>
    Array.from({ length: usersPerLocation }, (_, i) => ({ id: `usr_${location.id}_${i}` as UserId, displayName: `User ${i}`, extension: String(20_000 + i), locationId: location.id })),
  );
  const ranges = [
    ...locations.map((location, l) => ({ id: `vxr_${l}` as VirtualExtensionRangeId, name: `Block ${l}`, prefix: `+3120${String(l + 10)}`, patterns: ['3XXXX'], locationId: location.id })),
    { id: 'vxr_org' as VirtualExtensionRangeId, name: 'Support', prefix: '+3130', patterns: ['4XXXX'], locationId: null },
  ];
  const numbers = Array.from({ length: 100 }, (_, i) => ({ id: `num_${i}` as NumberId, e164: `+3120123${String(i).padStart(4, '0')}` as E164 }));
  return {
    organizationId: 'org_bench' as OrganizationId,
    settings: { steeringDigit: '8', extensionLength: 5, virtualExtensionMode: 'standard' },
    country: 'NL' as Country,
    locations,
    users,
    virtualExtensions,
    ranges,
    numbers,
  };
}

type Dial = { kind: DialResult['kind']; label: string; caller: DialPlanCaller; digits: string };

/** The mix: 40% own-location extension, 15% organization-level, 25% prefix + extension, 10% range, 10% outside. */
function dials(count: number): Dial[] {
  return Array.from({ length: count }, () => {
    const caller: DialPlanCaller = { kind: 'location', locationId: `loc_${int(locationCount)}` as LocationId };
    const r = random();
    if (r < 0.4) return { kind: 'virtualExtension', label: 'extension', caller, digits: String(10_000 + int(perLocation)) };
    if (r < 0.55) return { kind: 'virtualExtension', label: 'organization-level extension', caller, digits: String(50_000 + int(organizationLevelCount)) };
    if (r < 0.8) return { kind: 'virtualExtension', label: 'prefix + extension', caller, digits: `8${String(int(locationCount) + 1).padStart(2, '0')}${10_000 + int(perLocation)}` };
    if (r < 0.9) return { kind: 'range', label: 'range', caller, digits: `${random() < 0.5 ? 3 : 4}${String(int(10_000)).padStart(4, '0')}` };
    return { kind: 'outside', label: 'outside (0 + national number)', caller, digits: `0020${String(7_000_000 + int(2_000_000))}` };
  });
}

function timeEach(items: readonly Dial[], index: DialPlanIndex): { perSecond: number; p50: number; p99: number } {
  const samples = new Array<number>(items.length);
  const begin = nowNs();
  for (let i = 0; i < items.length; i++) {
    const dial = items[i];
    if (!dial) continue;
    const t = nowNs();
    const result = resolveDigits(index, dial.caller, dial.digits);
    samples[i] = Number(nowNs() - t) / 1000;
    if (result.kind !== dial.kind) throw new Error(`${dial.digits}: expected ${dial.kind}, got ${result.kind}: ${result.trace.join(' / ')}`);
  }
  return { perSecond: (items.length / msSince(begin)) * 1000, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const latency = (r: { p50: number; p99: number }) => `${r.p50.toFixed(2)} µs / ${r.p99.toFixed(2)} µs`;

console.error('Generating 100,000 virtual extensions over 50 locations...');
const data = plan();
const heapBefore = settledHeapBytes();
const builds: number[] = [];
let index = compileDialPlanIndex(data);
for (let run = 0; run < 5; run++) {
  const t = nowNs();
  index = compileDialPlanIndex(data);
  builds.push(msSince(t));
}
const heapAfter = settledHeapBytes();
if (index.virtualExtensionCount !== 100_000 || index.problems.length > 0) throw new Error(`The index is wrong: ${index.problems.slice(0, 3).join('; ')}`);
const rows: [string, string][] = [];
const report = (what: string, value: string) => {
  rows.push([what, value]);
  console.error(`  ${what}: ${value}`);
};
report('index build, 100,000 virtual extensions + 2,500 users + 51 ranges (median of 5 / worst)', `${percentile(builds, 50).toFixed(0)} ms / ${Math.max(...builds).toFixed(0)} ms`);
report('index memory (heapUsed delta after GC)', `${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB`);

timeEach(dials(30_000), index); // JIT warm-up
const mix = dials(200_000);
const all = timeEach(mix, index);
report('mixed dials: resolutions per second', formatCount(all.perSecond));
report('mixed dials: p50 / p99 latency', latency(all));
for (const label of [...new Set(mix.map((d) => d.label))]) {
  const one = timeEach(
    mix.filter((d) => d.label === label),
    index,
  );
  report(`${label}: per second, p50 / p99`, `${formatCount(one.perSecond)}, ${latency(one)}`);
}

// What a bulk import does per row: check against the plan (and the rows before it), then put it.
const t = nowNs();
const draft = DialPlanDraft.from(index);
const draftMs = msSince(t);
const importRows = 100_000;
const begin = nowNs();
let refused = 0;
let locationRows = 0;
for (let i = 0; i < importRows; i++) {
  // One row in five organization level (60000–79999), the rest spread over the locations (12000–13599 at each).
  const organizationLevel = i % 5 === 0;
  const j = organizationLevel ? 0 : locationRows++;
  const row = {
    id: `vex_new${i}` as VirtualExtensionId,
    displayName: `Imported ${i}`,
    extension: String(organizationLevel ? 60_000 + i / 5 : 12_000 + Math.floor(j / locationCount)),
    phoneNumber: `+3162${String(i).padStart(7, '0')}` as E164,
    locationId: organizationLevel ? null : (`loc_${j % locationCount}` as LocationId),
  };
  if (conflictsOfVirtualExtension(draft, row).length > 0) refused++;
  else draft.putVirtualExtension(row);
}
const importMs = msSince(begin);
if (refused > 0 || draft.virtualExtensionCount !== 200_000) throw new Error(`The import refused ${refused} rows that are free`);
report('bulk import: draft copy of the 100,000-entry index', `${draftMs.toFixed(0)} ms`);
report(`bulk import: conflict check + put per row (${formatCount(importRows)} new rows, ${formatCount(refused)} refused)`, `${((importMs * 1000) / importRows).toFixed(2)} µs, ${(importMs / 1000).toFixed(2)} s in all`);

console.log('\n| dial plan (100,000 virtual extensions, 50 locations) | result |\n|---|---|');
for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
