import type { CallFilter } from '../domain/call-filter.ts';
import { newId, type OrganizationId } from '../domain/ids.ts';
import type { Organization } from '../domain/organization.ts';
import type { Country } from '../domain/phone-number.ts';
import { checkPage } from './page-request.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, organizationColumns, toCount, toJsonText, toOrganization, type OrganizationRow } from './row-mapping.ts';
import type { AuditRepository, NewOrganization, OrganizationPatch, OrganizationReads, OrganizationRepository, Page, PageRequest } from './store.ts';
import { lockedOrganizationRow } from './versioned-row.ts';

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

  async callFilter(id: OrganizationId): Promise<CallFilter | null> {
    const row = await this.context.db().selectFrom('organizations').select('call_filter').where('id', '=', id).executeTakeFirst();
    return callFilterOf(row?.call_filter ?? null);
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
    const current = await lockedOrganizationRow(this.#write, db.selectFrom('organizations').select([...organizationColumns, 'call_filter']), id);
    if (!current) return null;
    const { call_filter: currentFilter, ...currentRow } = current;
    const row: OrganizationRow = {
      ...currentRow,
      name: patch.name ?? current.name,
      country: patch.country ?? current.country,
      allowed_countries: patch.allowedCountries !== undefined ? allowedCountriesText(patch.allowedCountries) : current.allowed_countries,
      updated_at: isoTime(this.#write.now()),
    };
    const filter = patch.callFilter !== undefined ? toJsonText(patch.callFilter) : currentFilter;
    await db
      .updateTable('organizations')
      .set({ name: row.name, country: row.country, allowed_countries: row.allowed_countries, call_filter: filter, updated_at: row.updated_at })
      .where('id', '=', id)
      .execute();
    // The filter is part of the organization, so changing it is an organization change; the audit entry
    // shows it only when it changed, and organization records elsewhere stay as they were.
    const withFilter = patch.callFilter !== undefined;
    const before = withFilter ? { ...toOrganization(currentRow), callFilter: callFilterOf(currentFilter) } : toOrganization(currentRow);
    const after = toOrganization(row);
    await this.#audit.record({
      organizationId: id,
      action: 'update',
      resourceType: 'organization',
      resourceId: id,
      before,
      after: withFilter ? { ...after, callFilter: callFilterOf(filter) } : after,
    });
    return after;
  }
}

function allowedCountriesText(countries: readonly Country[] | null): string | null {
  return countries === null ? null : JSON.stringify(countries);
}

function callFilterOf(text: string | null): CallFilter | null {
  // Written by this code from a filter `callFilterFromInput` validated.
  return text === null ? null : (JSON.parse(text) as CallFilter);
}
