import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../domain/errors.ts';
import { decodeCsv, readMultipartCsv } from '../csv-upload.ts';
import { virtualExtensionCsvColumns } from '../../domain/csv-virtual-extension-columns.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import type { TaskRunner } from '../import/task-runner.ts';
import { authProblems, ProblemRef } from '../schemas/common.ts';
import { Task } from '../schemas/tasks.ts';
import { presentTask } from '../virtual-extension-presenter.ts';

const tags = ['virtual extensions'];

/** The file name a multipart upload carried, by request. */
const uploadedNames = new WeakMap<FastifyRequest, string>();

/** 100,000 rows of about 100 bytes fit easily; the row limit itself is the task's to enforce. */
const csvBodyLimit = 64 * 1024 * 1024;

/** The template's example rows: one organization-level, one at a location (a name the importer looks up). */
const templateRows = [
  ['Organization', '', '5001', '+351 21 234 5678', 'Ana', 'Silva', 'Ana Silva'],
  ['Location', 'Amsterdam', '1002', '+31 6 1234 5678', 'José', 'Álvarez', 'José Álvarez'],
];

/**
 * CSV import of virtual extensions: the template, and the upload that becomes a task. The task runs in
 * the background (TaskRunner); `GET /v1/tasks/{id}` follows it.
 */
export function virtualExtensionImportRoutes(ctx: ApiContext, runner: TaskRunner): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    // The file as uploaded (RFC 4180 §3 registers text/csv). Read as bytes, so a file that is not UTF-8
    // is refused rather than imported with replacement characters in its names.
    app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: csvBodyLimit }, (_request, body, done) => {
      try {
        done(null, decodeCsv(body as Buffer));
      } catch (error) {
        done(error instanceof Error ? error : new AppError('bad_request', String(error)), undefined);
      }
    });
    // The same file from a form (a browser's file input, `curl -F file=@ve.csv`): the body becomes its
    // text, and its file name names the task unless `?fileName=` does.
    app.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: IncomingMessage) => {
      const upload = await readMultipartCsv(request, payload, csvBodyLimit);
      if (upload.fileName) uploadedNames.set(request, upload.fileName);
      return upload.text;
    });

    app.get(
      '/virtual-extensions/template.csv',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'A CSV file to fill in for an import', produces: ['text/csv'], response: { 200: Type.String(), ...authProblems } },
      },
      async (_request, reply) => {
        // A byte order mark, so spreadsheet programs open the accents as UTF-8; the importer accepts files with or without.
        const body = `\uFEFF${stringify([[...virtualExtensionCsvColumns], ...templateRows], { record_delimiter: 'windows' })}`;
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="virtual-extensions.csv"').send(body);
      },
    );

    app.get(
      '/virtual-extensions/export.csv',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'All virtual extensions as a CSV file',
          description:
            'In the template\'s columns and in creation order, phone numbers in E.164: edit it in a spreadsheet and import it again. Importing it unchanged changes nothing.',
          produces: ['text/csv'],
          response: { 200: Type.String(), ...authProblems },
        },
      },
      async (request, reply) => {
        const { organizationId } = actorOf(request);
        const [virtualExtensions, locations] = await Promise.all([store.virtualExtensions.listAll(organizationId), store.locations.listAll(organizationId)]);
        const locationNames = new Map(locations.map((location) => [location.id, location.name]));
        const rows = virtualExtensions.map((v) => [
          v.locationId === null ? 'Organization' : 'Location',
          v.locationId === null ? '' : (locationNames.get(v.locationId) ?? ''),
          v.extension,
          v.phoneNumber,
          v.firstName ?? '',
          v.lastName ?? '',
          v.displayName,
        ]);
        // As the template: a byte order mark and CRLF, so spreadsheet programs open it as UTF-8.
        const body = `\uFEFF${stringify([[...virtualExtensionCsvColumns], ...rows], { record_delimiter: 'windows' })}`;
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="virtual-extensions-export.csv"').send(body);
      },
    );

    app.post(
      '/virtual-extensions/import',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Import virtual extensions from a CSV file',
          description:
            'Send the file as the body with `Content-Type: text/csv`, or as the file of a `multipart/form-data` form (header `Level,Location,Extension,Phone Number,First Name,Last Name,Display Name` in any order and case; up to 100,000 rows). Answers 202 with the task at once; `GET /v1/tasks/{id}` shows its progress and the rows that failed. Rows stand alone: valid ones land, invalid ones are reported with their line, column, code and message. A row whose phone number is already a virtual extension\'s updates it (or counts as unchanged when equal). `?fileName=` names the task.',
          consumes: ['text/csv', 'multipart/form-data'],
          querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }),
          body: Type.String({ description: 'The CSV file' }),
          response: { 202: Type.Ref(Task), ...authProblems, 413: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const fileName = request.query.fileName ?? uploadedNames.get(request) ?? fileNameOf(request.headers['content-disposition']);
        const task = await store.transaction(actor, (tx) =>
          tx.tasks.create({ organizationId: actor.organizationId, kind: 'virtual_extension_import', fileName, content: request.body, createdBy: actor.tokenId }),
        );
        runner.enqueue(task.id);
        return reply.code(202).header('location', `/v1/tasks/${task.id}`).send(presentTask(task));
      },
    );
  };
}

/** The file name of `Content-Disposition: attachment; filename="…"` (RFC 6266), if any. */
function fileNameOf(header: string | undefined): string | null {
  const match = header ? /filename="?([^";]+)"?/i.exec(header) : null;
  return match?.[1] ?? null;
}
