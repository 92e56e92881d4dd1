import type { Selectable } from 'kysely';
import { taskStatuses, type Task, type TaskFailedRow, type TaskKind, type TaskRowError, type TaskStatus } from '../domain/csv-import-task.ts';
import { newId, type OrganizationId, type TaskId, type TokenId } from '../domain/ids.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime } from './row-mapping.ts';
import { countAll, pageOfRows, rowById } from './row-reads.ts';
import type { TaskTable } from './schema.ts';
import type { NewTask, Page, PageRequest, StoredTask, TaskProgress, TaskReads, TaskRepository } from './store.ts';

/**
 * Tasks and the rows of their files that failed. Bookkeeping, not configuration: task writes are not
 * audited themselves (the virtual extensions an import writes are), and they ride in the same
 * transaction as the batch they describe, so the cursor and the rows it counts commit together.
 */

const taskColumns = [
  'id',
  'organization_id',
  'kind',
  'status',
  'file_name',
  'rows_total',
  'rows_succeeded',
  'rows_failed',
  'rows_unchanged',
  'error',
  'created_by',
  'created_at',
  'started_at',
  'finished_at',
  'updated_at',
] as const;
type TaskRow = Pick<Selectable<TaskTable>, (typeof taskColumns)[number]>;

function toTask(row: TaskRow): Task {
  const succeeded = row.rows_succeeded;
  const failed = row.rows_failed;
  const unchanged = row.rows_unchanged;
  return {
    id: row.id as TaskId,
    organizationId: row.organization_id as OrganizationId,
    // Only this code writes kind and status.
    kind: row.kind as TaskKind,
    status: asStatus(row.status),
    fileName: row.file_name,
    counts: { total: row.rows_total, done: succeeded + failed + unchanged, succeeded, failed, unchanged },
    error: row.error,
    createdBy: row.created_by as TokenId | null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

function asStatus(value: string): TaskStatus {
  const status = taskStatuses.find((s) => s === value);
  if (!status) throw new Error(`tasks.status holds ${JSON.stringify(value)}, which is not a task status`);
  return status;
}

export class TaskReader implements TaskReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: TaskId): Promise<Task | null> {
    const row = await rowById(this.context.db().selectFrom('tasks').select(taskColumns), organizationId, id);
    return row ? toTask(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest & { readonly status?: TaskStatus }): Promise<Page<Task>> {
    let matching = this.context.db().selectFrom('tasks').where('organization_id', '=', organizationId);
    if (page.status !== undefined) matching = matching.where('status', '=', page.status);
    const { rows, total } = await pageOfRows(page, matching.select(taskColumns).orderBy('seq', 'desc'), matching.select(countAll));
    return { items: rows.map(toTask), total };
  }

  async failedRows(organizationId: OrganizationId, id: TaskId, page: PageRequest): Promise<Page<TaskFailedRow>> {
    const matching = this.context
      .db()
      .selectFrom('task_failed_rows as f')
      .innerJoin('tasks as t', 't.id', 'f.task_id')
      .where('t.organization_id', '=', organizationId)
      .where('f.task_id', '=', id);
    const { rows, total } = await pageOfRows(page, matching.select(['f.line', 'f.fields', 'f.errors']).orderBy('f.line').orderBy('f.seq'), matching.select(countAll));
    return {
      // Written by this code: a JSON array of strings and one of row errors.
      items: rows.map((r) => ({ line: r.line, fields: JSON.parse(r.fields) as string[], errors: JSON.parse(r.errors) as TaskRowError[] })),
      total,
    };
  }

  async unfinished(): Promise<readonly TaskId[]> {
    const rows = await this.context.db().selectFrom('tasks').select('id').where('status', 'in', ['queued', 'running']).orderBy('seq').execute();
    return rows.map((r) => r.id as TaskId);
  }

  async stored(id: TaskId): Promise<StoredTask | null> {
    const row = await this.context.db().selectFrom('tasks').select([...taskColumns, 'content', 'cursor']).where('id', '=', id).executeTakeFirst();
    return row ? { ...toTask(row), content: row.content, cursor: row.cursor } : null;
  }
}

export class TaskWriter extends TaskReader implements TaskRepository {
  readonly #write: WriteContext;

  constructor(context: WriteContext) {
    super(context);
    this.#write = context;
  }

  async create(input: NewTask): Promise<Task> {
    const at = isoTime(this.#write.now());
    const row = {
      id: newId('task', this.#write.now()),
      organization_id: input.organizationId,
      kind: input.kind,
      status: 'queued',
      file_name: input.fileName,
      content: input.content,
      cursor: 0,
      rows_total: 0,
      rows_succeeded: 0,
      rows_failed: 0,
      rows_unchanged: 0,
      error: null,
      created_by: input.createdBy,
      created_at: at,
      started_at: null,
      finished_at: null,
      updated_at: at,
    };
    await this.#write.db().insertInto('tasks').values(row).execute();
    return toTask(row);
  }

  async lock(id: TaskId): Promise<StoredTask | null> {
    const row = await this.#write
      .db()
      .selectFrom('tasks')
      .select([...taskColumns, 'content', 'cursor'])
      .where('id', '=', id)
      .$if(this.#write.lockRows, (q) => q.forUpdate())
      .executeTakeFirst();
    return row ? { ...toTask(row), content: row.content, cursor: row.cursor } : null;
  }

  async start(id: TaskId, total: number): Promise<void> {
    const at = isoTime(this.#write.now());
    await this.#write
      .db()
      .updateTable('tasks')
      .set((eb) => ({ status: 'running', rows_total: total, started_at: eb.fn.coalesce('started_at', eb.val(at)), updated_at: at }))
      .where('id', '=', id)
      .execute();
  }

  async advance(id: TaskId, progress: TaskProgress): Promise<void> {
    const db = this.#write.db();
    const { succeeded, failed, unchanged } = progress.add;
    await db
      .updateTable('tasks')
      .set((eb) => ({
        cursor: progress.cursor,
        rows_succeeded: eb('rows_succeeded', '+', succeeded),
        rows_failed: eb('rows_failed', '+', failed),
        rows_unchanged: eb('rows_unchanged', '+', unchanged),
        updated_at: isoTime(this.#write.now()),
      }))
      .where('id', '=', id)
      .execute();
    const rows = progress.failedRows.map((r) => ({ task_id: id, line: r.line, fields: JSON.stringify(r.fields), errors: JSON.stringify(r.errors) }));
    for (let start = 0; start < rows.length; start += 1_000) {
      await db.insertInto('task_failed_rows').values(rows.slice(start, start + 1_000)).execute();
    }
  }

  async finish(id: TaskId, status: 'completed' | 'completed_with_errors' | 'failed', error: string | null): Promise<Task | null> {
    const at = isoTime(this.#write.now());
    await this.#write.db().updateTable('tasks').set({ status, error, finished_at: at, updated_at: at }).where('id', '=', id).execute();
    const row = await this.#write.db().selectFrom('tasks').select(taskColumns).where('id', '=', id).executeTakeFirst();
    return row ? toTask(row) : null;
  }
}
