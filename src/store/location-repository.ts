import type { Kysely } from 'kysely';
import type { Location } from '../domain/dial-plan.ts';
import { newId, type LocationId, type OrganizationId } from '../domain/ids.ts';
import { locationColumns, toLocation, type LocationRow } from './dial-plan-rows.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime } from './row-mapping.ts';
import { allRows, countAll, pageOfRows, rowById } from './row-reads.ts';
import type { Database } from './schema.ts';
import type { AuditRepository, LocationReads, LocationRepository, LocationSettings, Page, PageRequest } from './store.ts';
import { changedColumns, VersionedRows } from './versioned-row.ts';

export class LocationReader implements LocationReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: LocationId): Promise<Location | null> {
    const row = await rowById(locationRows(this.context.db()), organizationId, id);
    return row ? toLocation(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest): Promise<Page<Location>> {
    const matching = this.context.db().selectFrom('locations').where('organization_id', '=', organizationId);
    const { rows, total } = await pageOfRows(page, matching.select(locationColumns).orderBy('seq'), matching.select(countAll));
    return { items: rows.map(toLocation), total };
  }

  async listAll(organizationId: OrganizationId): Promise<readonly Location[]> {
    return (await allRows(locationRows(this.context.db()), organizationId)).map(toLocation);
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
      rows: locationRows,
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

/** The columns a location is read from. */
function locationRows(db: Kysely<Database>) {
  return db.selectFrom('locations').select(locationColumns);
}
