import { newId, type OrganizationId, type TokenId } from '../domain/ids.ts';
import type { ApiToken } from '../domain/token.ts';
import { checkPage } from './page-request.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, toCount, tokenColumns, toToken, type TokenRow } from './row-mapping.ts';
import type { AuditRepository, NewToken, Page, PageRequest, TokenReads, TokenRepository } from './store.ts';
import { lockedRow } from './versioned-row.ts';

export class TokenReader implements TokenReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: TokenId): Promise<ApiToken | null> {
    const row = await this.context
      .db()
      .selectFrom('api_tokens')
      .select(tokenColumns)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async findBySecretHash(secretHash: string): Promise<ApiToken | null> {
    const row = await this.context.db().selectFrom('api_tokens').select(tokenColumns).where('secret_hash', '=', secretHash).executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest): Promise<Page<ApiToken>> {
    const { limit, offset } = checkPage(page);
    const matching = this.context.db().selectFrom('api_tokens').where('organization_id', '=', organizationId);
    const rows = await matching.select(tokenColumns).orderBy('seq').limit(limit).offset(offset).execute();
    const { total } = await matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(toToken), total: toCount(total) };
  }

  async markUsed(id: TokenId, at: string): Promise<void> {
    await this.context.db().updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}

export class TokenWriter extends TokenReader implements TokenRepository {
  readonly #write: WriteContext;
  readonly #audit: AuditRepository;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#audit = audit;
  }

  async create(input: NewToken): Promise<ApiToken> {
    const now = this.#write.now();
    const row: TokenRow = {
      id: newId('token', now),
      organization_id: input.organizationId,
      name: input.name,
      role: input.role,
      platform_admin: input.platformAdmin ? 1 : 0,
      prefix: input.prefix,
      created_at: isoTime(now),
      revoked_at: null,
      last_used_at: null,
    };
    await this.#write
      .db()
      .insertInto('api_tokens')
      .values({ ...row, secret_hash: input.secretHash })
      .execute();
    const token = toToken(row);
    // The audit entry holds the domain record, which has no secret hash: the log never learns it.
    await this.#audit.record({
      organizationId: token.organizationId,
      action: 'create',
      resourceType: 'token',
      resourceId: token.id,
      before: null,
      after: token,
    });
    return token;
  }

  async revoke(organizationId: OrganizationId, id: TokenId): Promise<ApiToken | null> {
    const db = this.#write.db();
    const current = await lockedRow(this.#write, db.selectFrom('api_tokens').select(tokenColumns), organizationId, id);
    if (!current) return null;
    const before = toToken(current);
    // Revoking twice changes nothing: the first revocation time stands and no second entry is logged.
    if (before.revokedAt !== null) return before;
    const revokedAt = isoTime(this.#write.now());
    await db
      .updateTable('api_tokens')
      .set({ revoked_at: revokedAt })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
    const after = toToken({ ...current, revoked_at: revokedAt });
    await this.#audit.record({ organizationId, action: 'update', resourceType: 'token', resourceId: id, before, after });
    return after;
  }
}
