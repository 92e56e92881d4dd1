import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import { readCsvHeader } from '../../domain/csv-file.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { asId, type OrganizationId, type TaskId } from '../../domain/ids.ts';
import type { Task as TaskRecord } from '../../domain/csv-import-task.ts';
import type { Store } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { TaskDetail, TaskList, TaskListQuery } from '../schemas/tasks.ts';
import { presentTask } from '../virtual-extension-presenter.ts';

const tags = ['tasks'];
/** Failed rows whose errors `GET /v1/tasks/{id}` lists; errors.csv has them all. */
const detailRows = 1_000;

/** Tasks: long-running jobs (CSV imports), their progress and the rows that failed. */
export function taskRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.get(
      '/tasks',
      { config: { access: 'read' }, schema: { tags, summary: 'List tasks, newest first', querystring: TaskListQuery, response: { 200: TaskList, ...authProblems } } },
      async (request) => {
        const { limit, offset, status } = request.query;
        const page = await store.tasks.list(actorOf(request).organizationId, { limit, offset, ...(status !== undefined ? { status } : {}) });
        return { items: page.items.map(presentTask), total: page.total, limit, offset };
      },
    );

    app.get(
      '/tasks/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'A task: status, row counts and the problems of failed rows', params: IdParams, response: { 200: TaskDetail, ...authProblems, 404: ProblemRef } },
      },
      async (request) => {
        const organizationId = actorOf(request).organizationId;
        const task = await getTask(store, organizationId, request.params.id);
        const failed = await store.tasks.failedRows(organizationId, task.id, { limit: detailRows, offset: 0 });
        return { ...presentTask(task), errors: failed.items.flatMap((row) => row.errors), errorsTruncated: failed.total > failed.items.length };
      },
    );

    app.get(
      '/tasks/:id/errors.csv',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'The rows that failed, ready to fix and upload again',
          description: "The file's header with an `Error` column added, then every failed row as it was in the file with its problems. The importer ignores the `Error` column.",
          produces: ['text/csv'],
          params: IdParams,
          response: { 200: Type.String(), ...authProblems, 404: ProblemRef },
        },
      },
      async (request, reply) => {
        const organizationId = actorOf(request).organizationId;
        const task = await getTask(store, organizationId, request.params.id);
        const stored = await store.tasks.stored(task.id);
        // A file that was an errors.csv already has an Error column: the new one replaces it.
        const header = readCsvHeader(stored?.content ?? '');
        const kept = header.flatMap((name, i) => (name.toLowerCase() === 'error' ? [] : [i]));
        const lines: string[][] = [[...kept.map((i) => header[i] ?? ''), 'Error']];
        for (let offset = 0; ; offset += 5_000) {
          const page = await store.tasks.failedRows(organizationId, task.id, { limit: 5_000, offset });
          for (const row of page.items) {
            const fields = kept.map((i) => row.fields[i] ?? '');
            const why = row.errors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join('; ');
            lines.push([...fields, why]);
          }
          if (page.items.length < 5_000) break;
        }
        const name = (task.fileName ?? 'virtual-extensions.csv').replace(/\.csv$/i, '');
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name.replace(/"/g, '')}-errors.csv"`)
          .send(`\uFEFF${stringify(lines, { record_delimiter: 'windows' })}`);
      },
    );
  };
}

async function getTask(store: Store, organizationId: OrganizationId, raw: string): Promise<TaskRecord> {
  const id: TaskId | null = asId('task', raw);
  const task = id ? await store.tasks.get(organizationId, id) : null;
  if (!task) throw new NotFoundError('Task', raw);
  return task;
}
