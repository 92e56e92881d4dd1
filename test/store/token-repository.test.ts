import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import type { NewToken, Store } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { createOrganization, system } from './store-test-data.ts';

function newToken(organization: Organization, name: string, overrides: Partial<NewToken> = {}): NewToken {
  const secret = `rr_${name}_${Math.random()}`;
  return {
    organizationId: organization.id,
    name,
    role: 'admin',
    platformAdmin: false,
    secretHash: createHash('sha256').update(secret).digest('hex'),
    prefix: secret.slice(0, 8),
    ...overrides,
  };
}

describe.each(storeDialects())('API tokens ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  let globex: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
    globex = await createOrganization(store, 'Globex');
  });
  afterEach(() => store.close());

  it('creates a token and finds it by id and by the hash of its secret', async () => {
    const input = newToken(acme, 'ci', { role: 'viewer', platformAdmin: true });
    const token = await store.transaction(system, (tx) => tx.tokens.create(input));
    expect(token).toMatchObject({
      organizationId: acme.id,
      name: 'ci',
      role: 'viewer',
      platformAdmin: true,
      prefix: input.prefix,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(token.id).toMatch(/^tok_/);
    expect(token).not.toHaveProperty('secretHash');
    expect(await store.tokens.get(acme.id, token.id)).toEqual(token);
    expect(await store.tokens.findBySecretHash(input.secretHash)).toEqual(token);
    expect(await store.tokens.findBySecretHash(createHash('sha256').update('other').digest('hex'))).toBeNull();
  });

  it('lists an organization’s tokens in creation order, paged, and never another’s', async () => {
    const mine = [];
    for (const name of ['a', 'b', 'c']) mine.push(await store.transaction(system, (tx) => tx.tokens.create(newToken(acme, name))));
    await store.transaction(system, (tx) => tx.tokens.create(newToken(globex, 'theirs')));
    expect(await store.tokens.list(acme.id, { limit: 2, offset: 0 })).toEqual({ items: mine.slice(0, 2), total: 3 });
    expect(await store.tokens.list(acme.id, { limit: 2, offset: 2 })).toEqual({ items: mine.slice(2), total: 3 });
    expect((await store.tokens.list(globex.id, { limit: 10, offset: 0 })).items.map((t) => t.name)).toEqual(['theirs']);
  });

  it('revokes a token once: revoking again keeps the first time and logs nothing more', async () => {
    const token = await store.transaction(system, (tx) => tx.tokens.create(newToken(acme, 'ci')));
    const revoked = await store.transaction(system, (tx) => tx.tokens.revoke(acme.id, token.id));
    expect(revoked?.revokedAt).toMatch(/Z$/);
    expect(await store.tokens.get(acme.id, token.id)).toEqual(revoked);
    const again = await store.transaction(system, (tx) => tx.tokens.revoke(acme.id, token.id));
    expect(again).toEqual(revoked);
    const log = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'token' });
    expect(log.items.map((e) => e.action)).toEqual(['update', 'create']);
    expect(log.items[0]).toMatchObject({ before: token, after: revoked });
  });

  it('keeps organizations apart: another organization cannot read or revoke a token', async () => {
    const token = await store.transaction(system, (tx) => tx.tokens.create(newToken(acme, 'ci')));
    expect(await store.tokens.get(globex.id, token.id)).toBeNull();
    expect(await store.transaction(system, (tx) => tx.tokens.revoke(globex.id, token.id))).toBeNull();
    expect((await store.tokens.get(acme.id, token.id))?.revokedAt).toBeNull();
    expect((await store.audit.list(globex.id, { limit: 10, offset: 0, resourceType: 'token' })).total).toBe(0);
  });

  it('returns null when revoking a token that does not exist', async () => {
    const missing = 'tok_0000000000aaaaaaaaaaaa' as TokenId;
    expect(await store.transaction(system, (tx) => tx.tokens.revoke(acme.id, missing))).toBeNull();
  });

  it('records when a token was last used, without an audit entry or change event', async () => {
    const token = await store.transaction(system, (tx) => tx.tokens.create(newToken(acme, 'ci')));
    const heard: unknown[] = [];
    store.onChange((changes) => void heard.push(changes));
    await store.tokens.markUsed(token.id, '2026-11-23T09:40:24.123Z');
    expect((await store.tokens.get(acme.id, token.id))?.lastUsedAt).toBe('2026-11-23T09:40:24.123Z');
    expect((await store.audit.list(acme.id, { limit: 10, offset: 0, resourceType: 'token' })).total).toBe(1);
    expect(heard).toEqual([]);
  });

  it('never writes the secret hash into the audit log', async () => {
    const input = newToken(acme, 'ci');
    const token = await store.transaction(system, (tx) => tx.tokens.create(input));
    await store.transaction(system, (tx) => tx.tokens.revoke(acme.id, token.id));
    const log = await store.audit.list(acme.id, { limit: 10, offset: 0, resourceId: token.id });
    expect(log.total).toBe(2);
    expect(JSON.stringify(log.items)).not.toContain(input.secretHash);
    expect(log.items[1]?.after).toEqual(token);
  });
});
