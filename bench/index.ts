// `npm run bench`: runs every benchmark, one process each so none warms up or pollutes another.
// Pass names to run some: `npm run bench -- routing` (an exact name runs that bench; otherwise a name
// runs every bench it starts: `npm run bench -- sip` runs sip-parse and sip-transactions).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
const picks = (w: string, f: string): boolean => (all.includes(`${w}.bench.ts`) ? f === `${w}.bench.ts` : f.startsWith(w));
const files = all.filter((f) => wanted.length === 0 || wanted.some((w) => picks(w, f))).sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n## ${file.replace('.bench.ts', '')}\n\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
