import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sharedSchemaController } from './schema-compilers.ts';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Store } from '../store/store.ts';
import { noActiveCalls, type ActiveCallSource } from './active-calls.ts';
import { registerAuth, type Access } from './auth.ts';
import type { ApiContext } from './context.ts';
import type { LiveRouting } from './live-routing.ts';
import { errorHandler, problemBody, sendProblem } from './problem.ts';
import { auditRoutes } from './routes/audit.ts';
import { callRoutes } from './routes/calls.ts';
import { dialPlanResolveRoutes } from './routes/dial-plan-resolve.ts';
import { dialPlanSettingsRoutes } from './routes/dial-plan-settings.ts';
import { healthRoutes } from './routes/health.ts';
import { locationRoutes } from './routes/locations.ts';
import { numberRoutes } from './routes/numbers.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { queueRoutes } from './routes/queues.ts';
import { rosterRoutes } from './routes/rosters.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { simulateRoutes } from './routes/simulate.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { trunkRoutes } from './routes/trunks.ts';
import { userRoutes } from './routes/users.ts';
import { virtualExtensionRangeRoutes } from './routes/virtual-extension-ranges.ts';
import { TaskRunner } from './import/task-runner.ts';
import { taskRoutes } from './routes/tasks.ts';
import { virtualExtensionImportRoutes } from './routes/virtual-extension-import.ts';
import { virtualExtensionRoutes } from './routes/virtual-extensions.ts';
import { Task } from './schemas/tasks.ts';
import { VirtualExtension } from './schemas/virtual-extensions.ts';
import { AuditEntry } from './schemas/audit.ts';
import { CallRecord } from './schemas/calls.ts';
import { Problem } from './schemas/common.ts';
import { DialPlanSettings, DialResult } from './schemas/dial-plan.ts';
import { Destinations, DestinationsInput, TargetInput, TargetOutput } from './schemas/destinations.ts';
import { Location } from './schemas/locations.ts';
import { BusinessNumber } from './schemas/numbers.ts';
import { CallFilterDocument } from './schemas/organization-filter.ts';
import { Organization } from './schemas/organizations.ts';
import { Queue } from './schemas/queues.ts';
import { Roster } from './schemas/rosters.ts';
import { Schedule } from './schemas/schedules.ts';
import { SimulationResult } from './schemas/simulate.ts';
import { CreatedToken, Token } from './schemas/tokens.ts';
import { Trunk } from './schemas/trunks.ts';
import { User } from './schemas/users.ts';
import { Range as VirtualExtensionRange } from './schemas/virtual-extension-ranges.ts';

export interface AppOptions {
  readonly store: Store;
  readonly live: LiveRouting;
  /** Call control's calls in progress, for `GET /v1/calls/active`; absent: none. */
  readonly calls?: ActiveCallSource;
  /** The wall clock; tests may pin it. Only used at the edges (timestamps, "simulate now"). */
  readonly now?: () => Date;
  readonly logger?: FastifyServerOptions['logger'];
  readonly version?: string;
  /**
   * Runs background tasks (CSV imports). Absent: the app makes one, resumes the tasks the database
   * left unfinished once the app is ready, and stops it when the app closes.
   */
  readonly tasks?: TaskRunner;
}

/** Schemas shared by several routes; registered once, referenced by id, listed under components in OpenAPI. */
const sharedSchemas = [Problem, TargetInput, DestinationsInput, TargetOutput, Destinations, BusinessNumber, Organization, Token, CreatedToken, AuditEntry, SimulationResult, Trunk, CallRecord, Schedule, Roster, Queue, CallFilterDocument];
/** The dial plan's shared schemas (locations, users, ranges, settings, resolution). */
const dialPlanSchemas = [Location, User, VirtualExtensionRange, DialPlanSettings, DialResult];
/** Virtual extensions and tasks (CSV imports). */
const virtualExtensionSchemas = [VirtualExtension, Task];

/**
 * Builds the HTTP application without listening, so tests drive it with `inject()` and `serve` adds the
 * socket. Every `/v1` route declares its access level; the auth hook enforces it before the handler runs.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const ctx: ApiContext = {
    store: options.store,
    live: options.live,
    calls: options.calls ?? noActiveCalls,
    now: options.now ?? (() => new Date()),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
    schemaController: sharedSchemaController,
  }).withTypeProvider<TypeBoxTypeProvider>();

  for (const schema of sharedSchemas) app.addSchema(schema);
  for (const schema of dialPlanSchemas) app.addSchema(schema);
  for (const schema of virtualExtensionSchemas) app.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ringroute API',
        version: options.version ?? '0.1.0',
        description:
          'Business numbers and what they ring. Every /v1 route needs `Authorization: Bearer <token>` and sees only the token\'s organization. Errors are application/problem+json (RFC 9457) with a stable `code`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (rr_...)' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const access = (route.config as { access?: Access } | undefined)?.access ?? 'public';
      const transformed = access === 'public' ? schema : { ...schema, security: [{ bearer: [] }] };
      return { schema: transformed, url };
    },
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}`, request.url)),
  );
  registerAuth(app, options.store, ctx.now);
  const tasks = options.tasks ?? new TaskRunner(options.store, { onError: (err, taskId) => app.log.error({ err, taskId }, 'task failed') });
  if (!options.tasks) {
    // After a restart: imports that were queued or half done continue where their last batch ended.
    app.addHook('onReady', async () => {
      tasks.resume().catch((err: unknown) => app.log.error({ err }, 'could not resume unfinished tasks'));
    });
    app.addHook('onClose', async () => tasks.stop());
  }

  await app.register(healthRoutes(ctx));
  await app.register(
    async (v1) => {
      await v1.register(organizationRoutes(ctx));
      await v1.register(tokenRoutes(ctx));
      await v1.register(numberRoutes(ctx));
      await v1.register(trunkRoutes(ctx));
      await v1.register(scheduleRoutes(ctx));
      await v1.register(rosterRoutes(ctx));
      await v1.register(queueRoutes(ctx));
      await v1.register(simulateRoutes(ctx));
      await v1.register(callRoutes(ctx));
      await v1.register(auditRoutes(ctx));
      await v1.register(dialPlanSettingsRoutes(ctx));
      await v1.register(locationRoutes(ctx));
      await v1.register(userRoutes(ctx));
      await v1.register(virtualExtensionRangeRoutes(ctx));
      await v1.register(dialPlanResolveRoutes(ctx));
      await v1.register(virtualExtensionRoutes(ctx));
      await v1.register(virtualExtensionImportRoutes(ctx, tasks));
      await v1.register(taskRoutes(ctx));
    },
    { prefix: '/v1' },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  return app;
}
