import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NotFoundError } from '../../domain/errors.ts';
import { asId, type OrganizationId, type RosterId } from '../../domain/ids.ts';
import type { Roster as RosterRecord } from '../../domain/roster.ts';
import { rosterFromInput, rosterToOutput } from '../../domain/roster-input.ts';
import { onCallAt } from '../../routing/roster-evaluator.ts';
import type { ReadRepositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { refuseDeleteInUse } from '../flow-references.ts';
import { expectedVersion, setVersionTag } from '../if-match.ts';
import { organizationOf } from '../organization-input.ts';
import { presentOnCall, presentRoster } from '../presenters.ts';
import { instantOf } from '../query-instant.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { DocumentListQuery } from '../schemas/document-list.ts';
import { OnCallResult, Roster, RosterInput, RosterList, RosterPatch } from '../schemas/rosters.ts';
import { AtQuery } from '../schemas/schedules.ts';

const tags = ['rosters'];

/**
 * Rosters: destinations taking turns to be on call, which a ring destination may name. Phone numbers
 * in them are read in the organization's country when typed without a country code.
 */
export function rosterRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/rosters',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create a roster',
          description: 'Members rotate every N days or weeks at a handover time in a time zone; overrides swap someone in for a period.',
          body: RosterInput,
          response: { 201: Type.Ref(Roster), ...authProblems },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const organization = await organizationOf(store, actor.organizationId);
        const settings = rosterFromInput(request.body, organization.country);
        const created = await store.transaction(actor, (tx) => tx.rosters.create(actor.organizationId, settings));
        setVersionTag(reply, created.version);
        return reply.code(201).header('location', `/v1/rosters/${created.id}`).send(presentRoster(created));
      },
    );

    app.get(
      '/rosters',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'List rosters', querystring: DocumentListQuery, response: { 200: RosterList, ...authProblems } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset, q } = request.query;
        const page = await store.rosters.list(actor.organizationId, { limit, offset, ...(q !== undefined ? { q } : {}) });
        return { items: page.items.map(presentRoster), total: page.total, limit, offset };
      },
    );

    app.get(
      '/rosters/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get a roster', params: IdParams, response: { 200: Type.Ref(Roster), ...authProblems, 404: ProblemRef } },
      },
      async (request, reply) => {
        const roster = await getRoster(store, actorOf(request).organizationId, request.params.id);
        setVersionTag(reply, roster.version);
        return presentRoster(roster);
      },
    );

    app.put(
      '/rosters/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Replace a roster',
          description: 'The whole document. With If-Match, only that version is replaced.',
          params: IdParams,
          body: RosterInput,
          response: { 200: Type.Ref(Roster), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = rosterId(request.params.id);
        await getRoster(store, actor.organizationId, request.params.id); // a missing roster is a 404 before any 400
        const organization = await organizationOf(store, actor.organizationId);
        const settings = rosterFromInput(request.body, organization.country);
        const updated = await store.transaction(actor, (tx) => tx.rosters.update(actor.organizationId, id, settings, expectedVersion(request)));
        if (!updated) throw new NotFoundError('Roster', request.params.id);
        setVersionTag(reply, updated.version);
        return presentRoster(updated);
      },
    );

    app.patch(
      '/rosters/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change part of a roster',
          description: 'The top-level fields given (name, timeZone, members, rotation, overrides) replace the stored ones, then the whole roster is checked.',
          params: IdParams,
          body: RosterPatch,
          response: { 200: Type.Ref(Roster), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = rosterId(request.params.id);
        const ifMatch = expectedVersion(request);
        const organization = await organizationOf(store, actor.organizationId);
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.rosters.get(actor.organizationId, id);
          if (!current) return null;
          // The stored roster as it was written (destinations as text), with the given fields over it.
          const settings = rosterFromInput({ ...rosterToOutput(current), ...request.body }, organization.country);
          return tx.rosters.update(actor.organizationId, id, settings, ifMatch ?? current.version);
        });
        if (!updated) throw new NotFoundError('Roster', request.params.id);
        setVersionTag(reply, updated.version);
        return presentRoster(updated);
      },
    );

    app.delete(
      '/rosters/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Delete a roster',
          description: "Refused (409) while a number's flow or the organization's call filter rings it; the problem lists the numbers.",
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = rosterId(request.params.id);
        const deleted = await store.transaction(actor, async (tx) => {
          if (!(await tx.rosters.get(actor.organizationId, id))) return null;
          await refuseDeleteInUse(tx, actor.organizationId, { rosterId: id });
          return tx.rosters.delete(actor.organizationId, id);
        });
        if (!deleted) throw new NotFoundError('Roster', request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/rosters/:id/on-call',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'Who is on call at a moment, and why',
          description: 'The member (or stand-in) a call at that moment rings, the shift or override period the answer holds for, and the reason in words.',
          params: IdParams,
          querystring: AtQuery,
          response: { 200: OnCallResult, ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const roster = await getRoster(store, actorOf(request).organizationId, request.params.id);
        const at = instantOf(request.query.at, ctx.now);
        return presentOnCall(roster, onCallAt(roster, at), at);
      },
    );
  };
}

function rosterId(raw: string): RosterId {
  const id = asId('roster', raw);
  if (!id) throw new NotFoundError('Roster', raw);
  return id;
}

async function getRoster(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<RosterRecord> {
  const roster = await reads.rosters.get(organizationId, rosterId(raw));
  if (!roster) throw new NotFoundError('Roster', raw);
  return roster;
}
