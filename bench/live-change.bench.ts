/**
 * From a committed change to the swapped routing snapshot, in a node routing 1,000,000 numbers.
 * A real SQLite store holds the organization being changed (100 numbers); the other 999,900 numbers
 * are laid into the snapshot in memory. Each round changes one number's destinations through a store
 * transaction, as PUT /v1/numbers/{id}/destinations does, and times:
 *  - commit → swap: from the moment the store reports the commit to the moment the new snapshot is live;
 *  - write → swap: the whole transaction() call, write and commit included.
 *
 *   node --import tsx --expose-gc bench/live-change.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveRouting } from '../src/api/live-routing.ts';
import type { BusinessNumber } from '../src/domain/business-number.ts';
import type { Target } from '../src/domain/flow.ts';
import type { NumberId, OrganizationId } from '../src/domain/ids.ts';
import type { Country, E164 } from '../src/domain/phone-number.ts';
import { buildSnapshot, type OrganizationConfig } from '../src/routing/index.ts';
import { openStore } from '../src/store/open-store.ts';
import { msSince, nowNs, percentile } from './support/measure.ts';

const stamp = '2026-01-01T00:00:00.000Z';
const ring = (mobile: number): Target => ({
  type: 'ring',
  strategy: 'sequential',
  destinations: [
    { to: { kind: 'phone', e164: '+31207654321' as E164 }, label: 'Office', delaySeconds: 0, ringSeconds: 20 },
    { to: { kind: 'phone', e164: `+316${10_000_000 + mobile}` as E164 }, label: 'Mobile', delaySeconds: 0, ringSeconds: 20 },
  ],
  noAnswer: { type: 'hangup', reason: 'unavailable' },
});

function syntheticOrganization(o: number): OrganizationConfig {
  const id = `org_synthetic${String(o).padStart(13, '0')}` as OrganizationId;
  const numbers: BusinessNumber[] = Array.from({ length: 100 }, (_, n) => ({
    id: `num_s${o}_${n}` as NumberId,
    organizationId: id,
    phoneNumber: `+3130${1_000_000 + o * 100 + n}` as E164,
    label: `Line ${n}`,
    flow: { target: ring(o * 100 + n) },
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  }));
  return { organization: { id, name: `Synthetic ${o}`, country: 'NL' as Country, allowedCountries: null, createdAt: stamp, updatedAt: stamp }, numbers };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ringroute-bench-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bench.db') });
  try {
    await store.migrate();
    const actor = { tokenId: null };
    const organization = await store.transaction(actor, (tx) => tx.organizations.create({ name: 'Bench', country: 'NL' as Country }));
    const ids: NumberId[] = [];
    await store.transaction(actor, async (tx) => {
      for (let n = 0; n < 100; n++) {
        const created = await tx.numbers.create({ organizationId: organization.id, phoneNumber: `+3120${1_000_000 + n}` as E164, label: `Line ${n}`, flow: { target: ring(n) } });
        ids.push(created.id);
      }
    });

    let committedAt = 0n;
    store.onChange(() => {
      committedAt = nowNs(); // registered first: runs right after commit, before the snapshot listener
    });
    const base = buildSnapshot(Array.from({ length: 9_999 }, (_, o) => syntheticOrganization(o)));
    const live = await LiveRouting.follow(store, base);
    console.error(`  snapshot: ${live.current().numberCount} numbers`);

    const commitToSwap: number[] = [];
    const writeToSwap: number[] = [];
    const rounds = 300;
    for (let i = 0; i < rounds + 20; i++) {
      const id = ids[i % ids.length]!;
      const begin = nowNs();
      await store.transaction(actor, (tx) => tx.numbers.update(organization.id, id, { flow: { target: ring(500_000 + i) } }));
      const end = nowNs();
      const swapped = live.current().lookupNumber(`+3120${1_000_000 + (i % ids.length)}` as E164);
      if (swapped?.number.version !== Math.floor(i / ids.length) + 2) throw new Error('the snapshot did not have the change when transaction() returned');
      if (i < 20) continue; // warm-up
      writeToSwap.push(msSince(begin));
      commitToSwap.push(Number(end - committedAt) / 1e6);
    }
    const row = (name: string, samples: number[]) => `| ${name} | ${percentile(samples, 50).toFixed(2)} ms | ${percentile(samples, 99).toFixed(2)} ms |`;
    console.log(`Change to one number's destinations, organization of 100 numbers, node routing ${live.current().numberCount.toLocaleString('en')} numbers, SQLite, ${rounds} rounds:\n`);
    console.log('| measure | p50 | p99 |\n|---|---:|---:|');
    console.log(row('commit → new snapshot live', commitToSwap));
    console.log(row('API write → new snapshot live (write, commit, reload, swap)', writeToSwap));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
