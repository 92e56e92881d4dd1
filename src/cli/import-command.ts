import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { runVirtualExtensionImport, describeTask } from '../api/import/virtual-extension-import.ts';
import type { Task, TaskFailedRow } from '../domain/csv-import-task.ts';
import { AppError } from '../domain/errors.ts';
import { asId, type OrganizationId } from '../domain/ids.ts';
import type { Store } from '../store/store.ts';
import type { Config } from './config.ts';
import { openConfiguredStore } from './open.ts';
import { ProgressBar, type ProgressOutput } from './progress-bar.ts';

export interface ImportCommandOptions {
  /** The organization to import into; absent: the only one the database has. */
  readonly organization?: string;
}

export interface ImportCommandResult {
  readonly task: Task;
  readonly failedRows: readonly TaskFailedRow[];
}

/**
 * `ringroute import virtual-extensions FILE.csv`: the same importer as POST /v1/virtual-extensions/import,
 * run in this process against the local database, with a progress bar on `progress`. The task is
 * stored like an uploaded one, so the API lists it and its errors.csv afterwards.
 */
export async function importVirtualExtensionsCommand(config: Config, file: string, options: ImportCommandOptions, progress: ProgressOutput): Promise<ImportCommandResult> {
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    if (error instanceof TypeError) throw new AppError('bad_request', `${file} is not UTF-8 text: save it as "CSV UTF-8"`);
    throw new AppError('bad_request', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { store } = await openConfiguredStore(config);
  try {
    const organizationId = await organizationFor(store, options.organization);
    const task = await store.transaction({ tokenId: null }, (tx) =>
      tx.tasks.create({ organizationId, kind: 'virtual_extension_import', fileName: basename(file), content, createdBy: null }),
    );
    const bar = new ProgressBar(progress, 'Importing');
    await runVirtualExtensionImport(store, task.id, { onProgress: ({ done, total }) => bar.update(done, total) });
    bar.finish();
    const finished = (await store.tasks.get(organizationId, task.id)) ?? task;
    const failed: TaskFailedRow[] = [];
    for (let offset = 0; ; offset += 5_000) {
      const page = await store.tasks.failedRows(organizationId, task.id, { limit: 5_000, offset });
      failed.push(...page.items);
      if (page.items.length < 5_000) break;
    }
    return { task: finished, failedRows: failed };
  } finally {
    await store.close();
  }
}

async function organizationFor(store: Store, raw: string | undefined): Promise<OrganizationId> {
  if (raw !== undefined) {
    const id = asId('organization', raw);
    const organization = id ? await store.organizations.get(id) : null;
    if (!organization) throw new AppError('not_found', `--organization: no organization ${raw} in this database`);
    return organization.id;
  }
  const page = await store.organizations.list({ limit: 2, offset: 0 });
  const only = page.items[0];
  if (!only) throw new AppError('not_found', 'this database has no organization yet: run `ringroute serve` once to create the first');
  if (page.total > 1) throw new AppError('bad_request', `this database has ${page.total} organizations: say which with --organization org_…`);
  return only.id;
}

/** The summary and one line per problem, as printed after the progress bar. */
export function formatImport(result: ImportCommandResult): string {
  const lines = [describeTask(result.task)];
  for (const row of result.failedRows) {
    for (const e of row.errors) lines.push(`  line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.code}: ${e.message}`);
  }
  return lines.join('\n');
}
