import type { Kysely } from 'kysely';
import type { VirtualExtensionRange } from '../domain/dial-plan.ts';
import { newId, type LocationId, type OrganizationId, type VirtualExtensionRangeId } from '../domain/ids.ts';
import { rangeColumns, toRange, type RangeRow } from './dial-plan-rows.ts';
import { containsCondition, foldCase, searchText } from './number-search.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime } from './row-mapping.ts';
import { allRows, countAll, pageOfRows, rowById } from './row-reads.ts';
import type { Database } from './schema.ts';
import type {
  AuditRepository,
  Page,
  PageRequest,
  VirtualExtensionRangeReads,
  VirtualExtensionRangeRepository,
  VirtualExtensionRangeSettings,
} from './store.ts';
import { changedColumns, VersionedRows } from './versioned-row.ts';

export class RangeReader implements VirtualExtensionRangeReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: VirtualExtensionRangeId): Promise<VirtualExtensionRange | null> {
    const row = await rowById(rangeRows(this.context.db()), organizationId, id);
    return row ? toRange(row) : null;
  }

  async list(
    organizationId: OrganizationId,
    page: PageRequest & { readonly q?: string; readonly locationId?: LocationId },
  ): Promise<Page<VirtualExtensionRange>> {
    const text = searchText(page.q);
    let matching = this.context.db().selectFrom('virtual_extension_ranges').where('organization_id', '=', organizationId);
    if (text !== null) matching = matching.where((eb) => containsCondition(eb.ref('name_folded'), foldCase(text)));
    if (page.locationId !== undefined) matching = matching.where('location_id', '=', page.locationId);
    const { rows, total } = await pageOfRows(page, matching.select(rangeColumns).orderBy('seq'), matching.select(countAll));
    return { items: rows.map(toRange), total };
  }

  async listAll(organizationId: OrganizationId): Promise<readonly VirtualExtensionRange[]> {
    return (await allRows(rangeRows(this.context.db()), organizationId)).map(toRange);
  }
}

export class RangeWriter extends RangeReader implements VirtualExtensionRangeRepository {
  readonly #write: WriteContext;
  readonly #rows: VersionedRows<RangeRow, VirtualExtensionRange>;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#rows = new VersionedRows(context, audit, {
      table: 'virtual_extension_ranges',
      rows: rangeRows,
      noun: 'virtual extension range',
      resourceType: 'virtualExtensionRange',
    });
  }

  async create(organizationId: OrganizationId, settings: VirtualExtensionRangeSettings): Promise<VirtualExtensionRange> {
    const now = this.#write.now();
    const row: RangeRow = {
      id: newId('virtualExtensionRange', now),
      organization_id: organizationId,
      ...columnsOf(settings),
      version: 1,
      created_at: isoTime(now),
      updated_at: isoTime(now),
    };
    await this.#write
      .db()
      .insertInto('virtual_extension_ranges')
      .values({ ...row, name_folded: foldCase(row.name) })
      .execute();
    return this.#rows.created(organizationId, row.id, toRange(row));
  }

  update(
    organizationId: OrganizationId,
    id: VirtualExtensionRangeId,
    settings: VirtualExtensionRangeSettings,
    expectedVersion?: number,
  ): Promise<VirtualExtensionRange | null> {
    return this.#rows.update(organizationId, id, expectedVersion, async (current, stamp) => {
      const row: RangeRow = { ...current, ...columnsOf(settings), ...stamp };
      await this.#write
        .db()
        .updateTable('virtual_extension_ranges')
        .set({ ...changedColumns(row), name_folded: foldCase(row.name) })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .execute();
      return { before: toRange(current), after: toRange(row) };
    });
  }

  delete(organizationId: OrganizationId, id: VirtualExtensionRangeId): Promise<VirtualExtensionRange | null> {
    return this.#rows.delete(organizationId, id, async (current) => {
      await this.#rows.deleteRow(organizationId, id);
      return toRange(current);
    });
  }
}

function columnsOf(settings: VirtualExtensionRangeSettings) {
  return { name: settings.name, prefix: settings.prefix, patterns: JSON.stringify(settings.patterns), location_id: settings.locationId };
}

/** The columns a range is read from. */
function rangeRows(db: Kysely<Database>) {
  return db.selectFrom('virtual_extension_ranges').select(rangeColumns);
}
