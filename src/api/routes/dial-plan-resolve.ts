import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { resolveDigits, type DialPlanCaller } from '../../dialplan/index.ts';
import type { LocationId, UserId } from '../../domain/ids.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { loadDialPlanIndex } from '../dial-plan-data-loader.ts';
import { presentDialResult } from '../dial-plan-presenters.ts';
import { authProblems } from '../schemas/common.ts';
import { DialResult, ResolveInput } from '../schemas/dial-plan.ts';

/**
 * What dialled digits reach, for admins to test their dial plan: the same pure resolution call
 * control runs, on the plan as stored now. Writes nothing and shows nothing a viewer cannot read
 * already, so a viewer token may ask too.
 */
export function dialPlanResolveRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.post(
      '/dial-plan/resolve',
      {
        config: { access: 'read' },
        schema: {
          tags: ['dial plan'],
          summary: 'Resolve dialled digits',
          description:
            'Given who dials (a user at their location, or a location) and the digits, says what they reach: a user, a virtual extension, a range, one of the organization\'s numbers, an outside number, or nothing, with a trace of why. An unknown caller is a result (notFound, unknown_caller), not an error.',
          body: ResolveInput,
          response: { 200: Type.Ref(DialResult), ...authProblems },
        },
      },
      async (request) => {
        const { organizationId } = actorOf(request);
        const { digits, from } = request.body;
        // Ids of another organization are simply not in this organization's index: unknown_caller.
        const caller: DialPlanCaller = 'userId' in from ? { kind: 'user', userId: from.userId as UserId } : { kind: 'location', locationId: from.locationId as LocationId };
        const index = await loadDialPlanIndex(store, organizationId);
        return presentDialResult(resolveDigits(index, caller, digits));
      },
    );
  };
}
