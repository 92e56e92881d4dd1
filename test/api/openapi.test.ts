import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

describe('OpenAPI document, reference page and health', () => {
  const dialect = storeDialects()[0]!;
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect);
  });
  afterAll(async () => {
    await api.close();
  });

  it('publishes an OpenAPI 3 document generated from the same schemas that validate requests', async () => {
    const res = await api.call('GET', '/openapi.json', null);
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/numbers', '/v1/numbers/{id}', '/v1/numbers/{id}/destinations', '/v1/calls/simulate', '/v1/calls', '/v1/calls/{id}', '/v1/calls/active', '/v1/tokens', '/v1/audit', '/v1/organizations', '/v1/schedules', '/v1/schedules/{id}', '/v1/schedules/{id}/import', '/v1/schedules/{id}/state', '/v1/rosters', '/v1/rosters/{id}', '/v1/rosters/{id}/on-call', '/v1/queues', '/v1/queues/{id}', '/v1/organization/filter']),
    );
    // The dial plan's routes, and the device password documented as write-only.
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/organization/dial-plan', '/v1/locations', '/v1/locations/{id}', '/v1/users', '/v1/users/{id}', '/v1/users/{id}/registrations', '/v1/virtual-extension-ranges', '/v1/virtual-extension-ranges/{id}', '/v1/dial-plan/resolve']),
    );
    expect(JSON.stringify(doc.paths['/v1/users'].post.requestBody)).toContain('"writeOnly":true');
    expect(doc.components.schemas).toHaveProperty('User');
    // The request schema in the document is the one that rejects a bad strategy.
    const put = doc.paths['/v1/numbers/{id}/destinations'].put;
    expect(JSON.stringify(put.requestBody)).toContain('DestinationsInput');
    expect(JSON.stringify(doc.components.schemas.DestinationsInput)).toContain('sequential');
    // A holiday calendar is sent as the file itself.
    expect(Object.keys(doc.paths['/v1/schedules/{id}/import'].post.requestBody.content)).toEqual(['text/calendar']);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Every $ref points at a schema the document has.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
  });

  it('serves an API reference page at /docs', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/swagger/i);
  });

  it('answers health and readiness, and unknown routes with a problem document', async () => {
    expect((await api.call('GET', '/healthz', null)).json()).toEqual({ status: 'ok' });
    expect((await api.call('GET', '/readyz', null)).json()).toEqual({ status: 'ready', database: dialect.name });
    const missing = await api.call('GET', '/v1/nothing-here', api.rootToken);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.json().code).toBe('not_found');
  });

  it('answers malformed JSON with a 400 problem, not a crash', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/v1/numbers',
      headers: { authorization: `Bearer ${api.rootToken}`, 'content-type': 'application/json' },
      payload: '{"phoneNumber": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_request');
  });

  it('reports readiness failure as 503 when the database is gone', async () => {
    const other = await startTestApi(dialect);
    await other.store.close();
    const res = await other.call('GET', '/readyz', null);
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('unavailable');
    await other.app.close();
  });
});
