import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { presentAudit } from '../presenters.ts';
import { AuditList, AuditQuery } from '../schemas/audit.ts';
import { authProblems } from '../schemas/common.ts';

export function auditRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { access: 'read' },
        schema: {
          tags: ['audit'],
          summary: 'Configuration changes, newest first',
          description: 'Who (token), what, when, and the record before and after each change.',
          querystring: AuditQuery,
          response: { 200: AuditList, ...authProblems },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset, resourceType, resourceId } = request.query;
        const page = await ctx.store.audit.list(actor.organizationId, {
          limit,
          offset,
          ...(resourceType ? { resourceType } : {}),
          ...(resourceId ? { resourceId } : {}),
        });
        return { items: page.items.map(presentAudit), total: page.total, limit, offset };
      },
    );
  };
}
