import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/cli/bootstrap.ts';
import { loadConfig } from '../../src/cli/config.ts';
import type { OrganizationId } from '../../src/domain/ids.ts';
import { openStore } from '../../src/store/open-store.ts';
import { killAll, runCli, temporaryDataDir } from './support/ringroute-process.ts';

/*
 * `ringroute import virtual-extensions FILE.csv` runs the API's importer against the local SQLite
 * database: a progress bar (plain lines when not on a terminal), the summary, one line per problem, and
 * exit code 1 when rows failed. What it imported is in the database afterwards, with its task.
 */

const dir = temporaryDataDir();
const database = () => openStore({ kind: 'sqlite', file: join(dir.path, 'ringroute.db') });
let organizationId: OrganizationId;

const csv = [
  'Display Name,Phone Number,Extension',
  'Ana Silva,+351 21 234 5678,5001',
  '"Álvarez, José",020 765 4321,5002',
  'Bad Number,12345,5003',
].join('\r\n');

beforeAll(async () => {
  const store = await database();
  try {
    await store.migrate();
    await bootstrap(store, loadConfig({ RINGROUTE_COUNTRY: 'NL' }));
    const first = (await store.organizations.list({ limit: 1, offset: 0 })).items[0];
    if (!first) throw new Error('bootstrap created no organization');
    organizationId = first.id;
  } finally {
    await store.close();
  }
  writeFileSync(join(dir.path, 'people.csv'), `\uFEFF${csv}\r\n`);
});

afterAll(async () => {
  await killAll();
  dir.remove();
});

describe('ringroute import virtual-extensions', () => {
  it('imports the file into the only organization, shows progress, prints the summary and the failed rows', async () => {
    const run = await runCli(['import', 'virtual-extensions', join(dir.path, 'people.csv')], { DATA_DIR: dir.path });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Importing: 100% (3/3)');
    expect(run.stdout).toMatch(/^Task tsk_\w+ completed_with_errors: 3 rows, 2 imported, 0 unchanged, 1 failed$/m);
    expect(run.stdout).toContain('line 4, Phone Number: invalid_phone_number:');

    const store = await database();
    try {
      const stored = await store.virtualExtensions.list(organizationId, { limit: 10, offset: 0, sort: 'extension' });
      expect(stored.items.map((v) => [v.displayName, v.phoneNumber])).toEqual([
        ['Ana Silva', '+351212345678'],
        ['Álvarez, José', '+31207654321'],
      ]);
      const tasks = await store.tasks.list(organizationId, { limit: 10, offset: 0 });
      expect(tasks.items).toEqual([expect.objectContaining({ fileName: 'people.csv', status: 'completed_with_errors' })]);
    } finally {
      await store.close();
    }
  });

  it('a second run of the same file changes nothing', async () => {
    const run = await runCli(['import', 'virtual-extensions', join(dir.path, 'people.csv')], { DATA_DIR: dir.path });
    expect(run.stdout).toMatch(/3 rows, 0 imported, 2 unchanged, 1 failed/);
  });

  it('says what is wrong with an unknown organization or a missing file, with exit code 1', async () => {
    const unknown = await runCli(['import', 'virtual-extensions', join(dir.path, 'people.csv'), '--organization', 'org_00000000000000000000zz'], { DATA_DIR: dir.path });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no organization org_00000000000000000000zz');
    const missing = await runCli(['import', 'virtual-extensions', join(dir.path, 'nothing.csv')], { DATA_DIR: dir.path });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
  });
});
