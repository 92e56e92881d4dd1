import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { conflictsOfSettings, normalizePhoneContext } from '../../dialplan/index.ts';
import { dialPlanDefaults, type DialPlanSettings } from '../../domain/dial-plan.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { TrunkId } from '../../domain/ids.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { lockDialPlanIndex } from '../dial-plan-data-loader.ts';
import { presentDialPlanSettings } from '../dial-plan-presenters.ts';
import { refuseDialPlanConflicts } from '../dial-plan-problem.ts';
import { authProblems, ProblemRef } from '../schemas/common.ts';
import { DialPlanSettings as DialPlanSettingsSchema, DialPlanSettingsPatch } from '../schemas/dial-plan.ts';

const tags = ['dial plan'];

/** The organization's dial-plan settings: steering digit, extension length, virtual extension mode and its phone-context, the outbound trunk. */
export function dialPlanSettingsRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.get(
      '/organization/dial-plan',
      {
        config: { access: 'read' },
        schema: { tags, summary: "Get the organization's dial-plan settings", response: { 200: Type.Ref(DialPlanSettingsSchema), ...authProblems, 404: ProblemRef } },
      },
      async (request) => {
        const { organizationId } = actorOf(request);
        const settings = await store.dialPlanSettings.get(organizationId);
        if (!settings) throw new NotFoundError('Organization', organizationId);
        return presentDialPlanSettings(settings);
      },
    );

    app.patch(
      '/organization/dial-plan',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: "Change the organization's dial-plan settings",
          description:
            'A new steering digit or extension length is refused (409) while locations, extensions or ranges break it; each refusal names the record. Going back to standard mode is refused while a range prefix is not the start of an E.164 number. Enhanced mode needs a phoneContext (400 phone_context_required). outboundTrunkId must be one of the organization\'s trunks (400 unknown_trunk).',
          body: DialPlanSettingsPatch,
          response: { 200: Type.Ref(DialPlanSettingsSchema), ...authProblems, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const updated = await store.transaction(actor, async (tx) => {
          const index = await lockDialPlanIndex(tx, actor.organizationId);
          const current = (await tx.dialPlanSettings.get(actor.organizationId)) ?? dialPlanDefaults;
          const { phoneContext, outboundTrunkId, ...rest } = request.body;
          const candidate: DialPlanSettings = {
            ...current,
            ...rest,
            ...(phoneContext !== undefined ? { phoneContext: phoneContext === null ? null : (normalizePhoneContext(phoneContext) ?? phoneContext) } : {}),
            ...(outboundTrunkId !== undefined ? { outboundTrunkId: outboundTrunkId as TrunkId | null } : {}),
          };
          refuseDialPlanConflicts(conflictsOfSettings(index, candidate));
          if (candidate.outboundTrunkId !== null && !(await tx.trunks.get(actor.organizationId, candidate.outboundTrunkId))) {
            throw new ValidationError([
              { field: '/outboundTrunkId', code: 'unknown_trunk', message: `trunk ${candidate.outboundTrunkId} is not one of this organization's trunks` },
            ]);
          }
          return tx.dialPlanSettings.update(actor.organizationId, candidate);
        });
        if (!updated) throw new NotFoundError('Organization', actor.organizationId);
        return presentDialPlanSettings(updated);
      },
    );
  };
}
