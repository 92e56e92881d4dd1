import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NotFoundError } from '../../domain/errors.ts';
import { asId, type OrganizationId } from '../../domain/ids.ts';
import type { TokenRole } from '../../domain/token.ts';
import type { Repositories } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { presentToken } from '../presenters.ts';
import { authProblems, IdParams, PageQuery, ProblemRef } from '../schemas/common.ts';
import { CreatedToken, CreateToken, Token, TokenList } from '../schemas/tokens.ts';
import { hashTokenSecret, newTokenSecret, tokenPrefix } from '../token-secret.ts';

const tags = ['tokens'];

/** Creates a token inside a transaction and returns it with its secret: the only time the secret exists outside the caller. */
export async function createToken(
  tx: Repositories,
  input: { organizationId: OrganizationId; name: string; role: TokenRole; platformAdmin: boolean; secret?: string },
) {
  const secret = input.secret ?? newTokenSecret();
  const token = await tx.tokens.create({
    organizationId: input.organizationId,
    name: input.name,
    role: input.role,
    platformAdmin: input.platformAdmin,
    secretHash: hashTokenSecret(secret),
    prefix: tokenPrefix(secret),
  });
  return { ...presentToken(token), secret };
}

export function tokenRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/tokens',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Create an API token',
          description: 'The response holds the secret once; it is stored hashed and cannot be shown again.',
          body: CreateToken,
          response: { 201: Type.Ref(CreatedToken), ...authProblems },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const created = await store.transaction(actor, (tx) =>
          createToken(tx, { organizationId: actor.organizationId, name: request.body.name.trim(), role: request.body.role, platformAdmin: false }),
        );
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/tokens',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'List API tokens', querystring: PageQuery, response: { 200: TokenList, ...authProblems } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset } = request.query;
        const page = await store.tokens.list(actor.organizationId, { limit, offset });
        return { items: page.items.map(presentToken), total: page.total, limit, offset };
      },
    );

    app.get(
      '/tokens/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get an API token', params: IdParams, response: { 200: Type.Ref(Token), ...authProblems, 404: ProblemRef } },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = asId('token', request.params.id);
        const token = id ? await store.tokens.get(actor.organizationId, id) : null;
        if (!token) throw new NotFoundError('Token', request.params.id);
        return presentToken(token);
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Revoke an API token',
          description: 'The token stops working at once. It stays listed, with revokedAt set.',
          params: IdParams,
          response: { 204: Type.Null(), ...authProblems, 404: ProblemRef },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = asId('token', request.params.id);
        const revoked = id ? await store.transaction(actor, (tx) => tx.tokens.revoke(actor.organizationId, id)) : null;
        if (!revoked) throw new NotFoundError('Token', request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
