import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiContext } from '../context.ts';
import { problemBody, sendProblem } from '../problem.ts';
import { ProblemRef } from '../schemas/common.ts';

export function healthRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'The process can serve: its database answers',
          response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }), 503: ProblemRef },
        },
      },
      async (request, reply) => {
        try {
          await ctx.store.ping();
          return { status: 'ready' as const, database: ctx.store.dialect };
        } catch (err) {
          request.log.warn({ err }, 'database not reachable');
          return sendProblem(reply, problemBody('unavailable', 'The database is not reachable', request.url));
        }
      },
    );
  };
}
