import { Type } from '@sinclair/typebox';
import { taskStatuses } from '../../domain/csv-import-task.ts';
import { PageOf, Timestamp } from './common.ts';

const Status = Type.Union(
  taskStatuses.map((s) => Type.Literal(s)),
  { description: 'queued → running → completed, completed_with_errors (some rows failed) or failed (the file as a whole: not CSV, columns missing, …)' },
);

const RowError = Type.Object({
  line: Type.Integer({ description: 'The line of the file the row starts on (the header is line 1)' }),
  column: Type.Union([Type.String(), Type.Null()], { description: 'The column as the file names it' }),
  code: Type.String(),
  message: Type.String(),
});

const taskFields = {
    id: Type.String(),
    kind: Type.String({ examples: ['virtual_extension_import'] }),
    status: Status,
    fileName: Type.Union([Type.String(), Type.Null()]),
    rows: Type.Object(
      {
        total: Type.Integer(),
        done: Type.Integer(),
        succeeded: Type.Integer({ description: 'Created or changed' }),
        failed: Type.Integer(),
        unchanged: Type.Integer({ description: 'Equal to what was stored already' }),
      },
      { description: 'Counts of the data rows (the header not counted)' },
    ),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why the task failed as a whole' }),
    createdAt: Timestamp,
    startedAt: Type.Union([Timestamp, Type.Null()]),
    finishedAt: Type.Union([Timestamp, Type.Null()]),
    updatedAt: Timestamp,
};

export const Task = Type.Object(taskFields, { $id: 'Task', title: 'Task' });

export const TaskDetail = Type.Object(
  {
    ...taskFields,
    errors: Type.Array(RowError, { description: 'Per-row problems in file order (those of the first 1,000 failed rows; errors.csv has every failed row)' }),
    errorsTruncated: Type.Boolean(),
  },
  { title: 'TaskDetail' },
);

export const TaskList = PageOf(Type.Ref(Task), 'TaskList');

export const TaskListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (1–500)' }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Items to skip' }),
  status: Type.Optional(Status),
});
