import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, NotFoundError } from '../../domain/errors.ts';
import { exceptionsFromIcs } from '../../domain/ics-import.ts';
import { IcsImportError } from '../../domain/ics-import-error.ts';
import { asId, type OrganizationId, type ScheduleId } from '../../domain/ids.ts';
import { scheduleLimits, type Schedule as ScheduleRecord, type ScheduleSettings } from '../../domain/schedule.ts';
import { scheduleFromInput } from '../../domain/schedule-input.ts';
import { scheduleStateAt } from '../../routing/schedule-evaluator.ts';
import type { ReadRepositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { refuseDeleteInUse } from '../flow-references.ts';
import { expectedVersion, setVersionTag } from '../if-match.ts';
import { presentSchedule, presentScheduleState } from '../presenters.ts';
import { instantOf } from '../query-instant.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { DocumentListQuery } from '../schemas/document-list.ts';
import { AtQuery, ImportResult, Schedule, ScheduleInput, ScheduleList, SchedulePatch, ScheduleStateResult } from '../schemas/schedules.ts';

const tags = ['schedules'];

/** Largest `.ics` file accepted: a holiday calendar of many years is tens of kilobytes. */
const icsBodyLimit = 1024 * 1024;

/** Schedules: opening hours, holidays and overrides in a time zone, which a number's flow rules name. */
export function scheduleRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    // Holiday calendars arrive as they are downloaded (RFC 5545 §8.1: text/calendar); this plugin's routes only.
    app.addContentTypeParser('text/calendar', { parseAs: 'string', bodyLimit: icsBodyLimit }, (_request, body, done) => done(null, body));

    app.post(
      '/schedules',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create a schedule',
          description: 'Weekly hours, exceptions (holidays) and an optional override, in an IANA time zone. Checked whole; every problem is named by its field.',
          body: ScheduleInput,
          response: { 201: Type.Ref(Schedule), ...authProblems },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const settings = scheduleFromInput(request.body);
        const created = await store.transaction(actor, (tx) => tx.schedules.create(actor.organizationId, settings));
        setVersionTag(reply, created.version);
        return reply.code(201).header('location', `/v1/schedules/${created.id}`).send(presentSchedule(created));
      },
    );

    app.get(
      '/schedules',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'List schedules', querystring: DocumentListQuery, response: { 200: ScheduleList, ...authProblems } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset, q } = request.query;
        const page = await store.schedules.list(actor.organizationId, { limit, offset, ...(q !== undefined ? { q } : {}) });
        return { items: page.items.map(presentSchedule), total: page.total, limit, offset };
      },
    );

    app.get(
      '/schedules/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get a schedule', params: IdParams, response: { 200: Type.Ref(Schedule), ...authProblems, 404: ProblemRef } },
      },
      async (request, reply) => {
        const schedule = await getSchedule(store, actorOf(request).organizationId, request.params.id);
        setVersionTag(reply, schedule.version);
        return presentSchedule(schedule);
      },
    );

    app.put(
      '/schedules/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Replace a schedule',
          description: 'The whole document; fields left out take their defaults (closed days, no exceptions, no override). With If-Match, only that version is replaced.',
          params: IdParams,
          body: ScheduleInput,
          response: { 200: Type.Ref(Schedule), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = scheduleId(request.params.id);
        await getSchedule(store, actor.organizationId, request.params.id); // a missing schedule is a 404 before any 400
        const settings = scheduleFromInput(request.body);
        const updated = await store.transaction(actor, (tx) => tx.schedules.update(actor.organizationId, id, settings, expectedVersion(request)));
        if (!updated) throw new NotFoundError('Schedule', request.params.id);
        setVersionTag(reply, updated.version);
        return presentSchedule(updated);
      },
    );

    app.patch(
      '/schedules/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change part of a schedule',
          description: 'The top-level fields given (name, timeZone, weekly, exceptions, override) replace the stored ones, then the whole schedule is checked. `"override": null` ends an override.',
          params: IdParams,
          body: SchedulePatch,
          response: { 200: Type.Ref(Schedule), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = scheduleId(request.params.id);
        const ifMatch = expectedVersion(request);
        // Merged with what is stored inside the transaction, so a concurrent change is not overwritten
        // field by field: the version read here is the one the update must still find.
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.schedules.get(actor.organizationId, id);
          if (!current) return null;
          const settings = scheduleFromInput({ ...settingsOf(current), ...request.body });
          return tx.schedules.update(actor.organizationId, id, settings, ifMatch ?? current.version);
        });
        if (!updated) throw new NotFoundError('Schedule', request.params.id);
        setVersionTag(reply, updated.version);
        return presentSchedule(updated);
      },
    );

    app.delete(
      '/schedules/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Delete a schedule',
          description: "Refused (409) while a number's flow names it; the problem lists those numbers.",
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = scheduleId(request.params.id);
        const deleted = await store.transaction(actor, async (tx) => {
          if (!(await tx.schedules.get(actor.organizationId, id))) return null;
          await refuseDeleteInUse(tx, actor.organizationId, { scheduleId: id });
          return tx.schedules.delete(actor.organizationId, id);
        });
        if (!deleted) throw new NotFoundError('Schedule', request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/schedules/:id/import',
      {
        config: { access: 'write' },
        // Before the body is read: another organization's or a missing schedule is a 404 whatever was sent.
        preParsing: async (request) => {
          const { id } = request.params as { id: string };
          await getSchedule(store, actorOf(request).organizationId, id);
        },
        schema: {
          tags,
          summary: 'Import holidays from an iCalendar (.ics) file',
          description:
            'Send the file as the body with `Content-Type: text/calendar` (at most 1 MB). Its events are appended to the schedule\'s exceptions, after the ones it has (importing the same file twice adds them twice): all-day events close their days, recurring all-day events become RRULE exceptions, timed events close their hours on one local date. Events that cannot be an exception are listed in `skipped` with the reason. A file that is not iCalendar is a 400 `invalid_ics`.',
          consumes: ['text/calendar'],
          params: IdParams,
          body: Type.String({ description: 'An iCalendar file (RFC 5545)' }),
          response: { 200: ImportResult, ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = scheduleId(request.params.id);
        const ifMatch = expectedVersion(request);
        const result = await store.transaction(actor, async (tx) => {
          const current = await tx.schedules.get(actor.organizationId, id);
          if (!current) return null;
          const { exceptions, skipped } = readIcs(request.body, current.timeZone, current.exceptions.length);
          const settings = scheduleFromInput({ ...settingsOf(current), exceptions: [...current.exceptions, ...exceptions] });
          const schedule = await tx.schedules.update(actor.organizationId, id, settings, ifMatch ?? current.version);
          return schedule ? { schedule, imported: exceptions.length, skipped } : null;
        });
        if (!result) throw new NotFoundError('Schedule', request.params.id);
        setVersionTag(reply, result.schedule.version);
        return { schedule: presentSchedule(result.schedule), imported: result.imported, skipped: result.skipped };
      },
    );

    app.get(
      '/schedules/:id/state',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'Is the schedule open at a moment, and why',
          description: 'Answers "are we open at 17:29:55 on Christmas Eve?" exactly as a call at that moment is routed: the override, then the first matching exception, then the weekly hours.',
          params: IdParams,
          querystring: AtQuery,
          response: { 200: ScheduleStateResult, ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const schedule = await getSchedule(store, actorOf(request).organizationId, request.params.id);
        const at = instantOf(request.query.at, ctx.now);
        return presentScheduleState(scheduleStateAt(schedule, at), at);
      },
    );
  };
}

/** The document of a stored schedule, as `scheduleFromInput` reads it back. */
function settingsOf(schedule: ScheduleRecord): ScheduleSettings {
  const { name, timeZone, weekly, exceptions, override } = schedule;
  return { name, timeZone, weekly, exceptions, override };
}

/**
 * The file's events as exceptions, as many as fit after the `held` the schedule has. Events past that
 * are skipped with a reason that counts the schedule's own exceptions too.
 */
function readIcs(text: string, timeZone: string, held: number): ReturnType<typeof exceptionsFromIcs> {
  const room = Math.max(0, scheduleLimits.maxExceptions - held);
  try {
    const result = exceptionsFromIcs(text, { timeZone, maxExceptions: room });
    const full = `the schedule would hold more than ${scheduleLimits.maxExceptions} exceptions (it has ${held}, the file adds ${room} before this one)`;
    const overflow = `more than ${room} exceptions`;
    return { ...result, skipped: result.skipped.map((s) => (s.reason.startsWith(overflow) ? { ...s, reason: full } : s)) };
  } catch (error) {
    if (error instanceof IcsImportError) throw new AppError('invalid_ics', `The file is not iCalendar (RFC 5545): ${error.detail}`, error.issues);
    throw error;
  }
}

function scheduleId(raw: string): ScheduleId {
  const id = asId('schedule', raw);
  if (!id) throw new NotFoundError('Schedule', raw);
  return id;
}

async function getSchedule(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<ScheduleRecord> {
  const schedule = await reads.schedules.get(organizationId, scheduleId(raw));
  if (!schedule) throw new NotFoundError('Schedule', raw);
  return schedule;
}
