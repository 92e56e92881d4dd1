import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { allowedCountriesFromInput } from '../../domain/allowed-countries.ts';
import { AppError, ValidationError } from '../../domain/errors.ts';
import { asCountry, type Country } from '../../domain/phone-number.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { filterReferences, organizationFilterFromInput, organizationFilterToOutput } from '../organization-filter.ts';
import { presentOrganization } from '../presenters.ts';
import { authProblems, PageQuery, ProblemRef } from '../schemas/common.ts';
import { CallFilterDocument, CallFilterInput } from '../schemas/organization-filter.ts';
import { CreatedOrganization, CreateOrganization, Organization, OrganizationList, UpdateOrganization } from '../schemas/organizations.ts';
import { createToken } from './tokens.ts';
import { organizationOf } from '../organization-input.ts';

const tags = ['organizations'];

export function organizationRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/organizations',
      {
        config: { access: 'platform' },
        schema: {
          tags,
          summary: 'Create an organization (platform administrator)',
          description: 'Creates the organization and its first admin token; the token secret is shown once.',
          body: CreateOrganization,
          response: { 201: CreatedOrganization, ...authProblems },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const country = readCountry(request.body.country);
        const allowedCountries = allowedCountriesFromInput(request.body.allowedCountries ?? null);
        const { organization, token } = await store.transaction(actor, async (tx) => {
          const organization = await tx.organizations.create({ name: request.body.name.trim(), country, allowedCountries });
          const token = await createToken(tx, { organizationId: organization.id, name: 'First admin token', role: 'admin', platformAdmin: false });
          return { organization, token };
        });
        return reply.code(201).send({ organization: presentOrganization(organization), token });
      },
    );

    app.get(
      '/organizations',
      {
        config: { access: 'platform' },
        schema: { tags, summary: 'List all organizations (platform administrator)', querystring: PageQuery, response: { 200: OrganizationList, ...authProblems } },
      },
      async (request) => {
        const { limit, offset } = request.query;
        const page = await store.organizations.list({ limit, offset });
        return { items: page.items.map(presentOrganization), total: page.total, limit, offset };
      },
    );

    app.get(
      '/organization',
      {
        config: { access: 'read' },
        schema: { tags, summary: "The token's own organization", response: { 200: Type.Ref(Organization), ...authProblems } },
      },
      async (request) => presentOrganization(await organizationOf(store, actorOf(request).organizationId)),
    );

    app.patch(
      '/organization',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: "Change the token's own organization",
          body: UpdateOrganization,
          response: { 200: Type.Ref(Organization), ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const patch = {
          ...(request.body.name !== undefined ? { name: request.body.name.trim() } : {}),
          ...(request.body.country !== undefined ? { country: readCountry(request.body.country) } : {}),
          ...(request.body.allowedCountries !== undefined ? { allowedCountries: allowedCountriesFromInput(request.body.allowedCountries) } : {}),
        };
        const updated = await store.transaction(actor, (tx) => tx.organizations.update(actor.organizationId, patch));
        return presentOrganization(updated ?? (await organizationOf(store, actor.organizationId)));
      },
    );

    app.get(
      '/organization/filter',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: "The organization's call filter",
          description: 'Applied to every call to any of its numbers, before the number\'s own filter. 404 while there is none.',
          response: { 200: Type.Ref(CallFilterDocument), ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const filter = await store.organizations.callFilter(actorOf(request).organizationId);
        if (!filter) throw new AppError('not_found', 'This organization has no call filter; PUT /v1/organization/filter sets one');
        return organizationFilterToOutput(filter);
      },
    );

    app.put(
      '/organization/filter',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: "Set the organization's call filter",
          description:
            'Block list or allow-only list for every number of the organization. Numbers and prefixes typed without a country code are read in the organization\'s country; stored and shown in E.164. Live for the next call when this returns.',
          body: CallFilterInput,
          response: { 200: Type.Ref(CallFilterDocument), ...authProblems },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const saved = await store.transaction(actor, async (tx) => {
          const organization = await organizationOf(tx, actor.organizationId);
          // Reroute targets may ring rosters: those of the organization, read in this transaction.
          const filter = organizationFilterFromInput(request.body, organization.country, await filterReferences(tx, actor.organizationId));
          await tx.organizations.update(actor.organizationId, { callFilter: filter });
          return filter;
        });
        return organizationFilterToOutput(saved);
      },
    );

    app.delete(
      '/organization/filter',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: "Remove the organization's call filter",
          description: "Every caller passes on to the numbers' own filters. Succeeds also when there was none.",
          response: { 204: Type.Null(), ...authProblems },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        await store.transaction(actor, async (tx) => {
          // Nothing to record when there is nothing to remove.
          if ((await tx.organizations.callFilter(actor.organizationId)) !== null) await tx.organizations.update(actor.organizationId, { callFilter: null });
        });
        return reply.code(204).send(null);
      },
    );
  };
}

function readCountry(raw: string): Country {
  const country = asCountry(raw);
  if (!country) throw new ValidationError([{ field: '/country', code: 'unknown_country', message: `${JSON.stringify(raw)} is not a country code we know` }]);
  return country;
}
