import type { Kysely, Selectable } from 'kysely';
import { newId, type OrganizationId } from '../domain/ids.ts';
import { containsCondition, foldCase, searchText } from './number-search.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime } from './row-mapping.ts';
import { allRows, countAll, pageOfRows, rowById } from './row-reads.ts';
import type { Database, DocumentTable } from './schema.ts';
import type { AuditRepository, DocumentReads, DocumentRepository, Page, PageRequest } from './store.ts';
import { VersionedRows } from './versioned-row.ts';

/**
 * Schedules, rosters and queues: each is a named, versioned JSON document of an organization, stored, listed,
 * searched and audited alike. `DocumentKind` holds what differs between them.
 */

/** The kinds of record stored as documents; each is also its id kind and its audit resource type. */
export type DocumentIdKind = 'schedule' | 'roster' | 'queue';

export const documentColumns = ['id', 'organization_id', 'name', 'document', 'version', 'created_at', 'updated_at'] as const;
export type DocumentRow = Pick<Selectable<DocumentTable>, (typeof documentColumns)[number]>;

export interface DocumentKind<Id extends string, Settings extends { readonly name: string }, Item> {
  readonly table: 'schedules' | 'rosters' | 'queues';
  readonly idKind: DocumentIdKind;
  /** For the audit log and the change feed. */
  readonly resourceType: DocumentIdKind;
  newId(now: number): Id;
  /** The stored record; the document is what this code wrote from validated settings. */
  toItem(row: DocumentRow): Item;
  /** Only the settings go into `document`: id, version and times have columns of their own. */
  settingsOf(settings: Settings): Settings;
}

export class DocumentReader<Id extends string, Settings extends { readonly name: string }, Item> implements DocumentReads<Id, Item> {
  protected readonly context: ReadContext;
  protected readonly kind: DocumentKind<Id, Settings, Item>;

  constructor(context: ReadContext, kind: DocumentKind<Id, Settings, Item>) {
    this.context = context;
    this.kind = kind;
  }

  async get(organizationId: OrganizationId, id: Id): Promise<Item | null> {
    const row = await rowById(documentRows(this.context.db(), this.kind.table), organizationId, id);
    return row ? this.kind.toItem(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest & { readonly q?: string }): Promise<Page<Item>> {
    const text = searchText(page.q);
    let matching = this.context.db().selectFrom(this.kind.table).where('organization_id', '=', organizationId);
    if (text !== null) matching = matching.where((eb) => containsCondition(eb.ref('name_folded'), foldCase(text)));
    const { rows, total } = await pageOfRows(page, matching.select(documentColumns).orderBy('seq'), matching.select(countAll));
    return { items: rows.map((row) => this.kind.toItem(row)), total };
  }

  async listAll(organizationId: OrganizationId): Promise<readonly Item[]> {
    const rows = await allRows(documentRows(this.context.db(), this.kind.table), organizationId);
    return rows.map((row) => this.kind.toItem(row));
  }
}

export class DocumentWriter<Id extends string, Settings extends { readonly name: string }, Item>
  extends DocumentReader<Id, Settings, Item>
  implements DocumentRepository<Id, Settings, Item>
{
  readonly #write: WriteContext;
  readonly #rows: VersionedRows<DocumentRow, Item>;

  constructor(context: WriteContext, audit: AuditRepository, kind: DocumentKind<Id, Settings, Item>) {
    super(context, kind);
    this.#write = context;
    this.#rows = new VersionedRows(context, audit, {
      table: kind.table,
      rows: (db) => documentRows(db, kind.table),
      noun: kind.idKind,
      resourceType: kind.resourceType,
    });
  }

  async create(organizationId: OrganizationId, settings: Settings): Promise<Item> {
    const now = this.#write.now();
    const row: DocumentRow = {
      id: this.kind.newId(now),
      organization_id: organizationId,
      name: settings.name,
      document: JSON.stringify(this.kind.settingsOf(settings)),
      version: 1,
      created_at: isoTime(now),
      updated_at: isoTime(now),
    };
    await this.#write
      .db()
      .insertInto(this.kind.table)
      .values({ ...row, name_folded: foldCase(row.name) })
      .execute();
    return this.#rows.created(organizationId, row.id, this.kind.toItem(row));
  }

  update(organizationId: OrganizationId, id: Id, settings: Settings, expectedVersion?: number): Promise<Item | null> {
    return this.#rows.update(organizationId, id, expectedVersion, async (current, stamp) => {
      const row: DocumentRow = { ...current, name: settings.name, document: JSON.stringify(this.kind.settingsOf(settings)), ...stamp };
      await this.#write
        .db()
        .updateTable(this.kind.table)
        .set({ name: row.name, name_folded: foldCase(row.name), document: row.document, version: row.version, updated_at: row.updated_at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .execute();
      return { before: this.kind.toItem(current), after: this.kind.toItem(row) };
    });
  }

  delete(organizationId: OrganizationId, id: Id): Promise<Item | null> {
    return this.#rows.delete(organizationId, id, async (current) => {
      await this.#rows.deleteRow(organizationId, id);
      return this.kind.toItem(current);
    });
  }
}

/** A new id of the kind, as the id type the repository uses. */
export function documentId<Id extends string>(kind: DocumentIdKind): (now: number) => Id {
  return (now) => newId(kind, now) as string as Id;
}

/** The columns a document of the kind's table is read from. */
function documentRows(db: Kysely<Database>, table: DocumentKind<string, { readonly name: string }, unknown>['table']) {
  return db.selectFrom(table).select(documentColumns);
}
