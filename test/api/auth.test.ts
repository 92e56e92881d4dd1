import type { OrganizationId, TokenId } from '../../src/domain/ids.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

describe('tokens, roles and organizations', () => {
  const dialect = storeDialects()[0]!;
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  it('asks for a token with 401 and WWW-Authenticate, and refuses unknown ones', async () => {
    const none = await api.call('GET', '/v1/numbers', null);
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json().code).toBe('unauthorized');
    expect((await api.call('GET', '/v1/numbers', 'rr_not-a-real-token')).statusCode).toBe(401);
    const basic = await api.app.inject({ method: 'GET', url: '/v1/numbers', headers: { authorization: 'Basic abc' } });
    expect(basic.statusCode).toBe(401);
  });

  it('creates tokens whose secret is shown once and stored only hashed; lists them without secrets', async () => {
    const created = await api.call('POST', '/v1/tokens', api.rootToken, { name: 'CI deploy', role: 'admin' });
    expect(created.statusCode).toBe(201);
    const token = created.json();
    expect(token.secret).toMatch(/^rr_[A-Za-z0-9_-]{43}$/);
    expect(token.prefix).toBe(token.secret.slice(0, 10));
    const list = await api.call('GET', '/v1/tokens', token.secret);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token.secret);
    expect(list.json().items.map((t: { name: string }) => t.name)).toEqual(['Bootstrap admin token', 'CI deploy']);
    const organizationId = (await api.call('GET', '/v1/organization', token.secret)).json().id;
    const stored = await api.store.tokens.get(organizationId as OrganizationId, token.id as TokenId);
    expect(stored).toMatchObject({ id: token.id, name: 'CI deploy' });
    expect(JSON.stringify(stored)).not.toContain(token.secret);
  });

  it('lets a viewer read but not change anything', async () => {
    const viewer = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Wallboard', role: 'viewer' })).json().secret;
    expect((await api.call('GET', '/v1/numbers', viewer)).statusCode).toBe(200);
    expect((await api.call('POST', '/v1/calls/simulate', viewer, { to: '+31201234567' })).statusCode).toBe(404); // readable, just no such number
    const write = await api.call('POST', '/v1/numbers', viewer, { phoneNumber: '+31201234567' });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('forbidden');
    expect((await api.call('POST', '/v1/tokens', viewer, { name: 'escalate', role: 'admin' })).statusCode).toBe(403);
    expect((await api.call('GET', '/v1/numbers', api.rootToken)).json().total).toBe(0);
  });

  it('revokes a token: it stops working at once and stays listed as revoked', async () => {
    const token = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Laptop', role: 'admin' })).json();
    expect((await api.call('GET', '/v1/organization', token.secret)).statusCode).toBe(200);
    expect((await api.call('DELETE', `/v1/tokens/${token.id}`, api.rootToken)).statusCode).toBe(204);
    const after = await api.call('GET', '/v1/organization', token.secret);
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toMatch(/revoked/);
    const listed = (await api.call('GET', `/v1/tokens/${token.id}`, api.rootToken)).json();
    expect(listed.revokedAt).not.toBeNull();
  });

  it('only the platform token creates organizations; each new organization gets its own admin token', async () => {
    const created = await api.call('POST', '/v1/organizations', api.rootToken, { name: 'Beta GmbH', country: 'de' });
    expect(created.statusCode).toBe(201);
    const { organization, token } = created.json();
    expect(organization).toMatchObject({ name: 'Beta GmbH', country: 'DE' });
    expect(token).toMatchObject({ role: 'admin', platformAdmin: false });

    const own = await api.call('GET', '/v1/organization', token.secret);
    expect(own.json().id).toBe(organization.id);
    // Numbers typed without a country code are read as the organization's country.
    const number = await api.call('POST', '/v1/numbers', token.secret, { phoneNumber: '030 1234567' });
    expect(number.json().phoneNumber).toBe('+49301234567');

    expect((await api.call('POST', '/v1/organizations', token.secret, { name: 'Gamma', country: 'NL' })).statusCode).toBe(403);
    expect((await api.call('GET', '/v1/organizations', token.secret)).statusCode).toBe(403);
    const all = (await api.call('GET', '/v1/organizations', api.rootToken)).json();
    expect(all.total).toBe(2);
    const bad = await api.call('POST', '/v1/organizations', api.rootToken, { name: 'X', country: 'XX' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: '/country', code: 'unknown_country' });
  });

  it('records every configuration change with who, what, when, before and after', async () => {
    const admin = (await api.call('POST', '/v1/tokens', api.rootToken, { name: 'Ops', role: 'admin' })).json();
    const number = (await api.call('POST', '/v1/numbers', admin.secret, { phoneNumber: '+31201234567', label: 'Sales' })).json();
    await api.call('PUT', `/v1/numbers/${number.id}/destinations`, admin.secret, { strategy: 'simultaneous', destinations: [{ to: '+31612345678' }] });
    await api.call('PATCH', `/v1/numbers/${number.id}`, admin.secret, { label: 'Sales NL' });
    await api.call('DELETE', `/v1/numbers/${number.id}`, admin.secret);

    const audit = (await api.call('GET', `/v1/audit?resourceType=number&resourceId=${number.id}`, api.rootToken)).json();
    expect(audit.total).toBe(4);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'update', 'create']);
    for (const entry of audit.items) {
      expect(entry.actorTokenId).toBe(admin.id);
      expect(Date.parse(entry.at)).not.toBeNaN();
    }
    const [deleted, relabelled, rerouted, created] = audit.items;
    expect(created.before).toBeNull();
    expect(created.after).toMatchObject({ phoneNumber: '+31201234567', label: 'Sales' });
    expect(rerouted.before.flow.target.type).toBe('hangup');
    expect(rerouted.after.flow.target).toMatchObject({ type: 'ring', destinations: [{ to: { kind: 'phone', e164: '+31612345678' } }] });
    expect(relabelled.before.label).toBe('Sales');
    expect(relabelled.after.label).toBe('Sales NL');
    expect(deleted.after).toBeNull();

    const tokens = (await api.call('GET', '/v1/audit?resourceType=token', api.rootToken)).json();
    expect(tokens.body ?? JSON.stringify(tokens)).not.toContain(admin.secret);
  });
});
