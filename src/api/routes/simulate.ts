import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { authProblems, ProblemRef } from '../schemas/common.ts';
import { SimulateRequest, SimulationResult } from '../schemas/simulate.ts';
import { runSimulation } from '../simulation.ts';
import { organizationOf } from '../organization-input.ts';

export function simulateRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/calls/simulate',
      {
        config: { access: 'read' },
        schema: {
          tags: ['calls'],
          summary: 'Simulate a call',
          description:
            'What happens if this caller calls this number at this time: which destinations ring when, who answers, what is cancelled, the outcome, and why. Runs the same routing engine on the same configuration as a real call; nothing is dialled.',
          body: SimulateRequest,
          response: { 200: Type.Ref(SimulationResult), ...authProblems, 404: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const organization = await organizationOf(ctx.store, actor.organizationId);
        return runSimulation(
          ctx.store,
          ctx.live.current(),
          { organizationId: actor.organizationId, country: organization.country },
          request.body,
          ctx.now(),
        );
      },
    );
  };
}
