import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NotFoundError } from '../../domain/errors.ts';
import { asId, type OrganizationId, type QueueId } from '../../domain/ids.ts';
import type { Queue as QueueRecord } from '../../domain/queue.ts';
import { queueFromInput, queueToOutput } from '../../domain/queue-input.ts';
import type { ReadRepositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { refuseDeleteInUse } from '../flow-references.ts';
import { expectedVersion, setVersionTag } from '../if-match.ts';
import { organizationOf } from '../organization-input.ts';
import { presentQueue } from '../presenters.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { DocumentListQuery } from '../schemas/document-list.ts';
import { Queue, QueueInput, QueueList, QueuePatch } from '../schemas/queues.ts';

const tags = ['queues'];

/**
 * Queues: callers wait for one of the members, which a flow's `queue` target sends them to. Phone
 * numbers in them are read in the organization's country when typed without a country code. A change
 * is live for the next call: the store's change reloads the organization's routing, queues included.
 */
export function queueRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/queues',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create a queue',
          description: 'Members, how the next one is chosen, and how long and how many callers may wait. Settings left out take their defaults.',
          body: QueueInput,
          response: { 201: Type.Ref(Queue), ...authProblems },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const organization = await organizationOf(store, actor.organizationId);
        const settings = queueFromInput(request.body, organization.country);
        const created = await store.transaction(actor, (tx) => tx.queues.create(actor.organizationId, settings));
        setVersionTag(reply, created.version);
        return reply.code(201).header('location', `/v1/queues/${created.id}`).send(presentQueue(created));
      },
    );

    app.get(
      '/queues',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'List queues', querystring: DocumentListQuery, response: { 200: QueueList, ...authProblems } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset, q } = request.query;
        const page = await store.queues.list(actor.organizationId, { limit, offset, ...(q !== undefined ? { q } : {}) });
        return { items: page.items.map(presentQueue), total: page.total, limit, offset };
      },
    );

    app.get(
      '/queues/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get a queue', params: IdParams, response: { 200: Type.Ref(Queue), ...authProblems, 404: ProblemRef } },
      },
      async (request, reply) => {
        const queue = await getQueue(store, actorOf(request).organizationId, request.params.id);
        setVersionTag(reply, queue.version);
        return presentQueue(queue);
      },
    );

    app.put(
      '/queues/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Replace a queue',
          description: 'The whole document; settings left out go back to their defaults. With If-Match, only that version is replaced.',
          params: IdParams,
          body: QueueInput,
          response: { 200: Type.Ref(Queue), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = queueId(request.params.id);
        await getQueue(store, actor.organizationId, request.params.id); // a missing queue is a 404 before any 400
        const organization = await organizationOf(store, actor.organizationId);
        const settings = queueFromInput(request.body, organization.country);
        const updated = await store.transaction(actor, (tx) => tx.queues.update(actor.organizationId, id, settings, expectedVersion(request)));
        if (!updated) throw new NotFoundError('Queue', request.params.id);
        setVersionTag(reply, updated.version);
        return presentQueue(updated);
      },
    );

    app.patch(
      '/queues/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change part of a queue',
          description: 'The top-level fields given replace the stored ones (`announcements` as a whole), then the whole queue is checked.',
          params: IdParams,
          body: QueuePatch,
          response: { 200: Type.Ref(Queue), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = queueId(request.params.id);
        const ifMatch = expectedVersion(request);
        const organization = await organizationOf(store, actor.organizationId);
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.queues.get(actor.organizationId, id);
          if (!current) return null;
          // The stored queue as it was written (destinations as text), with the given fields over it.
          const settings = queueFromInput({ ...queueToOutput(current), ...request.body }, organization.country);
          return tx.queues.update(actor.organizationId, id, settings, ifMatch ?? current.version);
        });
        if (!updated) throw new NotFoundError('Queue', request.params.id);
        setVersionTag(reply, updated.version);
        return presentQueue(updated);
      },
    );

    app.delete(
      '/queues/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Delete a queue',
          description: "Refused (409) while a number's flow or the organization's call filter sends calls to it; the problem lists the numbers.",
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = queueId(request.params.id);
        const deleted = await store.transaction(actor, async (tx) => {
          if (!(await tx.queues.get(actor.organizationId, id))) return null;
          await refuseDeleteInUse(tx, actor.organizationId, { queueId: id });
          return tx.queues.delete(actor.organizationId, id);
        });
        if (!deleted) throw new NotFoundError('Queue', request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}

function queueId(raw: string): QueueId {
  const id = asId('queue', raw);
  if (!id) throw new NotFoundError('Queue', raw);
  return id;
}

async function getQueue(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<QueueRecord> {
  const queue = await reads.queues.get(organizationId, queueId(raw));
  if (!queue) throw new NotFoundError('Queue', raw);
  return queue;
}
