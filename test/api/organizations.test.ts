import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

describe.each(storeDialects())('organization allowed countries ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  const patch = (body: unknown, token = api.rootToken) => api.call('PATCH', '/v1/organization', token, body);

  it('starts with null (only the home country), takes a list in any case without repeats, and null to go back', async () => {
    expect((await api.call('GET', '/v1/organization', api.rootToken)).json()).toMatchObject({ country: 'NL', allowedCountries: null });

    const widened = await patch({ allowedCountries: ['nl', 'Be', 'DE', 'be'] });
    expect(widened.statusCode, widened.body).toBe(200);
    expect(widened.json()).toMatchObject({ country: 'NL', allowedCountries: ['NL', 'BE', 'DE'] });
    expect((await api.call('GET', '/v1/organization', api.rootToken)).json().allowedCountries).toEqual(['NL', 'BE', 'DE']);

    // Other changes leave the list as it is.
    expect((await patch({ name: 'Acme B.V.' })).json()).toMatchObject({ name: 'Acme B.V.', allowedCountries: ['NL', 'BE', 'DE'] });
    expect((await patch({ allowedCountries: [] })).json().allowedCountries).toEqual([]);
    expect((await patch({ allowedCountries: null })).json().allowedCountries).toBeNull();
  });

  it('audits the change with the list before and after', async () => {
    await patch({ allowedCountries: ['GB'] });
    const audit = (await api.call('GET', '/v1/audit?resourceType=organization', api.rootToken)).json();
    expect(audit.items[0]).toMatchObject({ action: 'update', before: { allowedCountries: null }, after: { allowedCountries: ['GB'] } });
  });

  it('refuses unknown codes, each named by its index, and changes nothing', async () => {
    const res = await patch({ name: 'Renamed', allowedCountries: ['NL', 'XX', 'Netherlands', ''] });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toEqual([
      expect.objectContaining({ field: '/allowedCountries/1', code: 'unknown_country' }),
      expect.objectContaining({ field: '/allowedCountries/2', code: 'unknown_country' }),
      expect.objectContaining({ field: '/allowedCountries/3', code: 'unknown_country' }),
    ]);
    expect((await api.call('GET', '/v1/organization', api.rootToken)).json()).toMatchObject({ name: 'Acme', allowedCountries: null });
  });

  it('refuses a list longer than 250 and anything that is not a list of strings', async () => {
    const tooMany = await patch({ allowedCountries: Array.from({ length: 251 }, () => 'NL') });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: '/allowedCountries', code: 'maxItems' })]));
    const notStrings = await patch({ allowedCountries: [31] });
    expect(notStrings.statusCode).toBe(400);
    expect(JSON.stringify(notStrings.json().errors)).toContain('/allowedCountries');
  });

  it('is changed by admins only', async () => {
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Viewer', role: 'viewer' })).json();
    expect((await patch({ allowedCountries: ['GB'] }, viewer.secret)).statusCode).toBe(403);
    expect((await api.call('GET', '/v1/organization', viewer.secret)).json().allowedCountries).toBeNull();
  });

  it('may be given when the platform creates an organization', async () => {
    const res = await api.call('POST', '/v1/organizations', api.rootToken, { name: 'Beta', country: 'de', allowedCountries: ['at', 'CH'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().organization).toMatchObject({ country: 'DE', allowedCountries: ['AT', 'CH'] });
    const plain = await api.call('POST', '/v1/organizations', api.rootToken, { name: 'Gamma', country: 'BE' });
    expect(plain.json().organization.allowedCountries).toBeNull();
    const bad = await api.call('POST', '/v1/organizations', api.rootToken, { name: 'Delta', country: 'BE', allowedCountries: ['QQ'] });
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: '/allowedCountries/0', code: 'unknown_country' })]);
  });
});
