import type { Location } from '../domain/dial-plan.ts';
import { newId, type LocationId, type OrganizationId } from '../domain/ids.ts';
import { locationColumns, toLocation, type LocationRow } from './dial-plan-rows.ts';
import { checkPage } from './page-request.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, toCount } from './row-mapping.ts';
import type { AuditRepository, LocationReads, LocationRepository, LocationSettings, Page, PageRequest } from './store.ts';
import { changedColumns, VersionedRows } from './versioned-row.ts';

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
  readonly #rows: VersionedRows<LocationRow, Location>;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#rows = new VersionedRows(context, audit, {
      table: 'locations',
      rows: (db) => db.selectFrom('locations').select(locationColumns),
      noun: 'location',
      resourceType: 'location',
    });
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
    return this.#rows.created(organizationId, row.id, toLocation(row));
  }

  update(organizationId: OrganizationId, id: LocationId, settings: LocationSettings, expectedVersion?: number): Promise<Location | null> {
    return this.#rows.update(organizationId, id, expectedVersion, async (current, stamp) => {
      const row: LocationRow = { ...current, ...columnsOf(settings), ...stamp };
      await this.#write.db().updateTable('locations').set(changedColumns(row)).where('organization_id', '=', organizationId).where('id', '=', id).execute();
      return { before: toLocation(current), after: toLocation(row) };
    });
  }

  delete(organizationId: OrganizationId, id: LocationId): Promise<Location | null> {
    return this.#rows.delete(organizationId, id, async (current) => {
      await this.#rows.deleteRow(organizationId, id);
      return toLocation(current);
    });
  }
}

function columnsOf(settings: LocationSettings) {
  return {
    name: settings.name,
    time_zone: settings.timeZone,
    routing_prefix: settings.routingPrefix,
    outside_dial_digit: settings.outsideDialDigit,
    country: settings.country,
    emergency_callback_number: settings.emergencyCallbackNumber,
  };
}
