import { conflictsOfVirtualExtension, DialPlanDraft, type DialPlanIndex } from '../../dialplan/index.ts';
import { readCsv, type CsvRow } from '../../domain/csv-file.ts';
import { maxImportRows, type Task, type TaskFailedRow, type TaskRowError } from '../../domain/csv-import-task.ts';
import { columnName, matchCsvColumns, type CsvColumnMap } from '../../domain/csv-virtual-extension-columns.ts';
import type { VirtualExtension } from '../../domain/dial-plan.ts';
import { newId, type LocationId, type OrganizationId, type TaskId, type VirtualExtensionId } from '../../domain/ids.ts';
import type { Country, E164 } from '../../domain/phone-number.ts';
import { sameVirtualExtension, type VirtualExtensionSettings } from '../../domain/virtual-extension-input.ts';
import type { ReadRepositories, Repositories, Store, StoredTask, VirtualExtensionBatch } from '../../store/store.ts';
import { loadDialPlanIndex } from '../dial-plan-data-loader.ts';
import { columnOfField, LocationNames, readVirtualExtensionRow } from './csv-row-reader.ts';

/**
 * Runs a virtual extension import task: reads the stored file, then processes its rows in batches,
 * each batch one transaction that writes its virtual extensions, its failed rows and the task's new
 * cursor together. A restart therefore resumes at the first row no committed batch covered: no row is
 * lost and none is written twice. Every row stands alone; a `DialPlanDraft` carries the rows accepted
 * so far, so each row is checked against the organization's plan and every row before it.
 */

export interface ImportProgress {
  readonly taskId: TaskId;
  readonly done: number;
  readonly total: number;
}

export interface ImportOptions {
  /** Rows per transaction (default 1,000). */
  readonly batchSize?: number;
  /** Called after each committed batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Asked after each committed batch; true stops the import there (the task stays `running`, to be resumed). */
  readonly shouldStop?: () => boolean;
}

export type ImportOutcome = 'finished' | 'stopped' | 'skipped';

const defaultBatchSize = 1_000;

/** A row that passed every check, with the id it is stored under. */
interface Planned {
  readonly id: VirtualExtensionId;
  readonly settings: VirtualExtensionSettings;
}

/** Another runner moved the task on since this one read it: this one lets go. */
class TaskTakenOver extends Error {}

export async function runVirtualExtensionImport(store: Store, taskId: TaskId, options: ImportOptions = {}): Promise<ImportOutcome> {
  const task = await store.tasks.stored(taskId);
  if (!task || (task.status !== 'queued' && task.status !== 'running')) return 'skipped';
  const actor = { tokenId: task.createdBy };
  const fail = async (message: string): Promise<ImportOutcome> => {
    await store.transaction(actor, (tx) => tx.tasks.finish(taskId, 'failed', message));
    return 'finished';
  };

  const file = readCsv(task.content);
  if (!file.ok) return fail(file.message);
  if (file.rows.length > maxImportRows) return fail(`The file has ${file.rows.length} rows; at most ${maxImportRows.toLocaleString('en-US')} are imported at once: split it`);
  const match = matchCsvColumns(file.header);
  if (!match.ok) return fail(match.message);
  const organization = await store.organizations.get(task.organizationId);
  if (!organization) return fail('The organization no longer exists');

  await store.transaction(actor, (tx) => tx.tasks.start(taskId, file.rows.length));
  const run = new ImportRun(task, match.columns, organization.country);
  try {
    await run.load(store);
    run.replay(file.rows.slice(0, task.cursor));
    let cursor = task.cursor;
    const batchSize = options.batchSize ?? defaultBatchSize;
    while (cursor < file.rows.length) {
      const batch = file.rows.slice(cursor, cursor + batchSize);
      const from = cursor;
      cursor = await store.transaction(actor, (tx) => run.batch(tx, from, batch));
      options.onProgress?.({ taskId, done: cursor, total: file.rows.length });
      if (cursor < file.rows.length && options.shouldStop?.()) return 'stopped';
    }
  } catch (error) {
    if (error instanceof TaskTakenOver) return 'skipped';
    const landed = (await store.tasks.get(task.organizationId, taskId))?.counts.done ?? 0;
    const reason = error instanceof Error ? error.message : String(error);
    return fail(`The import stopped after ${landed} of ${file.rows.length} rows (those rows are stored; the rest is not): ${reason}`);
  }
  const finished = await store.tasks.get(task.organizationId, taskId);
  await store.transaction(actor, (tx) => tx.tasks.finish(taskId, (finished?.counts.failed ?? 0) > 0 ? 'completed_with_errors' : 'completed', null));
  return 'finished';
}

/** The state of one import between batches: the draft plan, the stored records and the keys seen in the file. */
class ImportRun {
  readonly #task: StoredTask;
  readonly #columns: CsvColumnMap;
  readonly #country: Country | null;
  #draft: DialPlanDraft | null = null;
  #byPhone = new Map<E164, VirtualExtension>();
  #locations = new LocationNames([]);
  /** The newest audit entry of the organization after our last batch: another one means someone else changed something. */
  #lastSeenChange: string | null = null;
  /** First line of the file each phone number and each extension (per scope) was on. */
  readonly #phones = new Map<E164, number>();
  readonly #extensions = new Map<string, number>();

  constructor(task: StoredTask, columns: CsvColumnMap, country: Country | null) {
    this.#task = task;
    this.#columns = columns;
    this.#country = country;
  }

  get #organizationId(): OrganizationId {
    return this.#task.organizationId;
  }

  /** Reads the plan, the stored virtual extensions and the locations as `reads` sees them now. */
  async load(reads: ReadRepositories): Promise<void> {
    const index: DialPlanIndex = await loadDialPlanIndex(reads, this.#organizationId);
    this.#draft = DialPlanDraft.from(index);
    this.#byPhone = new Map((await reads.virtualExtensions.listAll(this.#organizationId)).map((v) => [v.phoneNumber, v]));
    this.#locations = new LocationNames(await reads.locations.listAll(this.#organizationId));
    this.#lastSeenChange = await this.#newestChange(reads);
  }

  /** Rows a previous run already processed: only their keys matter now, for DUPLICATE_IN_LIST. */
  replay(rows: readonly CsvRow[]): void {
    for (const row of rows) {
      const read = readVirtualExtensionRow(row, this.#columns, this.#locations, this.#country);
      if (read.ok) this.#remember(read.settings, row.line);
    }
  }

  async batch(tx: Repositories, from: number, rows: readonly CsvRow[]): Promise<number> {
    await tx.dialPlanSettings.lock(this.#organizationId);
    const locked = await tx.tasks.lock(this.#task.id);
    if (!locked || locked.cursor !== from || (locked.status !== 'running' && locked.status !== 'queued')) throw new TaskTakenOver();
    // Someone changed the organization between two batches (a location, a user, a virtual extension):
    // the draft may be stale, so read it again, inside this transaction.
    if ((await this.#newestChange(tx)) !== this.#lastSeenChange) await this.load(tx);
    const draft = this.#draft;
    if (!draft) throw new Error('the import run was not loaded');

    const creates: Planned[] = [];
    const updates: Planned[] = [];
    const failedRows: TaskFailedRow[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const errors = this.#check(row, draft, creates, updates);
      if (errors === 'unchanged') unchanged++;
      else if (errors.length > 0) failedRows.push({ line: row.line, fields: row.fields, errors });
    }
    const first = rows[0]?.line ?? 0;
    const last = rows[rows.length - 1]?.line ?? first;
    const batch: VirtualExtensionBatch = { creates, updates, audit: { taskId: this.#task.id, firstLine: first, lastLine: last } };
    const written = await tx.virtualExtensions.writeBatch(this.#organizationId, batch);
    for (const record of written) this.#byPhone.set(record.phoneNumber, record);
    const cursor = from + rows.length;
    await tx.tasks.advance(this.#task.id, { cursor, add: { succeeded: written.length, failed: failedRows.length, unchanged }, failedRows });
    this.#lastSeenChange = await this.#newestChange(tx);
    return cursor;
  }

  /** One row: its problems, 'unchanged', or [] after adding it to `creates` or `updates` and the draft. */
  #check(row: CsvRow, draft: DialPlanDraft, creates: Planned[], updates: Planned[]): TaskRowError[] | 'unchanged' {
    const read = readVirtualExtensionRow(row, this.#columns, this.#locations, this.#country);
    if (!read.ok) return [...read.errors];
    const settings = read.settings;
    const duplicates = this.#duplicatesInFile(settings, row.line);
    this.#remember(settings, row.line);
    if (duplicates.length > 0) return duplicates;

    const stored = this.#byPhone.get(settings.phoneNumber);
    if (stored && sameVirtualExtension(stored, settings)) return 'unchanged';
    const conflicts = conflictsOfVirtualExtension(draft, settings, stored ? { ignoreId: stored.id } : {});
    if (conflicts.length > 0) {
      return conflicts.map((c) => {
        const column = columnOfField(c.field);
        const where = c.conflictsWith ? ` [${c.conflictsWith.type} ${c.conflictsWith.id}]` : '';
        return { line: row.line, column: column ? columnName(this.#columns, column) : null, code: c.code, message: `${c.message}${where}` };
      });
    }
    const id = stored?.id ?? newId('virtualExtension');
    draft.putVirtualExtension({ id, displayName: settings.displayName, extension: settings.extension, phoneNumber: settings.phoneNumber, locationId: settings.locationId });
    (stored ? updates : creates).push({ id, settings });
    return [];
  }

  #duplicatesInFile(settings: VirtualExtensionSettings, line: number): TaskRowError[] {
    const errors: TaskRowError[] = [];
    const phoneLine = this.#phones.get(settings.phoneNumber);
    if (phoneLine !== undefined && phoneLine !== line) {
      errors.push({ line, column: columnName(this.#columns, 'Phone Number'), code: 'DUPLICATE_IN_LIST', message: `${settings.phoneNumber} is also on line ${phoneLine} of this file` });
    }
    const extensionLine = this.#extensions.get(scopeKey(settings.extension, settings.locationId));
    if (extensionLine !== undefined && extensionLine !== line) {
      errors.push({ line, column: columnName(this.#columns, 'Extension'), code: 'DUPLICATE_IN_LIST', message: `Extension ${settings.extension} at the same level and location is also on line ${extensionLine} of this file` });
    }
    return errors;
  }

  #remember(settings: VirtualExtensionSettings, line: number): void {
    if (!this.#phones.has(settings.phoneNumber)) this.#phones.set(settings.phoneNumber, line);
    const key = scopeKey(settings.extension, settings.locationId);
    if (!this.#extensions.has(key)) this.#extensions.set(key, line);
  }

  async #newestChange(reads: ReadRepositories): Promise<string | null> {
    const page = await reads.audit.list(this.#organizationId, { limit: 1, offset: 0 });
    return page.items[0]?.id ?? null;
  }
}

function scopeKey(extension: string, locationId: LocationId | null): string {
  return `${locationId ?? ''}/${extension}`;
}

/** The task's summary line, as the command line prints it. */
export function describeTask(task: Task): string {
  const c = task.counts;
  const parts = [`${c.total} rows`, `${c.succeeded} imported`, `${c.unchanged} unchanged`, `${c.failed} failed`];
  return `Task ${task.id} ${task.status}: ${parts.join(', ')}${task.error ? `\n${task.error}` : ''}`;
}
