import type { Kysely } from 'kysely';
import { newId, type OrganizationId, type TokenId } from '../domain/ids.ts';
import type { ApiToken } from '../domain/token.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, tokenColumns, toToken, type TokenRow } from './row-mapping.ts';
import { countAll, pageOfRows, rowById } from './row-reads.ts';
import type { Database } from './schema.ts';
import type { AuditRepository, NewToken, Page, PageRequest, TokenReads, TokenRepository } from './store.ts';
import { lockedRow } from './versioned-row.ts';

export class TokenReader implements TokenReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: TokenId): Promise<ApiToken | null> {
    const row = await rowById(tokenRows(this.context.db()), organizationId, id);
    return row ? toToken(row) : null;
  }

  async findBySecretHash(secretHash: string): Promise<ApiToken | null> {
    const row = await tokenRows(this.context.db()).where('secret_hash', '=', secretHash).executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest): Promise<Page<ApiToken>> {
    const matching = this.context.db().selectFrom('api_tokens').where('organization_id', '=', organizationId);
    const { rows, total } = await pageOfRows(page, matching.select(tokenColumns).orderBy('seq'), matching.select(countAll));
    return { items: rows.map(toToken), total };
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
    const current = await lockedRow(this.#write, tokenRows(db), organizationId, id);
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

/** The columns a token is read from; never the secret hash. */
function tokenRows(db: Kysely<Database>) {
  return db.selectFrom('api_tokens').select(tokenColumns);
}
