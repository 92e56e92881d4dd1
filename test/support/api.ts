import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { ActiveCallSource } from '../../src/api/active-calls.ts';
import { buildApp } from '../../src/api/app.ts';
import { LiveRouting } from '../../src/api/live-routing.ts';
import { bootstrap } from '../../src/cli/bootstrap.ts';
import { loadConfig } from '../../src/cli/config.ts';
import type { Store } from '../../src/store/store.ts';
import type { DialectUnderTest } from './databases.ts';

export const bootstrapSecret = 'rr_test_bootstrap_token_0123456789abcdef';

/** A ringroute API on a fresh database, driven with inject(): no socket. */
export interface TestApi {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly live: LiveRouting;
  /** The platform administrator token of the first organization (country NL). */
  readonly rootToken: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, token: string | null, body?: unknown): Promise<LightMyRequestResponse>;
  /** Creates a further organization and returns its first admin token. */
  newOrganization(name: string, country?: string): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

/** `calls`: what `GET /v1/calls/active` reports (call control's side of the boundary); default none. */
export async function startTestApi(dialect: DialectUnderTest, calls?: ActiveCallSource): Promise<TestApi> {
  const store = await dialect.openMigrated();
  await bootstrap(store, loadConfig({ RINGROUTE_BOOTSTRAP_TOKEN: bootstrapSecret, RINGROUTE_COUNTRY: 'NL', RINGROUTE_ORG_NAME: 'Acme' }));
  const live = await LiveRouting.follow(store);
  const app = await buildApp({ store, live, ...(calls ? { calls } : {}) });
  await app.ready();
  const call: TestApi['call'] = (method, url, token, body) =>
    app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  return {
    app,
    store,
    live,
    rootToken: bootstrapSecret,
    call,
    async newOrganization(name, country = 'NL') {
      const res = await call('POST', '/v1/organizations', bootstrapSecret, { name, country });
      if (res.statusCode !== 201) throw new Error(`could not create organization: ${res.body}`);
      const created = res.json<{ organization: { id: string }; token: { secret: string } }>();
      return { id: created.organization.id, token: created.token.secret };
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}
