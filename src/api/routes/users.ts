import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { conflictsOfUserExtension } from '../../dialplan/index.ts';
import type { User as UserRecord } from '../../domain/dial-plan.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { asId, type LocationId, type OrganizationId, type UserId } from '../../domain/ids.ts';
import { defaultDisplayName, userFromInput, userToInput, type UserFields, type UserInput as UserInputFields } from '../../domain/user-input.ts';
import type { ReadRepositories, Repositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { lockDialPlanIndex } from '../dial-plan-data-loader.ts';
import { presentRegistrations, presentUser } from '../dial-plan-presenters.ts';
import { refuseDialPlanConflicts } from '../dial-plan-problem.ts';
import { expectedVersion, setVersionTag } from '../if-match.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import { RegistrationList, User, UserInput, UserList, UserListQuery, UserPatch } from '../schemas/users.ts';

const tags = ['users'];

/**
 * Users: people with an extension at their location and SIP devices that register with ringroute.
 * The extension is checked against the dial plan (docs/dial-plan.md) inside the transaction; device
 * passwords are write-only and kept only as digest hashes.
 */
export function userRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/users',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create a user',
          description: 'Refused (409) when the extension is taken, shadows or falls in a range, or a device user name is in use anywhere on the platform.',
          body: UserInput,
          response: { 201: Type.Ref(User), ...authProblems, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const fields = userFromInput(request.body, null);
        const created = await store.transaction(actor, async (tx) => {
          await refuseUserConflicts(tx, actor.organizationId, fields, undefined);
          return tx.users.create(actor.organizationId, fields);
        });
        setVersionTag(reply, created.version);
        return reply.code(201).header('location', `/v1/users/${created.id}`).send(presentUser(created));
      },
    );

    app.get(
      '/users',
      { config: { access: 'read' }, schema: { tags, summary: 'List users', querystring: UserListQuery, response: { 200: UserList, ...authProblems } } },
      async (request) => {
        const { limit, offset, q, locationId } = request.query;
        const page = await store.users.list(actorOf(request).organizationId, {
          limit,
          offset,
          ...(q !== undefined ? { q } : {}),
          ...(locationId !== undefined ? { locationId: locationId as LocationId } : {}),
        });
        return { items: page.items.map(presentUser), total: page.total, limit, offset };
      },
    );

    app.get(
      '/users/:id',
      { config: { access: 'read' }, schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: Type.Ref(User), ...authProblems, 404: ProblemRef } } },
      async (request, reply) => {
        const user = await getUser(store, actorOf(request).organizationId, request.params.id);
        setVersionTag(reply, user.version);
        return presentUser(user);
      },
    );

    app.get(
      '/users/:id/registrations',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: "A user's current registrations",
          description: 'Every unexpired contact the user\'s devices registered, with the device, when it expires and where it registered from.',
          params: IdParams,
          response: { 200: RegistrationList, ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const { organizationId } = actorOf(request);
        const user = await getUser(store, organizationId, request.params.id);
        const registrations = await store.registrations.listForUser(organizationId, user.id);
        return presentRegistrations(user, registrations, ctx.now().getTime());
      },
    );

    app.put(
      '/users/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Replace a user',
          description:
            'Fields left out take their defaults. `devices` replaces the list: a device given with its id, or with the user name of one of the user\'s devices, keeps its password when the password is left out; devices left out are removed with their registrations.',
          params: IdParams,
          body: UserInput,
          response: { 200: Type.Ref(User), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = userId(request.params.id);
        const ifMatch = expectedVersion(request);
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.users.get(actor.organizationId, id);
          if (!current) return null;
          const fields = userFromInput(request.body, current);
          await refuseUserConflicts(tx, actor.organizationId, fields, id);
          return tx.users.update(actor.organizationId, id, fields, ifMatch);
        });
        if (!updated) throw new NotFoundError('User', request.params.id);
        setVersionTag(reply, updated.version);
        return presentUser(updated);
      },
    );

    app.patch(
      '/users/:id',
      {
        config: { access: 'write' },
        schema: { tags, summary: 'Change part of a user', params: IdParams, body: UserPatch, response: { 200: Type.Ref(User), ...authProblems, 404: ProblemRef, 409: ProblemRef } },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = userId(request.params.id);
        const ifMatch = expectedVersion(request);
        const updated = await store.transaction(actor, async (tx) => {
          const current = await tx.users.get(actor.organizationId, id);
          if (!current) return null;
          const fields = userFromInput(patchedInput(current, request.body), current);
          await refuseUserConflicts(tx, actor.organizationId, fields, id);
          return tx.users.update(actor.organizationId, id, fields, ifMatch ?? current.version);
        });
        if (!updated) throw new NotFoundError('User', request.params.id);
        setVersionTag(reply, updated.version);
        return presentUser(updated);
      },
    );

    app.delete(
      '/users/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Delete a user',
          description: 'With their devices and registrations.',
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = userId(request.params.id);
        const deleted = await store.transaction(actor, (tx) => tx.users.delete(actor.organizationId, id));
        if (!deleted) throw new NotFoundError('User', request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}

/**
 * The stored user with the given fields over it. A display name that was the default for the old
 * names follows changed names, unless the patch sets one.
 */
function patchedInput(current: UserRecord, patch: Partial<UserInputFields>): UserInputFields {
  const base = userToInput(current);
  const followsNames = current.displayName === defaultDisplayName(current.firstName, current.lastName);
  const { displayName: _stored, ...withoutDisplayName } = base;
  return { ...(followsNames ? withoutDisplayName : base), ...patch } as UserInputFields;
}

async function refuseUserConflicts(tx: Repositories, organizationId: OrganizationId, fields: UserFields, ignoreId: UserId | undefined): Promise<void> {
  const index = await lockDialPlanIndex(tx, organizationId);
  const candidate = { extension: fields.extension, locationId: fields.locationId };
  refuseDialPlanConflicts(conflictsOfUserExtension(index, candidate, ignoreId !== undefined ? { ignoreId } : {}));
}

function userId(raw: string): UserId {
  const id = asId('user', raw);
  if (!id) throw new NotFoundError('User', raw);
  return id;
}

async function getUser(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<UserRecord> {
  const user = await reads.users.get(organizationId, userId(raw));
  if (!user) throw new NotFoundError('User', raw);
  return user;
}
