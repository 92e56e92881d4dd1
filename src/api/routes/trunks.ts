import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { asId, type OrganizationId, type TrunkId } from '../../domain/ids.ts';
import { trunkSettingsFromInput, type Trunk as TrunkRecord } from '../../domain/trunk.ts';
import type { ReadRepositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { presentTrunk } from '../presenters.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { CreateTrunk, Trunk, TrunkList, TrunkListQuery, UpdateTrunk } from '../schemas/trunks.ts';

const tags = ['trunks'];

/** Trunks: the SIP peers that connect an organization to the phone network. */
export function trunkRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/trunks',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Add a trunk',
          description:
            'A SIP peer to the phone network. Calls from the phone network are accepted only from its source addresses. The password is stored to answer digest challenges and never shown again.',
          body: CreateTrunk,
          response: { 201: Type.Ref(Trunk), ...authProblems },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const settings = trunkSettingsFromInput(request.body, null);
        const created = await store.transaction(actor, (tx) => tx.trunks.create({ organizationId: actor.organizationId, ...settings }));
        return reply.code(201).header('location', `/v1/trunks/${created.id}`).send(presentTrunk(created));
      },
    );

    app.get(
      '/trunks',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'List trunks', querystring: TrunkListQuery, response: { 200: TrunkList, ...authProblems } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset } = request.query;
        const page = await store.trunks.list(actor.organizationId, { limit, offset });
        return { items: page.items.map(presentTrunk), total: page.total, limit, offset };
      },
    );

    app.get(
      '/trunks/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get a trunk', params: IdParams, response: { 200: Type.Ref(Trunk), ...authProblems, 404: ProblemRef } },
      },
      async (request) => {
        const actor = actorOf(request);
        return presentTrunk(await getTrunk(store, actor.organizationId, request.params.id));
      },
    );

    app.patch(
      '/trunks/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change a trunk',
          description: 'Fields left out keep their value; `username` and `password` null remove the credentials.',
          params: IdParams,
          body: UpdateTrunk,
          response: { 200: Type.Ref(Trunk), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = trunkId(request.params.id);
        // Validated against the stored trunk inside the transaction, so the whole result is checked
        // (an enabled trunk keeps a source address) against what is really there.
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.trunks.get(actor.organizationId, id);
          if (!current) return null;
          const settings = trunkSettingsFromInput(request.body, current);
          return tx.trunks.update(actor.organizationId, id, settings, current.version);
        });
        if (!updated) throw new NotFoundError('Trunk', request.params.id);
        return presentTrunk(updated);
      },
    );

    app.delete(
      '/trunks/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Remove a trunk',
          description:
            "Calls from its source addresses are refused from then on. Refused (409) while it is the dial plan's outboundTrunkId: choose another outbound trunk first.",
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = trunkId(request.params.id);
        const deleted = await store.transaction(actor, async (tx) => {
          // The same lock a dial-plan settings change takes, so no change can choose this trunk while it goes.
          await tx.dialPlanSettings.lock(actor.organizationId);
          if ((await tx.dialPlanSettings.get(actor.organizationId))?.outboundTrunkId === id) {
            throw new ConflictError('conflict', `Trunk ${id} is the outbound trunk of the dial plan: choose another outboundTrunkId first`, {
              type: 'organization',
              id: actor.organizationId,
            });
          }
          return tx.trunks.delete(actor.organizationId, id);
        });
        if (!deleted) throw new NotFoundError('Trunk', request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}

function trunkId(raw: string): TrunkId {
  const id = asId('trunk', raw);
  if (!id) throw new NotFoundError('Trunk', raw);
  return id;
}

async function getTrunk(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<TrunkRecord> {
  const trunk = await reads.trunks.get(organizationId, trunkId(raw));
  if (!trunk) throw new NotFoundError('Trunk', raw);
  return trunk;
}
