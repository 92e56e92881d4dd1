import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { emptyFlow, type Flow } from '../../domain/flow.ts';
import { findNumberLoop } from '../../domain/flow-loops.ts';
import { asId, type NumberId } from '../../domain/ids.ts';
import type { Organization } from '../../domain/organization.ts';
import { flowFromInput, flowToOutput, type FlowReferences } from '../../domain/flow-input.ts';
import { ringFromInput, ringToOutput, topLevelRing } from '../../domain/ring-input.ts';
import type { E164 } from '../../domain/phone-number.ts';
import type { ReadRepositories, Repositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import { refuseDeleteInUse } from '../flow-references.ts';
import type { ApiContext } from '../context.ts';
import { countryHint, organizationOf, readPhoneNumber } from '../organization-input.ts';
import { presentNumber } from '../presenters.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { Destinations, DestinationsInput } from '../schemas/destinations.ts';
import { FlowDocument, FlowInput } from '../schemas/flow.ts';
import { BusinessNumber, CreateNumber, NumberList, NumberListQuery, UpdateNumber } from '../schemas/numbers.ts';

const tags = ['numbers'];

export function numberRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/numbers',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Add a business number',
          description: 'The phone number may be typed in any format; it is stored in E.164. A number belongs to one organization only.',
          body: CreateNumber,
          response: { 201: Type.Ref(BusinessNumber), ...authProblems, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const organization = await organizationOf(store, actor.organizationId);
        const country = countryHint(request.body.country, organization, '/country');
        const phoneNumber = readPhoneNumber(request.body.phoneNumber, country, '/phoneNumber');
        const destinations = request.body.destinations;
        const created = await store.transaction(actor, async (tx) => {
          // Inline destinations may name the organization's rosters and users, as PUT /destinations may.
          const flow = destinations ? { target: ringFromInput(destinations, country, '/destinations', await flowReferences(tx, actor.organizationId)) } : emptyFlow;
          await refuseVirtualExtensionNumber(tx, actor.organizationId, phoneNumber);
          return tx.numbers.create({
            organizationId: actor.organizationId,
            phoneNumber,
            label: request.body.label?.trim() ?? '',
            flow,
          });
        });
        return reply.code(201).header('location', `/v1/numbers/${created.id}`).send(presentNumber(created));
      },
    );

    app.get(
      '/numbers',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'List business numbers', querystring: NumberListQuery, response: { 200: NumberList, ...authProblems } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset, q } = request.query;
        const page = await store.numbers.list(actor.organizationId, { limit, offset, ...(q ? { q } : {}) });
        return { items: page.items.map(presentNumber), total: page.total, limit, offset };
      },
    );

    app.get(
      '/numbers/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get a business number', params: IdParams, response: { 200: Type.Ref(BusinessNumber), ...authProblems, 404: ProblemRef } },
      },
      async (request) => {
        const actor = actorOf(request);
        return presentNumber(await getNumber(store, actor.organizationId, request.params.id));
      },
    );

    app.patch(
      '/numbers/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change a business number',
          params: IdParams,
          body: UpdateNumber,
          response: { 200: Type.Ref(BusinessNumber), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = numberId(request.params.id);
        const organization = await organizationOf(store, actor.organizationId);
        const country = countryHint(request.body.country, organization, '/country');
        const phoneNumber =
          request.body.phoneNumber !== undefined ? readPhoneNumber(request.body.phoneNumber, country, '/phoneNumber') : undefined;
        const updated = await store.transaction(actor, async (tx) => {
          if (phoneNumber) await refuseVirtualExtensionNumber(tx, actor.organizationId, phoneNumber);
          return tx.numbers.update(actor.organizationId, id, {
            ...(phoneNumber ? { phoneNumber } : {}),
            ...(request.body.label !== undefined ? { label: request.body.label.trim() } : {}),
          });
        });
        if (!updated) throw new NotFoundError('Number', request.params.id);
        return presentNumber(updated);
      },
    );

    app.delete(
      '/numbers/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Remove a business number',
          description: 'Calls to it are refused from the next call on.',
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = numberId(request.params.id);
        const deleted = await store.transaction(actor, async (tx) => {
          // Another number's flow may continue in this one (a `number` target): refuse, naming it.
          await refuseDeleteInUse(tx, actor.organizationId, { numberId: id });
          return tx.numbers.delete(actor.organizationId, id);
        });
        if (!deleted) throw new NotFoundError('Number', request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/numbers/:id/destinations',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: "What the number rings",
          params: IdParams,
          response: { 200: Type.Ref(Destinations), ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const number = await getNumber(store, actor.organizationId, request.params.id);
        return ringToOutput(topLevelRing(number.flow.target));
      },
    );

    app.put(
      '/numbers/:id/destinations',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Set what the number rings',
          description:
            'Replaces the destinations. Live for the next call as soon as this returns. Phone numbers in any format; SIP URIs for VoIP devices.',
          params: IdParams,
          body: Type.Ref(DestinationsInput),
          response: { 200: Type.Ref(Destinations), ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = numberId(request.params.id);
        const organization = await organizationOf(store, actor.organizationId);
        await getNumber(store, actor.organizationId, request.params.id); // a missing number is a 404 before any 400
        const updated = await store.transaction(actor, async (tx) => {
          const ring = ringFromInput(request.body, organization.country, '', await flowReferences(tx, actor.organizationId));
          const current = await tx.numbers.get(actor.organizationId, id);
          if (!current) return null;
          const flow = { ...current.flow, target: ring };
          await refuseLoops(tx, actor.organizationId, id, flow);
          return tx.numbers.update(actor.organizationId, id, { flow });
        });
        if (!updated) throw new NotFoundError('Number', request.params.id);
        return ringToOutput(topLevelRing(updated.flow.target));
      },
    );

    app.get(
      '/numbers/:id/flow',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: "The number's whole flow",
          description: 'Its call filter, its schedule rules and its default target. `/destinations` is the simple view of the default target.',
          params: IdParams,
          response: { 200: FlowDocument, ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const number = await getNumber(store, actor.organizationId, request.params.id);
        return flowToOutput(number.flow);
      },
    );

    app.put(
      '/numbers/:id/flow',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: "Replace the number's flow",
          description:
            'Validated as a whole: every schedule a rule names must exist, targets may nest at most 16 deep, phone numbers in any format. Live for the next call as soon as this returns.',
          params: IdParams,
          body: FlowInput,
          response: { 200: FlowDocument, ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = numberId(request.params.id);
        const organization = await organizationOf(store, actor.organizationId);
        await getNumber(store, actor.organizationId, request.params.id); // a missing number is a 404 before any 400
        const updated = await store.transaction(actor, async (tx) => {
          // References are checked inside the transaction, so a schedule cannot vanish in between.
          const flow = flowFromInput(request.body, organization.country, await flowReferences(tx, actor.organizationId));
          await refuseLoops(tx, actor.organizationId, id, flow);
          return tx.numbers.update(actor.organizationId, id, { flow });
        });
        if (!updated) throw new NotFoundError('Number', request.params.id);
        return flowToOutput(updated.flow);
      },
    );
  };
}

/** The schedules, rosters, users, numbers and queues a flow may name: those of the organization, read in the saving transaction. */
/**
 * A business number is none of the organization's virtual extensions' numbers (docs/dial-plan.md, rule
 * 4): dialling it would run its flow, never reach the virtual extension. Takes the dial plan's lock,
 * so a virtual extension written at the same time is checked against this number, or this against it.
 */
async function refuseVirtualExtensionNumber(tx: Repositories, organizationId: Organization['id'], phoneNumber: E164): Promise<void> {
  await tx.dialPlanSettings.lock(organizationId);
  const [holder] = (await tx.virtualExtensions.list(organizationId, { phoneNumber, limit: 1, offset: 0 })).items;
  if (!holder) return;
  const message = `${phoneNumber} is the number of the virtual extension ${holder.displayName} (${holder.extension})`;
  throw new ConflictError('conflict', message, { type: 'virtualExtension', id: holder.id }, [
    { field: '/phoneNumber', code: 'phone_number_is_virtual_extension', message },
  ]);
}

async function flowReferences(reads: ReadRepositories, organizationId: Organization['id']): Promise<FlowReferences> {
  const [schedules, rosters, numbers, queues, users] = await Promise.all([
    reads.schedules.listAll(organizationId),
    reads.rosters.listAll(organizationId),
    reads.numbers.listAll(organizationId),
    reads.queues.listAll(organizationId),
    reads.users.listAll(organizationId),
  ]);
  return {
    scheduleIds: new Set(schedules.map((s) => s.id)),
    rosterIds: new Set(rosters.map((r) => r.id)),
    userIds: new Set(users.map((u) => u.id)),
    numberIds: new Set(numbers.map((n) => n.id)),
    queueIds: new Set(queues.map((q) => q.id)),
  };
}

/** Refuses a flow whose `number` targets lead back to this number (A → B → A), naming the way round. */
async function refuseLoops(reads: ReadRepositories, organizationId: Organization['id'], id: NumberId, flow: Flow): Promise<void> {
  const numbers = await reads.numbers.listAll(organizationId);
  const byId = new Map(numbers.map((n) => [n.id as string, n]));
  const loop = findNumberLoop(id, flow, (other) => byId.get(other)?.flow);
  if (!loop) return;
  const way = loop.path.map((n) => byId.get(n)?.phoneNumber ?? n).join(' → ');
  throw new ValidationError([{ field: `${loop.pointer}/numberId`, code: 'loop', message: `would send calls round in a loop: ${way}` }]);
}

function numberId(raw: string): NumberId {
  const id = asId('number', raw);
  if (!id) throw new NotFoundError('Number', raw);
  return id;
}

async function getNumber(reads: ReadRepositories, organizationId: Organization['id'], raw: string) {
  const number = await reads.numbers.get(organizationId, numberId(raw));
  if (!number) throw new NotFoundError('Number', raw);
  return number;
}
