import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { conflictsOfLocation } from '../../dialplan/index.ts';
import type { Location as LocationRecord } from '../../domain/dial-plan.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { asId, type LocationId, type OrganizationId } from '../../domain/ids.ts';
import { locationFromInput, locationToInput, type LocationFields } from '../../domain/location-input.ts';
import type { ReadRepositories, Repositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { lockDialPlanIndex } from '../dial-plan-data-loader.ts';
import { presentLocation } from '../dial-plan-presenters.ts';
import { organizationOf } from '../organization-input.ts';
import { refuseDialPlanConflicts } from '../dial-plan-problem.ts';
import { expectedVersion, setVersionTag } from '../if-match.ts';
import { authProblems, IdParams, PageQuery, ProblemRef } from '../schemas/common.ts';
import { Location, LocationInput, LocationList, LocationPatch } from '../schemas/locations.ts';

const tags = ['locations'];

/**
 * Locations: the sites of an organization. Each write checks the routing prefix and outside dial
 * digit against the whole dial plan (docs/dial-plan.md, rule 7) inside the transaction.
 */
export function locationRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/locations',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create a location',
          description: 'Refused (409) when the routing prefix is taken or overlaps another, or the outside dial digit starts an organization-level extension; the problem names the record.',
          body: LocationInput,
          response: { 201: Type.Ref(Location), ...authProblems, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const fields = locationFromInput(request.body, (await organizationOf(store, actor.organizationId)).country);
        const created = await store.transaction(actor, async (tx) => {
          await refuseLocationConflicts(tx, actor.organizationId, fields, undefined);
          return tx.locations.create(actor.organizationId, fields);
        });
        setVersionTag(reply, created.version);
        return reply.code(201).header('location', `/v1/locations/${created.id}`).send(presentLocation(created));
      },
    );

    app.get(
      '/locations',
      { config: { access: 'read' }, schema: { tags, summary: 'List locations', querystring: PageQuery, response: { 200: LocationList, ...authProblems } } },
      async (request) => {
        const { limit, offset } = request.query;
        const page = await store.locations.list(actorOf(request).organizationId, { limit, offset });
        return { items: page.items.map(presentLocation), total: page.total, limit, offset };
      },
    );

    app.get(
      '/locations/:id',
      { config: { access: 'read' }, schema: { tags, summary: 'Get a location', params: IdParams, response: { 200: Type.Ref(Location), ...authProblems, 404: ProblemRef } } },
      async (request, reply) => {
        const location = await getLocation(store, actorOf(request).organizationId, request.params.id);
        setVersionTag(reply, location.version);
        return presentLocation(location);
      },
    );

    app.put(
      '/locations/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Replace a location',
          description: 'Fields left out take their defaults. A changed routing prefix or outside dial digit is checked as on create. With If-Match, only that version is replaced.',
          params: IdParams,
          body: LocationInput,
          response: { 200: Type.Ref(Location), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = locationId(request.params.id);
        await getLocation(store, actor.organizationId, request.params.id); // a missing location is a 404 before any 400
        const fields = locationFromInput(request.body, (await organizationOf(store, actor.organizationId)).country);
        const ifMatch = expectedVersion(request);
        const updated = await store.transaction(actor, async (tx) => {
          if (!(await tx.locations.get(actor.organizationId, id))) return null;
          await refuseLocationConflicts(tx, actor.organizationId, fields, id);
          return tx.locations.update(actor.organizationId, id, fields, ifMatch);
        });
        if (!updated) throw new NotFoundError('Location', request.params.id);
        setVersionTag(reply, updated.version);
        return presentLocation(updated);
      },
    );

    app.patch(
      '/locations/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change part of a location',
          params: IdParams,
          body: LocationPatch,
          response: { 200: Type.Ref(Location), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = locationId(request.params.id);
        const ifMatch = expectedVersion(request);
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.locations.get(actor.organizationId, id);
          if (!current) return null;
          const fields = locationFromInput({ ...locationToInput(current), ...request.body }, (await organizationOf(tx, actor.organizationId)).country);
          await refuseLocationConflicts(tx, actor.organizationId, fields, id);
          return tx.locations.update(actor.organizationId, id, fields, ifMatch ?? current.version);
        });
        if (!updated) throw new NotFoundError('Location', request.params.id);
        setVersionTag(reply, updated.version);
        return presentLocation(updated);
      },
    );

    app.delete(
      '/locations/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Delete a location',
          description: 'Refused (409) while users, virtual extensions or ranges belong to it; the problem names them.',
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = locationId(request.params.id);
        const deleted = await store.transaction(actor, async (tx) => {
          if (!(await tx.dialPlanSettings.lock(actor.organizationId))) return null;
          if (!(await tx.locations.get(actor.organizationId, id))) return null;
          await refuseDeleteInUse(tx, actor.organizationId, id);
          return tx.locations.delete(actor.organizationId, id);
        });
        if (!deleted) throw new NotFoundError('Location', request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}

async function refuseLocationConflicts(tx: Repositories, organizationId: OrganizationId, fields: LocationFields, ignoreId: LocationId | undefined): Promise<void> {
  const index = await lockDialPlanIndex(tx, organizationId);
  refuseDialPlanConflicts(conflictsOfLocation(index, fields, ignoreId !== undefined ? { ignoreId } : {}));
}

/** A location is where its users' and virtual extensions' extensions are dialled: it goes only once they have. */
async function refuseDeleteInUse(tx: Repositories, organizationId: OrganizationId, id: LocationId): Promise<void> {
  const users = (await tx.users.list(organizationId, { limit: 5, offset: 0, locationId: id })).items;
  const virtualExtensions = (await tx.virtualExtensions.listForDialPlan(organizationId)).filter((v) => v.locationId === id);
  const ranges = (await tx.virtualExtensionRanges.listAll(organizationId)).filter((r) => r.locationId === id);
  const holders = [
    ...users.map((u) => ({ type: 'user', id: u.id, what: `user ${u.displayName} (${u.id})` })),
    ...virtualExtensions.map((v) => ({ type: 'virtualExtension', id: v.id, what: `virtual extension ${v.displayName} (${v.id})` })),
    ...ranges.map((r) => ({ type: 'virtualExtensionRange', id: r.id, what: `range ${r.name} (${r.id})` })),
  ];
  const first = holders[0];
  if (!first) return;
  const userCount = await tx.users.countInLocation(organizationId, id);
  const total = userCount + virtualExtensions.length + ranges.length;
  const shown = holders.slice(0, 5).map((h) => h.what);
  const more = total > shown.length ? ` and ${total - shown.length} more` : '';
  throw new ConflictError(
    'conflict',
    `The location still has ${shown.join(', ')}${more}: move or delete them first`,
    { type: first.type, id: first.id },
    holders.slice(0, 5).map((h) => ({ field: '', code: 'location_in_use', message: `${h.what} belongs to this location` })),
  );
}

function locationId(raw: string): LocationId {
  const id = asId('location', raw);
  if (!id) throw new NotFoundError('Location', raw);
  return id;
}

async function getLocation(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<LocationRecord> {
  const location = await reads.locations.get(organizationId, locationId(raw));
  if (!location) throw new NotFoundError('Location', raw);
  return location;
}
