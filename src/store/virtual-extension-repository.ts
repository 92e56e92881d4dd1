import { sql, type Kysely } from 'kysely';
import type { VirtualExtension } from '../domain/dial-plan.ts';
import { ConflictError } from '../domain/errors.ts';
import { newId, type OrganizationId, type VirtualExtensionId } from '../domain/ids.ts';
import type { VirtualExtensionSettings } from '../domain/virtual-extension-input.ts';
import { checkPage } from './page-request.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, toCount } from './row-mapping.ts';
import { allRows } from './row-reads.ts';
import { inSavepoint } from './savepoint.ts';
import type { Database } from './schema.ts';
import type {
  AuditRepository,
  VirtualExtensionBatch,
  VirtualExtensionPlanEntry,
  VirtualExtensionQuery,
  VirtualExtensionReads,
  VirtualExtensionRepository,
  VirtualExtensionView,
} from './store.ts';
import type { VirtualExtensionPage, VirtualExtensionPosition, VirtualExtensionSort } from './dial-plan-store.ts';
import { violatesUnique, type UniqueConstraint } from './unique-violation.ts';
import { VersionedRows, type VersionStamp } from './versioned-row.ts';
import { countedPrefixes, foldText, isCountedPrefix, prefixUpperBound, queryWords, searchWords } from './virtual-extension-search.ts';
import { toVirtualExtension, toVirtualExtensionView, virtualExtensionColumns, type VirtualExtensionRow } from './virtual-extension-row.ts';

/** The backstop of rule 4 (one virtual extension per phone number), see migration 0007. */
const phoneNumberUnique: UniqueConstraint = {
  name: 'virtual_extensions_phone_number_unique',
  table: 'virtual_extensions',
  columns: ['organization_id', 'phone_number'],
};

/** Rows per insert statement: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const rowsPerInsert = 400;
const wordsPerInsert = 2_000;
/** Above this many matches of `q`, a page is found by walking the sort order's index rather than sorting every match. */
const broadMatchCount = 1_000;

export class VirtualExtensionReader implements VirtualExtensionReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: VirtualExtensionId): Promise<VirtualExtensionView | null> {
    const row = await this.#withLocation(selectVirtualExtensions(this.context.db()).where('ve.organization_id', '=', organizationId).where('ve.id', '=', id)).executeTakeFirst();
    return row ? toVirtualExtensionView(row) : null;
  }

  async list(organizationId: OrganizationId, query: VirtualExtensionQuery): Promise<VirtualExtensionPage> {
    const { limit, offset } = checkPage(query);
    const sort = query.sort ?? 'createdAt';
    const after = checkAfter(query.after, sort, offset);
    let matching = selectVirtualExtensions(this.context.db()).where('ve.organization_id', '=', organizationId);
    if (query.extension !== undefined) matching = matching.where('ve.extension', '=', query.extension);
    if (query.phoneNumber !== undefined) matching = matching.where('ve.phone_number', '=', query.phoneNumber);
    if (query.locationId !== undefined) matching = matching.where('ve.location_id', '=', query.locationId);
    if (query.orgLevelOnly) matching = matching.where('ve.location_id', 'is', null);
    // Every word of `q` must start a word of the names: one index range of the words table per word,
    // intersected, so the names themselves are only read for the page shown.
    const words = queryWords(query.q);
    const ranges = words.map((word) =>
      this.context
        .db()
        .selectFrom('virtual_extension_words')
        .select('virtual_extension_seq')
        .where('organization_id', '=', organizationId)
        .where('word', '>=', word)
        .where('word', '<', prefixUpperBound(word)),
    );
    const [firstRange, ...otherRanges] = ranges;
    // Counting needs each match once (a name may have two words starting with the same prefix); `in` does not.
    const matchingSeqs = firstRange ? otherRanges.reduce((all, range) => all.intersect(range), firstRange.distinct()) : null;
    const inMatches = firstRange ? (otherRanges.length === 0 ? firstRange : matchingSeqs) : null;
    if (inMatches) matching = matching.where('ve.seq', 'in', inMatches);
    const onlyWords = matchingSeqs !== null && query.extension === undefined && query.phoneNumber === undefined && query.locationId === undefined && !query.orgLevelOnly;
    // The count first (with `q` alone it needs only the words index, not a row per match): how many
    // match decides how to fetch the page. With a cursor it still counts every match, not those left.
    const [onlyWord] = words;
    const { total } =
      onlyWords && words.length === 1 && onlyWord !== undefined && isCountedPrefix(onlyWord)
        ? await this.#countedMatches(organizationId, onlyWord)
        : onlyWords && matchingSeqs
        ? await this.context.db().selectFrom(matchingSeqs.as('m')).select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow()
        : await matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    const matches = toCount(total);
    if (matches === 0 || limit === 0) return { items: [], total: matches, next: null };
    const descending = sort.startsWith('-');
    const direction = descending ? 'desc' : 'asc';
    // Few matches (a selective `q`): SQLite should read them and sort them, not walk the sort column's
    // index probing every row (a query matching nothing would read all 100,000). An expression as the
    // sort key (`|| ''`, `+ 0`) keeps it off that index; the order is the same. Many matches (a broad
    // `q` such as "a"): walking the index in sort order finds a page of matches within a few hundred
    // rows, where sorting every match would cost a few µs each.
    const sortMatches = matchingSeqs !== null && matches <= broadMatchCount;
    const column = sortColumn(sort);
    const keyExpr = column === null ? null : sortMatches ? sql<string>`${sql.ref(column)} || ''` : sql<string>`${sql.ref(column)}`;
    const seqExpr = sortMatches ? sql<number>`${sql.ref('ve.seq')} + 0` : sql<number>`${sql.ref('ve.seq')}`;
    let rows = this.#withLocation(matching).select('ve.display_name_sort');
    if (after) {
      // Keyset: strictly past the last row shown, in the sort's direction. A row value compares the
      // sort key first and the seq on ties, the same order as the ORDER BY below, and both engines
      // start the index range of (organization_id, key, seq) there instead of walking skipped rows.
      const past = descending ? sql.raw('<') : sql.raw('>');
      rows = rows.where(
        keyExpr !== null && 'key' in after ? sql<boolean>`(${keyExpr}, ${seqExpr}) ${past} (${after.key}, ${after.seq})` : sql<boolean>`${seqExpr} ${past} ${after.seq}`,
      );
    }
    if (keyExpr !== null) rows = rows.orderBy(keyExpr, direction);
    // One row past the page says whether another page follows, without trusting the count (rows may
    // come and go between the two statements).
    const fetched = await rows.orderBy(seqExpr, direction).limit(limit + 1).offset(offset).execute();
    const page = fetched.slice(0, limit);
    const last = page.at(-1);
    const next = fetched.length > limit && last ? positionOf(sort, last) : null;
    return { items: page.map(toVirtualExtensionView), total: matches, next };
  }

  async listAll(organizationId: OrganizationId): Promise<readonly VirtualExtension[]> {
    return (await allRows(virtualExtensionRows(this.context.db()), organizationId)).map(toVirtualExtension);
  }

  async listForDialPlan(organizationId: OrganizationId): Promise<readonly VirtualExtensionPlanEntry[]> {
    const rows = await allRows(
      selectVirtualExtensions(this.context.db()).select(['ve.id', 've.display_name', 've.extension', 've.phone_number', 've.location_id']),
      organizationId,
    );
    return rows.map((row) => {
      const { id, displayName, extension, phoneNumber, locationId } = toVirtualExtension({
        ...row,
        seq: 0,
        organization_id: organizationId,
        first_name: null,
        last_name: null,
        version: 0,
        created_at: '',
        updated_at: '',
      });
      return { id, displayName, extension, phoneNumber, locationId };
    });
  }

  /** The kept count of virtual extensions with a word starting with `prefix` (migration 0009): one row read. */
  async #countedMatches(organizationId: OrganizationId, prefix: string): Promise<{ total: number }> {
    const row = await this.context
      .db()
      .selectFrom('virtual_extension_prefix_counts')
      .select('matches')
      .where('organization_id', '=', organizationId)
      .where('prefix', '=', prefix)
      .executeTakeFirst();
    return { total: row ? Number(row.matches) : 0 };
  }

  #withLocation<Q extends ReturnType<typeof selectVirtualExtensions>>(query: Q) {
    return query
      .leftJoin('locations as l', 'l.id', 've.location_id')
      .select(virtualExtensionColumns)
      .select(['l.name as location_name', 'l.routing_prefix as routing_prefix']);
  }
}

/** An organization's virtual extensions as `ve`: the query lists and reads start from and `#withLocation` extends. */
function selectVirtualExtensions(db: Kysely<Database>) {
  return db.selectFrom('virtual_extensions as ve');
}

/** The columns a virtual extension is read from, without its location. */
function virtualExtensionRows(db: Kysely<Database>) {
  return selectVirtualExtensions(db).select(virtualExtensionColumns);
}

/** +1 (or -1) for every counted prefix of each row's name words: how the rows change the kept counts. */
function prefixDeltas(rows: readonly Pick<VirtualExtensionRow, 'display_name' | 'first_name' | 'last_name'>[], sign: 1 | -1): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const row of rows) {
    for (const prefix of countedPrefixes(searchWords(row.display_name, row.first_name, row.last_name))) deltas.set(prefix, (deltas.get(prefix) ?? 0) + sign);
  }
  return deltas;
}

/** The column a sort orders by before the seq; null for the createdAt sorts (the seq alone). */
function sortColumn(sort: VirtualExtensionSort): 've.display_name_sort' | 've.extension' | null {
  switch (sort) {
    case 'displayName':
    case '-displayName':
      return 've.display_name_sort';
    case 'extension':
    case '-extension':
      return 've.extension';
    case 'createdAt':
    case '-createdAt':
      return null;
  }
}

/** Where a row stands in `sort`: what the next page's `after` compares with. */
function positionOf(sort: VirtualExtensionSort, row: { readonly seq: number | string; readonly display_name_sort: string; readonly extension: string }): VirtualExtensionPosition {
  // PostgreSQL hands bigint back as a string.
  const seq = Number(row.seq);
  switch (sort) {
    case 'displayName':
    case '-displayName':
      return { sort, key: row.display_name_sort, seq };
    case 'extension':
    case '-extension':
      return { sort, key: row.extension, seq };
    case 'createdAt':
    case '-createdAt':
      return { sort, seq };
  }
}

/**
 * Refuses a position the API should never have let through: one of another sort (its key would be
 * compared with the wrong column), with an offset as well, or with a seq that is no whole number.
 */
function checkAfter(after: VirtualExtensionPosition | undefined, sort: VirtualExtensionSort, offset: number): VirtualExtensionPosition | undefined {
  if (after === undefined) return undefined;
  if (after.sort !== sort) throw new RangeError(`a position in sort ${after.sort} cannot start a page sorted by ${sort}`);
  if (offset !== 0) throw new RangeError(`a page starting after a position takes no offset, got ${offset}`);
  if (!Number.isSafeInteger(after.seq)) throw new RangeError(`a position's seq must be a whole number, got ${after.seq}`);
  return after;
}

export class VirtualExtensionWriter extends VirtualExtensionReader implements VirtualExtensionRepository {
  readonly #write: WriteContext;
  readonly #audit: AuditRepository;
  readonly #rows: VersionedRows<VirtualExtensionRow, VirtualExtension>;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#audit = audit;
    this.#rows = new VersionedRows(context, audit, {
      table: 'virtual_extensions',
      rows: virtualExtensionRows,
      noun: 'virtual extension',
      resourceType: 'virtualExtension',
    });
  }

  async create(organizationId: OrganizationId, settings: VirtualExtensionSettings): Promise<VirtualExtension> {
    const [created] = await this.#insert(organizationId, [{ id: newId('virtualExtension', this.#write.now()), settings }]);
    if (!created) throw new Error('insert returned no row');
    return this.#rows.created(organizationId, created.id, toVirtualExtension(created));
  }

  update(organizationId: OrganizationId, id: VirtualExtensionId, settings: VirtualExtensionSettings, expectedVersion?: number): Promise<VirtualExtension | null> {
    return this.#rows.update(organizationId, id, expectedVersion, async (current, stamp) => {
      const row = await this.#replace(organizationId, current, settings, stamp);
      return { before: toVirtualExtension(current), after: toVirtualExtension(row) };
    });
  }

  delete(organizationId: OrganizationId, id: VirtualExtensionId): Promise<VirtualExtension | null> {
    return this.#rows.delete(organizationId, id, async (current) => {
      // Its search words go with it, and the kept prefix counts (migration 0009) lose its words.
      await this.#write.db().deleteFrom('virtual_extension_words').where('virtual_extension_seq', '=', current.seq).execute();
      await this.#countPrefixes(organizationId, prefixDeltas([current], -1));
      await this.#rows.deleteRow(organizationId, id);
      return toVirtualExtension(current);
    });
  }

  async writeBatch(organizationId: OrganizationId, batch: VirtualExtensionBatch): Promise<readonly VirtualExtension[]> {
    const created = (await this.#insert(organizationId, batch.creates)).map(toVirtualExtension);
    const updated: VirtualExtension[] = [];
    for (const { id, settings } of batch.updates) {
      const current = await this.#rows.locked(organizationId, id);
      if (current) updated.push(toVirtualExtension(await this.#replace(organizationId, current, settings, this.#rows.stampAfter(current))));
    }
    // One audit entry per kind of change per batch: an entry per row would be 100,000 entries for one file.
    const { taskId, firstLine, lastLine } = batch.audit;
    const lines = `lines ${firstLine}–${lastLine} of task ${taskId}`;
    if (created.length > 0) {
      await this.#audit.record({ organizationId, action: 'create', resourceType: 'virtualExtension', resourceId: taskId, before: null, after: { import: lines, created: created.map((v) => v.id) } });
    }
    if (updated.length > 0) {
      await this.#audit.record({ organizationId, action: 'update', resourceType: 'virtualExtension', resourceId: taskId, before: null, after: { import: lines, updated: updated.map((v) => v.id) } });
    }
    return [...created, ...updated];
  }

  /** Inserts the rows and their search words; returns the rows in the order given. */
  async #insert(organizationId: OrganizationId, all: VirtualExtensionBatch['creates']): Promise<VirtualExtensionRow[]> {
    const now = this.#write.now();
    const at = isoTime(now);
    const db = this.#write.db();
    const inserted: VirtualExtensionRow[] = [];
    for (let start = 0; start < all.length; start += rowsPerInsert) {
      const chunk = all.slice(start, start + rowsPerInsert);
      const values = chunk.map(({ id, settings: s }) => ({
        id,
        organization_id: organizationId,
        display_name: s.displayName,
        display_name_sort: foldText(s.displayName),
        first_name: s.firstName,
        last_name: s.lastName,
        extension: s.extension,
        phone_number: s.phoneNumber,
        location_id: s.locationId,
        version: 1,
        created_at: at,
        updated_at: at,
      }));
      const returned = await this.#claimingPhoneNumbers(() => db.insertInto('virtual_extensions').values(values).returning(['id', 'seq']).execute());
      const seqById = new Map(returned.map((r) => [r.id, Number(r.seq)]));
      inserted.push(...values.map((v): VirtualExtensionRow => ({ ...v, seq: seqById.get(v.id) ?? Number.NaN })));
    }
    // The words of the whole batch at once: one pass of inserts and one update of the prefix counts.
    await this.#insertWords(organizationId, inserted);
    return inserted;
  }

  /** Writes `settings` over the row with `stamp`, and moves its search words and prefix counts along. */
  async #replace(organizationId: OrganizationId, current: VirtualExtensionRow, settings: VirtualExtensionSettings, stamp: VersionStamp): Promise<VirtualExtensionRow> {
    const row: VirtualExtensionRow = {
      ...current,
      display_name: settings.displayName,
      first_name: settings.firstName,
      last_name: settings.lastName,
      extension: settings.extension,
      phone_number: settings.phoneNumber,
      location_id: settings.locationId,
      ...stamp,
    };
    const db = this.#write.db();
    await this.#claimingPhoneNumbers(() =>
      db
        .updateTable('virtual_extensions')
        .set({
          display_name: row.display_name,
          display_name_sort: foldText(row.display_name),
          first_name: row.first_name,
          last_name: row.last_name,
          extension: row.extension,
          phone_number: row.phone_number,
          location_id: row.location_id,
          version: row.version,
          updated_at: row.updated_at,
        })
        .where('organization_id', '=', organizationId)
        .where('id', '=', current.id)
        .execute(),
    );
    await db.deleteFrom('virtual_extension_words').where('virtual_extension_seq', '=', current.seq).execute();
    await this.#countPrefixes(organizationId, prefixDeltas([current], -1));
    await this.#insertWords(organizationId, [row]);
    return row;
  }

  async #insertWords(organizationId: OrganizationId, rows: readonly VirtualExtensionRow[]): Promise<void> {
    const words: { organization_id: string; word: string; virtual_extension_seq: number }[] = [];
    const deltas = new Map<string, number>();
    for (const row of rows) {
      const own = searchWords(row.display_name, row.first_name, row.last_name);
      for (const word of own) words.push({ organization_id: organizationId, word, virtual_extension_seq: row.seq });
      for (const prefix of countedPrefixes(own)) deltas.set(prefix, (deltas.get(prefix) ?? 0) + 1);
    }
    for (let start = 0; start < words.length; start += wordsPerInsert) {
      await this.#write.db().insertInto('virtual_extension_words').values(words.slice(start, start + wordsPerInsert)).execute();
    }
    await this.#countPrefixes(organizationId, deltas);
  }

  /** Adds the deltas to the kept prefix counts, creating the rows a prefix has no row for yet. */
  async #countPrefixes(organizationId: OrganizationId, deltas: ReadonlyMap<string, number>): Promise<void> {
    const values = [...deltas].filter(([, delta]) => delta !== 0).map(([prefix, matches]) => ({ organization_id: organizationId, prefix, matches }));
    for (let start = 0; start < values.length; start += wordsPerInsert) {
      await this.#write
        .db()
        .insertInto('virtual_extension_prefix_counts')
        .values(values.slice(start, start + wordsPerInsert))
        .onConflict((oc) =>
          oc.columns(['organization_id', 'prefix']).doUpdateSet((eb) => ({ matches: eb('virtual_extension_prefix_counts.matches', '+', eb.ref('excluded.matches')) })),
        )
        .execute();
    }
  }

  /**
   * The conflict matrix, checked under the dial-plan lock before the write, keeps phone numbers apart;
   * the unique constraint is the backstop, reported as the same conflict rather than a 500.
   */
  async #claimingPhoneNumbers<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await inSavepoint(this.#write.db(), 'claim_virtual_extension_number', write);
    } catch (error) {
      if (violatesUnique(error, phoneNumberUnique)) throw new ConflictError('conflict', 'The phone number is already the number of another virtual extension of this organization');
      throw error;
    }
  }
}
