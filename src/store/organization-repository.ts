import { newId, type OrganizationId } from '../domain/ids.ts';
import type { Organization } from '../domain/organization.ts';
import type { Country } from '../domain/phone-number.ts';
import { checkPage } from './page-request.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, organizationColumns, toCount, toOrganization, type OrganizationRow } from './row-mapping.ts';
import type { AuditRepository, NewOrganization, OrganizationPatch, OrganizationReads, OrganizationRepository, Page, PageRequest } from './store.ts';

export class OrganizationReader implements OrganizationReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(id: OrganizationId): Promise<Organization | null> {
    const row = await this.context.db().selectFrom('organizations').select(organizationColumns).where('id', '=', id).executeTakeFirst();
    return row ? toOrganization(row) : null;
  }

  async list(page: PageRequest): Promise<Page<Organization>> {
    const { limit, offset } = checkPage(page);
    const rows = await this.context
      .db()
      .selectFrom('organizations')
      .select(organizationColumns)
      .orderBy('seq')
      .limit(limit)
      .offset(offset)
      .execute();
    return { items: rows.map(toOrganization), total: await this.count() };
  }

  async count(): Promise<number> {
    const { total } = await this.context
      .db()
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    return toCount(total);
  }
}

export class OrganizationWriter extends OrganizationReader implements OrganizationRepository {
  readonly #write: WriteContext;
  readonly #audit: AuditRepository;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#audit = audit;
  }

  async create(input: NewOrganization): Promise<Organization> {
    const now = this.#write.now();
    const row: OrganizationRow = {
      id: newId('organization', now),
      name: input.name,
      country: input.country,
      allowed_countries: allowedCountriesText(input.allowedCountries ?? null),
      created_at: isoTime(now),
      updated_at: isoTime(now),
    };
    await this.#write.db().insertInto('organizations').values(row).execute();
    const organization = toOrganization(row);
    await this.#audit.record({
      organizationId: organization.id,
      action: 'create',
      resourceType: 'organization',
      resourceId: organization.id,
      before: null,
      after: organization,
    });
    return organization;
  }

  async update(id: OrganizationId, patch: OrganizationPatch): Promise<Organization | null> {
    const db = this.#write.db();
    const current = await db
      .selectFrom('organizations')
      .select(organizationColumns)
      .where('id', '=', id)
      .$if(this.#write.lockRows, (q) => q.forUpdate())
      .executeTakeFirst();
    if (!current) return null;
    const row: OrganizationRow = {
      ...current,
      name: patch.name ?? current.name,
      country: patch.country ?? current.country,
      allowed_countries: patch.allowedCountries !== undefined ? allowedCountriesText(patch.allowedCountries) : current.allowed_countries,
      updated_at: isoTime(this.#write.now()),
    };
    await db
      .updateTable('organizations')
      .set({ name: row.name, country: row.country, allowed_countries: row.allowed_countries, updated_at: row.updated_at })
      .where('id', '=', id)
      .execute();
    const before = toOrganization(current);
    const after = toOrganization(row);
    await this.#audit.record({ organizationId: id, action: 'update', resourceType: 'organization', resourceId: id, before, after });
    return after;
  }
}

function allowedCountriesText(countries: readonly Country[] | null): string | null {
  return countries === null ? null : JSON.stringify(countries);
}
