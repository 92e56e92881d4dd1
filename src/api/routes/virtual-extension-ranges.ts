import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { conflictsOfRange } from '../../dialplan/index.ts';
import type { VirtualExtensionRange } from '../../domain/dial-plan.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { asId, type LocationId, type OrganizationId, type VirtualExtensionRangeId } from '../../domain/ids.ts';
import { patchedPatterns, rangeFromInput, type RangeFields } from '../../domain/range-input.ts';
import type { ReadRepositories, Repositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { lockDialPlanIndex } from '../dial-plan-data-loader.ts';
import { presentRange } from '../dial-plan-presenters.ts';
import { refuseDialPlanConflicts } from '../dial-plan-problem.ts';
import { expectedVersion, setVersionTag } from '../if-match.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { Range, RangeInput, RangeList, RangeListQuery, RangePatch } from '../schemas/virtual-extension-ranges.ts';

const tags = ['virtual extension ranges'];

/**
 * Virtual extension ranges: a block of extensions (patterns such as `2XXX`) that call prefix + the
 * dialled digits. Every write is checked against the dial plan (docs/dial-plan.md, rules 3, 5, 6)
 * inside the transaction.
 */
export function virtualExtensionRangeRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/virtual-extension-ranges',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create a virtual extension range',
          description: 'Refused (409) when a pattern overlaps another range or covers an extension where the scopes meet; the problem names the record.',
          body: RangeInput,
          response: { 201: Type.Ref(Range), ...authProblems, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const fields = rangeFromInput(request.body);
        const created = await store.transaction(actor, async (tx) => {
          await refuseRangeConflicts(tx, actor.organizationId, fields, undefined);
          return tx.virtualExtensionRanges.create(actor.organizationId, fields);
        });
        setVersionTag(reply, created.version);
        return reply.code(201).header('location', `/v1/virtual-extension-ranges/${created.id}`).send(presentRange(created));
      },
    );

    app.get(
      '/virtual-extension-ranges',
      { config: { access: 'read' }, schema: { tags, summary: 'List virtual extension ranges', querystring: RangeListQuery, response: { 200: RangeList, ...authProblems } } },
      async (request) => {
        const { limit, offset, q, locationId } = request.query;
        const page = await store.virtualExtensionRanges.list(actorOf(request).organizationId, {
          limit,
          offset,
          ...(q !== undefined ? { q } : {}),
          ...(locationId !== undefined ? { locationId: locationId as LocationId } : {}),
        });
        return { items: page.items.map(presentRange), total: page.total, limit, offset };
      },
    );

    app.get(
      '/virtual-extension-ranges/:id',
      { config: { access: 'read' }, schema: { tags, summary: 'Get a virtual extension range', params: IdParams, response: { 200: Type.Ref(Range), ...authProblems, 404: ProblemRef } } },
      async (request, reply) => {
        const range = await getRange(store, actorOf(request).organizationId, request.params.id);
        setVersionTag(reply, range.version);
        return presentRange(range);
      },
    );

    app.put(
      '/virtual-extension-ranges/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Replace a virtual extension range',
          description: 'Level and location may change, with the same checks as on create. With If-Match, only that version is replaced.',
          params: IdParams,
          body: RangeInput,
          response: { 200: Type.Ref(Range), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = rangeId(request.params.id);
        const ifMatch = expectedVersion(request);
        const fields = rangeFromInput(request.body);
        const updated = await store.transaction(actor, async (tx) => {
          if (!(await tx.virtualExtensionRanges.get(actor.organizationId, id))) return null;
          await refuseRangeConflicts(tx, actor.organizationId, fields, id);
          return tx.virtualExtensionRanges.update(actor.organizationId, id, fields, ifMatch);
        });
        if (!updated) throw new NotFoundError('Virtual extension range', request.params.id);
        setVersionTag(reply, updated.version);
        return presentRange(updated);
      },
    );

    app.patch(
      '/virtual-extension-ranges/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change part of a virtual extension range',
          description: '`patterns` replaces the list; `addPatterns` and `removePatterns` change it. `locationId` null moves the range to organization level.',
          params: IdParams,
          body: RangePatch,
          response: { 200: Type.Ref(Range), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = rangeId(request.params.id);
        const ifMatch = expectedVersion(request);
        const { addPatterns, removePatterns, patterns, ...rest } = request.body;
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.virtualExtensionRanges.get(actor.organizationId, id);
          if (!current) return null;
          const nextPatterns = patchedPatterns(current.patterns, {
            ...(patterns !== undefined ? { patterns } : {}),
            ...(addPatterns !== undefined ? { addPatterns } : {}),
            ...(removePatterns !== undefined ? { removePatterns } : {}),
          });
          const fields = rangeFromInput({ name: current.name, prefix: current.prefix, locationId: current.locationId, ...rest, patterns: nextPatterns });
          await refuseRangeConflicts(tx, actor.organizationId, fields, id);
          return tx.virtualExtensionRanges.update(actor.organizationId, id, fields, ifMatch ?? current.version);
        });
        if (!updated) throw new NotFoundError('Virtual extension range', request.params.id);
        setVersionTag(reply, updated.version);
        return presentRange(updated);
      },
    );

    app.delete(
      '/virtual-extension-ranges/:id',
      {
        config: { access: 'write' },
        schema: { tags, summary: 'Delete a virtual extension range', params: IdParams, response: { 204: Type.Null(), ...authProblems, 404: ProblemRef } },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = rangeId(request.params.id);
        const deleted = await store.transaction(actor, (tx) => tx.virtualExtensionRanges.delete(actor.organizationId, id));
        if (!deleted) throw new NotFoundError('Virtual extension range', request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}

async function refuseRangeConflicts(tx: Repositories, organizationId: OrganizationId, fields: RangeFields, ignoreId: VirtualExtensionRangeId | undefined): Promise<void> {
  const index = await lockDialPlanIndex(tx, organizationId);
  refuseDialPlanConflicts(conflictsOfRange(index, fields, ignoreId !== undefined ? { ignoreId } : {}));
}

function rangeId(raw: string): VirtualExtensionRangeId {
  const id = asId('virtualExtensionRange', raw);
  if (!id) throw new NotFoundError('Virtual extension range', raw);
  return id;
}

async function getRange(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<VirtualExtensionRange> {
  const range = await reads.virtualExtensionRanges.get(organizationId, rangeId(raw));
  if (!range) throw new NotFoundError('Virtual extension range', raw);
  return range;
}
