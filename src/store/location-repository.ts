import type { Location } from '../domain/dial-plan.ts';
import { ConflictError } from '../domain/errors.ts';
import { newId, type LocationId, type OrganizationId } from '../domain/ids.ts';
import { locationColumns, toLocation, type LocationRow } from './dial-plan-rows.ts';
import { checkPage } from './page-request.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, toCount } from './row-mapping.ts';
import type { AuditRepository, LocationReads, LocationRepository, LocationSettings, Page, PageRequest } from './store.ts';

export class LocationReader implements LocationReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: LocationId): Promise<Location | null> {
    const row = await this.context
      .db()
      .selectFrom('locations')
      .select(locationColumns)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toLocation(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest): Promise<Page<Location>> {
    const { limit, offset } = checkPage(page);
    const matching = this.context.db().selectFrom('locations').where('organization_id', '=', organizationId);
    const rows = await matching.select(locationColumns).orderBy('seq').limit(limit).offset(offset).execute();
    const { total } = await matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(toLocation), total: toCount(total) };
  }

  async listAll(organizationId: OrganizationId): Promise<readonly Location[]> {
    const rows = await this.context.db().selectFrom('locations').select(locationColumns).where('organization_id', '=', organizationId).orderBy('seq').execute();
    return rows.map(toLocation);
  }
}

export class LocationWriter extends LocationReader implements LocationRepository {
  readonly #write: WriteContext;
  readonly #audit: AuditRepository;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#audit = audit;
  }

  async create(organizationId: OrganizationId, settings: LocationSettings): Promise<Location> {
    const now = this.#write.now();
    const row: LocationRow = {
      id: newId('location', now),
      organization_id: organizationId,
      ...columnsOf(settings),
      version: 1,
      created_at: isoTime(now),
      updated_at: isoTime(now),
    };
    await this.#write.db().insertInto('locations').values(row).execute();
    const location = toLocation(row);
    await this.#audit.record({ organizationId, action: 'create', resourceType: 'location', resourceId: row.id, before: null, after: location });
    return location;
  }

  async update(organizationId: OrganizationId, id: LocationId, settings: LocationSettings, expectedVersion?: number): Promise<Location | null> {
    const current = await this.#lockedRow(organizationId, id);
    if (!current) return null;
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError('conflict', `location ${id} is at version ${current.version}, not ${expectedVersion}: someone changed it since it was read`, {
        type: 'location',
        id,
      });
    }
    const row: LocationRow = { ...current, ...columnsOf(settings), version: current.version + 1, updated_at: isoTime(this.#write.now()) };
    const { id: _id, organization_id: _org, created_at: _created, ...changes } = row;
    await this.#write.db().updateTable('locations').set(changes).where('organization_id', '=', organizationId).where('id', '=', id).execute();
    const before = toLocation(current);
    const after = toLocation(row);
    await this.#audit.record({ organizationId, action: 'update', resourceType: 'location', resourceId: id, before, after });
    return after;
  }

  async delete(organizationId: OrganizationId, id: LocationId): Promise<Location | null> {
    const current = await this.#lockedRow(organizationId, id);
    if (!current) return null;
    await this.#write.db().deleteFrom('locations').where('organization_id', '=', organizationId).where('id', '=', id).execute();
    const before = toLocation(current);
    await this.#audit.record({ organizationId, action: 'delete', resourceType: 'location', resourceId: id, before, after: null });
    return before;
  }

  #lockedRow(organizationId: OrganizationId, id: LocationId): Promise<LocationRow | undefined> {
    return this.#write
      .db()
      .selectFrom('locations')
      .select(locationColumns)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .$if(this.#write.lockRows, (q) => q.forUpdate())
      .executeTakeFirst();
  }
}

function columnsOf(settings: LocationSettings) {
  return {
    name: settings.name,
    time_zone: settings.timeZone,
    routing_prefix: settings.routingPrefix,
    outside_dial_digit: settings.outsideDialDigit,
    country: settings.country,
  };
}
