import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/token.ts';
import type { Store } from '../store/store.ts';
import { hashTokenSecret } from './token-secret.ts';

/**
 * What a route needs from its caller. `public`: nothing. `read`: any valid token of the organization.
 * `write`: an admin token. `platform`: the platform administrator's token.
 */
export type Access = 'public' | 'read' | 'write' | 'platform';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Seconds between two writes of a token's last-used time: bookkeeping must not cost a write per request. */
const lastUsedResolutionMs = 60_000;

export function registerAuth(app: FastifyInstance, store: Store, now: () => Date): void {
  const lastMarked = new Map<string, number>();
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public') return;
    const actor = await authenticate(request, store);
    if (access === 'write' && actor.role !== 'admin') {
      throw new AppError('forbidden', 'This token is a viewer token: it may read but not change anything');
    }
    if (access === 'platform' && !(actor.platformAdmin && actor.role === 'admin')) {
      throw new AppError('forbidden', 'Only the platform administrator token may do this');
    }
    request.actor = actor;
    const t = now().getTime();
    if ((lastMarked.get(actor.tokenId) ?? 0) + lastUsedResolutionMs <= t) {
      lastMarked.set(actor.tokenId, t);
      store.tokens.markUsed(actor.tokenId, new Date(t).toISOString()).catch((err: unknown) => {
        request.log.warn({ err }, 'could not record token use');
      });
    }
  });
}

async function authenticate(request: FastifyRequest, store: Store): Promise<Actor> {
  const header = request.headers.authorization;
  if (!header) throw new AppError('unauthorized', 'Send an API token: Authorization: Bearer <token>');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
  const token = await store.tokens.findBySecretHash(hashTokenSecret(match[1]));
  if (!token) throw new AppError('unauthorized', 'This API token is not known');
  if (token.revokedAt) throw new AppError('unauthorized', 'This API token was revoked');
  return { tokenId: token.id, organizationId: token.organizationId, role: token.role, platformAdmin: token.platformAdmin };
}

/** The authenticated caller of a route that is not public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized', 'Send an API token: Authorization: Bearer <token>');
  return request.actor;
}
