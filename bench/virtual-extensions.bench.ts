/**
 * Virtual extensions at 100,000 on SQLite: a CSV import of 100,000 rows through the importer (the
 * task code POST /v1/virtual-extensions/import and `ringroute import` run), then the latency of the
 * `q` search and of a list by extension, through the repository and through the HTTP API (inject),
 * and of deep pages by offset and by cursor (`nextCursor`, keyset paging).
 *
 *   node --import tsx --expose-gc bench/virtual-extensions.bench.ts      (or: npm run bench -- virtual-extensions)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.ts';
import { runVirtualExtensionImport } from '../src/api/import/virtual-extension-import.ts';
import { LiveRouting } from '../src/api/live-routing.ts';
import { bootstrap } from '../src/cli/bootstrap.ts';
import { loadConfig } from '../src/cli/config.ts';
import { dialPlanDefaults } from '../src/domain/dial-plan.ts';
import type { Country } from '../src/domain/phone-number.ts';
import { encodeCursor } from '../src/api/virtual-extension-cursor.ts';
import { openStore } from '../src/store/open-store.ts';
import type { VirtualExtensionPosition } from '../src/store/store.ts';
import { formatCount, msSince, nowNs, percentile } from './support/measure.ts';
import { seededRandom } from './support/seeded-random.ts';

const rowCount = 100_000;
const locationCount = 10;
const searchRounds = 100;
const secret = 'rr_bench_virtual_extensions_token_0123456789';

const random = seededRandom(20261123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const firstNames = ['José', 'Ana', 'Zoë', 'Jürgen', 'Søren', 'Amélie', 'Łukasz', 'Chloé', 'Noah', 'Emma', 'Liam', 'Olivia', 'Mateo', 'Sofía', 'Ines', 'Björn', 'Çağla', 'Hélène', 'Pedro', 'Maria', '小明', 'أمل'];
const lastNames = ['Álvarez', 'Silva', 'de Vries', 'Müller', 'Nørgaard', 'Dubois', 'Kowalski', 'García', 'Janssen', 'Smith', 'Rossi', 'Yıldız', 'Öberg', 'Peeters', 'Santos', 'Bakker', '王', 'حداد', 'Martín', 'Costa'];

function csvOf(rows: number): string {
  const lines = ['Level,Location,Extension,Phone Number,First Name,Last Name,Display Name'];
  for (let i = 0; i < rows; i++) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    // One in five at one of the locations; extensions of 6 digits starting with 1–3 (never 8 or 0).
    const atLocation = i % 5 === 0;
    const location = atLocation ? `Site ${i % locationCount}` : '';
    const phone = `+31 6 ${String(10_000_000 + i).slice(0, 4)} ${String(10_000_000 + i).slice(4)}`;
    lines.push(`${atLocation ? 'Location' : 'Organization'},${location},${100_000 + i},${phone},${first},${last},"${last}, ${first} ${i}"`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ringroute-bench-vex-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'ringroute.db') });
  try {
    await store.migrate();
    await bootstrap(store, loadConfig({ RINGROUTE_COUNTRY: 'NL', RINGROUTE_BOOTSTRAP_TOKEN: secret }));
    const organization = (await store.organizations.list({ limit: 1, offset: 0 })).items[0];
    if (!organization) throw new Error('no organization');
    const organizationId = organization.id;
    await store.transaction({ tokenId: null }, async (tx) => {
      await tx.dialPlanSettings.update(organizationId, { ...dialPlanDefaults, extensionLength: 6 });
      for (let l = 0; l < locationCount; l++) {
        await tx.locations.create(organizationId, { name: `Site ${l}`, timeZone: 'Europe/Amsterdam', routingPrefix: `8${String(l + 10)}`, outsideDialDigit: '0', country: 'NL' as Country, emergencyCallbackNumber: null });
      }
    });

    // --- Import ---
    const content = csvOf(rowCount);
    const task = await store.transaction({ tokenId: null }, (tx) =>
      tx.tasks.create({ organizationId, kind: 'virtual_extension_import', fileName: 'bench.csv', content, createdBy: null }),
    );
    const started = nowNs();
    await runVirtualExtensionImport(store, task.id);
    const importMs = msSince(started);
    const finished = await store.tasks.get(organizationId, task.id);
    if (!finished || finished.status !== 'completed') throw new Error(`import ended ${finished?.status}: ${finished?.error} (${JSON.stringify(finished?.counts)})`);
    console.log(`CSV file: ${formatCount(rowCount)} rows, ${(content.length / 1e6).toFixed(1)} MB (20% at 10 locations, accented names)`);
    console.log('| measurement | result |');
    console.log('|---|---:|');
    console.log(`| import of ${formatCount(rowCount)} rows (parse, check, write in batches of 1,000) | ${(importMs / 1000).toFixed(1)} s (${formatCount(rowCount / (importMs / 1000))} rows/s) |`);

    // A second import of the same file: every row unchanged.
    const again = await store.transaction({ tokenId: null }, (tx) =>
      tx.tasks.create({ organizationId, kind: 'virtual_extension_import', fileName: 'bench.csv', content, createdBy: null }),
    );
    const againStarted = nowNs();
    await runVirtualExtensionImport(store, again.id);
    const againMs = msSince(againStarted);
    const unchanged = (await store.tasks.get(organizationId, again.id))?.counts.unchanged ?? 0;
    console.log(`| the same file again (${formatCount(unchanged)} unchanged) | ${(againMs / 1000).toFixed(1)} s |`);

    // --- Search and list ---
    const live = await LiveRouting.follow(store);
    const app = await buildApp({ store, live });
    await app.ready();
    const queries = ['jose', 'silva ana', 'mül', 'a', 'zz', 'alvarez jose 12345', '12345'];
    for (const q of queries) {
      const repo: number[] = [];
      const http: number[] = [];
      let total = 0;
      for (let i = 0; i < searchRounds; i++) {
        const t = nowNs();
        const page = await store.virtualExtensions.list(organizationId, { limit: 50, offset: 0, q, sort: 'displayName' });
        repo.push(msSince(t));
        total = page.total;
        const h = nowNs();
        const res = await app.inject({ method: 'GET', url: `/v1/virtual-extensions?q=${encodeURIComponent(q)}&sort=displayName`, headers: { authorization: `Bearer ${secret}` } });
        http.push(msSince(h));
        if (res.statusCode !== 200) throw new Error(res.body);
      }
      console.log(`| search q=${JSON.stringify(q)} (${formatCount(total)} match), first page of 50 by name: p50 / p95, repository · HTTP | ${percentile(repo, 50).toFixed(2)} / ${percentile(repo, 95).toFixed(2)} ms · ${percentile(http, 50).toFixed(2)} / ${percentile(http, 95).toFixed(2)} ms |`);
    }
    const byExtension: number[] = [];
    const byExtensionHttp: number[] = [];
    for (let i = 0; i < searchRounds; i++) {
      const extension = String(100_000 + Math.floor(random() * rowCount));
      const t = nowNs();
      const page = await store.virtualExtensions.list(organizationId, { limit: 50, offset: 0, extension });
      byExtension.push(msSince(t));
      if (page.total !== 1) throw new Error(`extension ${extension}: ${page.total} found`);
      const h = nowNs();
      await app.inject({ method: 'GET', url: `/v1/virtual-extensions?extension=${extension}`, headers: { authorization: `Bearer ${secret}` } });
      byExtensionHttp.push(msSince(h));
    }
    console.log(`| list by extension: p50 / p95, repository · HTTP | ${percentile(byExtension, 50).toFixed(2)} / ${percentile(byExtension, 95).toFixed(2)} ms · ${percentile(byExtensionHttp, 50).toFixed(2)} / ${percentile(byExtensionHttp, 95).toFixed(2)} ms |`);
    const plain: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = nowNs();
      await store.virtualExtensions.list(organizationId, { limit: 50, offset: Math.floor(random() * 1000) * 50, sort: 'displayName' });
      plain.push(msSince(t));
    }
    console.log(`| page of 50 by name at a random offset (no filter): p50 / p95 | ${percentile(plain, 50).toFixed(2)} / ${percentile(plain, 95).toFixed(2)} ms |`);

    // --- Deep pages by cursor ---
    // Every page of the list, 50 at a time, each from the last one's cursor: the cost of page 1,900
    // should be that of page 1.
    const deepPage = 1_900;
    for (const sort of ['displayName', '-extension', 'createdAt'] as const) {
      const perPage: number[] = [];
      let after: VirtualExtensionPosition | undefined;
      let seen = 0;
      let atDeepPage: VirtualExtensionPosition | undefined;
      const walkStarted = nowNs();
      do {
        if (perPage.length === deepPage) atDeepPage = after;
        const t = nowNs();
        const page = await store.virtualExtensions.list(organizationId, { limit: 50, offset: 0, sort, ...(after ? { after } : {}) });
        perPage.push(msSince(t));
        seen += page.items.length;
        after = page.next ?? undefined;
      } while (after);
      const walkMs = msSince(walkStarted);
      if (seen !== rowCount) throw new Error(`cursor walk by ${sort} saw ${seen} of ${rowCount}`);
      console.log(
        `| deep pages by cursor, sort=${sort}: all ${formatCount(perPage.length)} pages of 50 (repository), p50 / p95 / max per page; whole walk | ${percentile(perPage, 50).toFixed(2)} / ${percentile(perPage, 95).toFixed(2)} / ${Math.max(...perPage).toFixed(2)} ms; ${(walkMs / 1000).toFixed(1)} s |`,
      );
      if (sort !== 'displayName' || !atDeepPage) continue;
      const byOffset: number[] = [];
      const byCursor: number[] = [];
      const byCursorHttp: number[] = [];
      const cursor = encodeCursor(atDeepPage);
      for (let i = 0; i < searchRounds; i++) {
        const o = nowNs();
        await store.virtualExtensions.list(organizationId, { limit: 50, offset: deepPage * 50, sort });
        byOffset.push(msSince(o));
        const c = nowNs();
        await store.virtualExtensions.list(organizationId, { limit: 50, offset: 0, sort, after: atDeepPage });
        byCursor.push(msSince(c));
        const h = nowNs();
        const res = await app.inject({ method: 'GET', url: `/v1/virtual-extensions?sort=${sort}&cursor=${encodeURIComponent(cursor)}`, headers: { authorization: `Bearer ${secret}` } });
        byCursorHttp.push(msSince(h));
        if (res.statusCode !== 200) throw new Error(res.body);
      }
      console.log(`| page of 50 by name at offset ${formatCount(deepPage * 50)} (page ${formatCount(deepPage + 1)}): by offset · by cursor (repository) · by cursor (HTTP), p50 / p95 | ${percentile(byOffset, 50).toFixed(2)} / ${percentile(byOffset, 95).toFixed(2)} ms · ${percentile(byCursor, 50).toFixed(2)} / ${percentile(byCursor, 95).toFixed(2)} ms · ${percentile(byCursorHttp, 50).toFixed(2)} / ${percentile(byCursorHttp, 95).toFixed(2)} ms |`);
    }
    await app.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
