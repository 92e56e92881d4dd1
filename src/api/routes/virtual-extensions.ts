import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { conflictsOfVirtualExtension } from '../../dialplan/index.ts';
import { NotFoundError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import { asId, type LocationId, type OrganizationId, type VirtualExtensionId } from '../../domain/ids.ts';
import type { Organization } from '../../domain/organization.ts';
import { asFieldIssues, virtualExtensionFromInput, type VirtualExtensionInput as DomainInput, type VirtualExtensionSettings } from '../../domain/virtual-extension-input.ts';
import type { ReadRepositories, VirtualExtensionPosition, VirtualExtensionSort, VirtualExtensionView } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { loadDialPlanIndex, lockDialPlanIndex } from '../dial-plan-data-loader.ts';
import { refuseDialPlanConflicts } from '../dial-plan-problem.ts';
import { expectedVersion, setVersionTag } from '../if-match.ts';
import { organizationOf, readPhoneNumber } from '../organization-input.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';
import {
  ValidateRequest,
  ValidateResult,
  VirtualExtension,
  VirtualExtensionInput,
  VirtualExtensionList,
  VirtualExtensionListQuery,
  VirtualExtensionPatch,
  type VirtualExtensionPatchBody,
} from '../schemas/virtual-extensions.ts';
import { decodeCursor, encodeCursor } from '../virtual-extension-cursor.ts';
import { presentVirtualExtension } from '../virtual-extension-presenter.ts';
import { validateExtensions, validatePhoneNumbers } from '../virtual-extension-validation.ts';

const tags = ['virtual extensions'];

/**
 * Virtual extensions: an external number with a short extension and a name, at organization or
 * location level. Every write locks the organization's dial plan, checks the conflict matrix
 * (docs/dial-plan.md) against it, then writes, in one transaction; a refusal is a 409 (or 400) naming
 * the record it collides with. Bulk import: ./virtual-extension-import.ts.
 */
export function virtualExtensionRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/virtual-extensions',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create a virtual extension',
          body: VirtualExtensionInput,
          response: { 201: Type.Ref(VirtualExtension), ...authProblems, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const organization = await organizationOf(store, actor.organizationId);
        const settings = settingsFrom(request.body, organization);
        const created = await store.transaction(actor, async (tx) => {
          const index = await lockDialPlanIndex(tx, actor.organizationId);
          refuseDialPlanConflicts(conflictsOfVirtualExtension(index, settings));
          const record = await tx.virtualExtensions.create(actor.organizationId, settings);
          return tx.virtualExtensions.get(actor.organizationId, record.id);
        });
        if (!created) throw new Error('a created virtual extension could not be read back');
        setVersionTag(reply, created.version);
        return reply.code(201).header('location', `/v1/virtual-extensions/${created.id}`).send(presentVirtualExtension(created));
      },
    );

    app.get(
      '/virtual-extensions',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'List and search virtual extensions', querystring: VirtualExtensionListQuery, response: { 200: VirtualExtensionList, ...authProblems } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset, q, extension, phoneNumber, locationId, orgLevelOnly, sort, cursor } = request.query;
        if (locationId !== undefined && orgLevelOnly) {
          throw new ValidationError([{ field: 'querystring/orgLevelOnly', code: 'conflicting_filters', message: 'cannot be combined with locationId: a virtual extension is at one level' }]);
        }
        const after = cursor === undefined ? undefined : positionOfCursor(cursor, offset, sort ?? 'createdAt');
        const e164 = phoneNumber === undefined ? undefined : readPhoneNumber(phoneNumber, (await organizationOf(store, actor.organizationId)).country, 'querystring/phoneNumber');
        const page = await store.virtualExtensions.list(actor.organizationId, {
          limit,
          offset,
          ...(q !== undefined ? { q } : {}),
          ...(extension !== undefined ? { extension: extension.trim() } : {}),
          ...(e164 !== undefined ? { phoneNumber: e164 } : {}),
          ...(locationId !== undefined ? { locationId: locationId as LocationId } : {}),
          ...(orgLevelOnly ? { orgLevelOnly } : {}),
          ...(sort !== undefined ? { sort } : {}),
          ...(after !== undefined ? { after } : {}),
        });
        return { items: page.items.map(presentVirtualExtension), total: page.total, limit, offset, nextCursor: page.next === null ? null : encodeCursor(page.next) };
      },
    );

    app.post(
      '/virtual-extensions/validate',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'Check phone numbers and extensions without storing anything',
          description:
            'Per item: VALID, DUPLICATE (a virtual extension or another record has it), DUPLICATE_IN_LIST (an earlier item of the same list) or INVALID, with a code and a message. Extensions are checked at `locationId` (absent: organization level).',
          body: ValidateRequest,
          response: { 200: ValidateResult, ...authProblems },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const organization = await organizationOf(store, actor.organizationId);
        const index = await loadDialPlanIndex(store, actor.organizationId);
        const locationId = (request.body.locationId ?? null) as LocationId | null;
        if (locationId !== null && !index.location(locationId)) {
          throw new ValidationError([{ field: '/locationId', code: 'unknown_location', message: `Location ${locationId} does not exist in this organization` }]);
        }
        return {
          phoneNumbers: validatePhoneNumbers(index, request.body.phoneNumbers ?? [], organization.country),
          extensions: validateExtensions(index, request.body.extensions ?? [], locationId),
        };
      },
    );

    app.get(
      '/virtual-extensions/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get a virtual extension', params: IdParams, response: { 200: Type.Ref(VirtualExtension), ...authProblems, 404: ProblemRef } },
      },
      async (request, reply) => {
        const found = await getVirtualExtension(store, actorOf(request).organizationId, request.params.id);
        setVersionTag(reply, found.version);
        return presentVirtualExtension(found);
      },
    );

    app.put(
      '/virtual-extensions/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Replace a virtual extension',
          description: 'All fields; names left out become empty, no locationId means organization level. With If-Match, only that version is replaced.',
          params: IdParams,
          body: VirtualExtensionInput,
          response: { 200: Type.Ref(VirtualExtension), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = virtualExtensionId(request.params.id);
        await getVirtualExtension(store, actor.organizationId, request.params.id); // a missing one is a 404 before any 400
        const organization = await organizationOf(store, actor.organizationId);
        const settings = settingsFrom(request.body, organization);
        const updated = await replace(id, actor, settings, expectedVersion(request));
        setVersionTag(reply, updated.version);
        return presentVirtualExtension(updated);
      },
    );

    app.patch(
      '/virtual-extensions/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Change part of a virtual extension',
          description: 'Level and location may change too, with the same conflict checks as a new one.',
          params: IdParams,
          body: VirtualExtensionPatch,
          response: { 200: Type.Ref(VirtualExtension), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = virtualExtensionId(request.params.id);
        const current = await getVirtualExtension(store, actor.organizationId, request.params.id);
        const organization = await organizationOf(store, actor.organizationId);
        const settings = settingsFrom(merged(current, request.body), organization);
        const updated = await replace(id, actor, settings, expectedVersion(request) ?? current.version);
        setVersionTag(reply, updated.version);
        return presentVirtualExtension(updated);
      },
    );

    app.delete(
      '/virtual-extensions/:id',
      {
        config: { access: 'write' },
        schema: { tags, summary: 'Delete a virtual extension', params: IdParams, response: { 204: Type.Null(), ...authProblems, 404: ProblemRef } },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = virtualExtensionId(request.params.id);
        const deleted = await store.transaction(actor, async (tx) => {
          await tx.dialPlanSettings.lock(actor.organizationId);
          return tx.virtualExtensions.delete(actor.organizationId, id);
        });
        if (!deleted) throw new NotFoundError('Virtual extension', request.params.id);
        return reply.code(204).send(null);
      },
    );

    async function replace(id: VirtualExtensionId, actor: ReturnType<typeof actorOf>, settings: VirtualExtensionSettings, ifMatch: number | undefined): Promise<VirtualExtensionView> {
      const updated = await store.transaction(actor, async (tx) => {
        const index = await lockDialPlanIndex(tx, actor.organizationId);
        refuseDialPlanConflicts(conflictsOfVirtualExtension(index, settings, { ignoreId: id }));
        const record = await tx.virtualExtensions.update(actor.organizationId, id, settings, ifMatch);
        return record ? tx.virtualExtensions.get(actor.organizationId, id) : null;
      });
      if (!updated) throw new NotFoundError('Virtual extension', id);
      return updated;
    }
  };
}

interface LevelInput extends DomainInput {
  readonly level?: 'organization' | 'location';
}

/** The body's own rules, and `level` agreeing with `locationId`; throws ValidationError. */
function settingsFrom(body: LevelInput, organization: Organization): VirtualExtensionSettings {
  const issues: FieldIssue[] = [];
  const locationId = body.locationId ?? null;
  if (body.level === 'location' && locationId === null) issues.push({ field: '/locationId', code: 'required', message: 'is required at level location' });
  if (body.level === 'organization' && locationId !== null) issues.push({ field: '/locationId', code: 'location_at_organization_level', message: 'must be null at level organization' });
  const read = virtualExtensionFromInput(body, organization.country);
  if (!read.ok) issues.push(...asFieldIssues(read.issues));
  if (issues.length > 0 || !read.ok) throw new ValidationError(issues);
  return read.settings;
}

/** The stored virtual extension with the patch's fields over it; `level: "organization"` clears the location. */
function merged(current: VirtualExtensionView, patch: VirtualExtensionPatchBody): LevelInput {
  const locationId = patch.locationId !== undefined ? patch.locationId : patch.level === 'organization' ? null : current.locationId;
  return {
    displayName: patch.displayName ?? current.displayName,
    firstName: patch.firstName !== undefined ? patch.firstName : current.firstName,
    lastName: patch.lastName !== undefined ? patch.lastName : current.lastName,
    extension: patch.extension ?? current.extension,
    phoneNumber: patch.phoneNumber ?? current.phoneNumber,
    locationId,
    ...(patch.level !== undefined ? { level: patch.level } : {}),
  };
}

/**
 * The position a `cursor` query parameter holds, checked against the rest of the request: a cursor
 * page starts after the cursor's row, so an offset as well would be ambiguous, and the position is a
 * key of one sort order, meaningless in another.
 */
function positionOfCursor(cursor: string, offset: number, sort: VirtualExtensionSort): VirtualExtensionPosition {
  if (offset !== 0) {
    throw new ValidationError([{ field: 'querystring/cursor', code: 'conflicting_paging', message: 'cannot be combined with a non-zero offset: a cursor page starts right after the cursor; leave offset out' }]);
  }
  const position = decodeCursor(cursor);
  if (position === null) {
    throw new ValidationError([{ field: 'querystring/cursor', code: 'invalid_cursor', message: 'is not a cursor this API gave out (cut short or changed): pass nextCursor exactly as received' }]);
  }
  if (position.sort !== sort) {
    throw new ValidationError([{ field: 'querystring/cursor', code: 'cursor_sort_mismatch', message: `was made for sort=${position.sort}, not sort=${sort}: pass the sort of the page it came from` }]);
  }
  return position;
}

function virtualExtensionId(raw: string): VirtualExtensionId {
  const id = asId('virtualExtension', raw);
  if (!id) throw new NotFoundError('Virtual extension', raw);
  return id;
}

async function getVirtualExtension(reads: ReadRepositories, organizationId: OrganizationId, raw: string): Promise<VirtualExtensionView> {
  const found = await reads.virtualExtensions.get(organizationId, virtualExtensionId(raw));
  if (!found) throw new NotFoundError('Virtual extension', raw);
  return found;
}
