import type { Kysely } from 'kysely';
import type { AuditAction } from '../domain/audit.ts';
import { ConflictError } from '../domain/errors.ts';
import type { OrganizationId } from '../domain/ids.ts';
import type { WriteContext } from './repository-context.ts';
import { isoTime } from './row-mapping.ts';
import type { Database } from './schema.ts';
import type { AuditRepository, ResourceType } from './store.ts';

/*
 * What every repository of a versioned record does alike when it changes one: read the row locked,
 * refuse a stale `expectedVersion` (optimistic concurrency; the API turns it into 412), write the row
 * with the next version, and log the record before and after. Each repository keeps its own columns,
 * mapping and constraint handling and hands them in as callbacks.
 */

/** The tables whose rows belong to one organization and carry `version` and `updated_at`. */
export type VersionedTable =
  | 'locations'
  | 'virtual_extension_ranges'
  | 'virtual_extensions'
  | 'users'
  | 'numbers'
  | 'trunks'
  | 'schedules'
  | 'rosters'
  | 'queues';

/**
 * A select of one table's row, narrowed here to one organization's row by id. Kysely's
 * `SelectQueryBuilder` has this shape, so a repository passes `db.selectFrom(table).select(columns)`
 * and the row type it selects comes through exactly, with no cast.
 */
export interface RowQuery<Row> {
  where(column: 'organization_id' | 'id', operator: '=', value: string): RowQuery<Row>;
  forUpdate(): RowQuery<Row>;
  executeTakeFirst(): Promise<Row | undefined>;
}

/**
 * The row as it is now. On PostgreSQL it is read `FOR UPDATE`, so two transactions cannot both read
 * version 3 and both write version 4; SQLite transactions hold the write lock from `BEGIN IMMEDIATE`
 * (see `WriteContext.lockRows`).
 */
export function lockedRow<Row>(context: WriteContext, rows: RowQuery<Row>, organizationId: OrganizationId, id: string): Promise<Row | undefined> {
  const query = rows.where('organization_id', '=', organizationId).where('id', '=', id);
  return (context.lockRows ? query.forUpdate() : query).executeTakeFirst();
}

/** A select of the `organizations` table, narrowed here to one organization by its id. */
export interface OrganizationRowQuery<Row> {
  where(column: 'id', operator: '=', value: string): OrganizationRowQuery<Row>;
  forUpdate(): OrganizationRowQuery<Row>;
  executeTakeFirst(): Promise<Row | undefined>;
}

/**
 * The organization's own row as it is now, locked as `lockedRow` locks a record's, for changes of the
 * organization and of the settings kept on its row (and for the dial-plan lock, which is this lock).
 */
export function lockedOrganizationRow<Row>(context: WriteContext, rows: OrganizationRowQuery<Row>, organizationId: OrganizationId): Promise<Row | undefined> {
  const query = rows.where('id', '=', organizationId);
  return (context.lockRows ? query.forUpdate() : query).executeTakeFirst();
}

/** What differs between versioned records, for `VersionedRows`. */
export interface VersionedKind<Row, Item> {
  readonly table: VersionedTable;
  /** The columns the repository maps, selected from `table`. */
  rows(db: Kysely<Database>): RowQuery<Row>;
  /** How a conflict message names one record, e.g. "virtual extension range". */
  readonly noun: string;
  /** The audit log's resource type, which is also the conflict's `type`. */
  readonly resourceType: ResourceType;
  /** The record as the audit log keeps it (secrets left out); the record itself when absent. */
  audited?(item: Item): unknown;
}

/** The columns every change of a row sets: the next version, and when. */
export interface VersionStamp {
  readonly version: number;
  readonly updated_at: string;
}

/**
 * The columns an update of `row` sets: all but the ones that name the record and say when it began.
 * Key order is kept, so the statement is the same as one spelled out.
 */
export function changedColumns<Row extends { readonly id: string; readonly organization_id: string; readonly created_at: string }>(
  row: Row,
): Omit<Row, 'id' | 'organization_id' | 'created_at'> {
  const { id: _id, organization_id: _org, created_at: _created, ...changes } = row;
  return changes;
}

/** The record as it was and as it is after a change; both go into the audit entry. */
export interface Changed<Item> {
  readonly before: Item;
  readonly after: Item;
}

export class VersionedRows<Row extends { readonly version: number }, Item> {
  readonly #write: WriteContext;
  readonly #audit: AuditRepository;
  readonly #kind: VersionedKind<Row, Item>;

  constructor(context: WriteContext, audit: AuditRepository, kind: VersionedKind<Row, Item>) {
    this.#write = context;
    this.#audit = audit;
    this.#kind = kind;
  }

  /** Logs a record the repository has just inserted; returns it. */
  async created(organizationId: OrganizationId, id: string, item: Item): Promise<Item> {
    await this.#record(organizationId, 'create', id, null, item);
    return item;
  }

  /**
   * Changes one row: null when there is none; a `conflict` when `expectedVersion` is given and the row
   * is at another version. Otherwise `change` writes the row with `stamp` (and anything that hangs off
   * it) and returns the record before and after, which are logged; the result is the record after.
   */
  async update(
    organizationId: OrganizationId,
    id: string,
    expectedVersion: number | undefined,
    change: (current: Row, stamp: VersionStamp) => Promise<Changed<Item>>,
  ): Promise<Item | null> {
    const current = await this.locked(organizationId, id);
    if (!current) return null;
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError(
        'conflict',
        `${this.#kind.noun} ${id} is at version ${current.version}, not ${expectedVersion}: someone changed it since it was read`,
        { type: this.#kind.resourceType, id },
      );
    }
    const { before, after } = await change(current, this.stampAfter(current));
    await this.#record(organizationId, 'update', id, before, after);
    return after;
  }

  /**
   * Deletes one row: null when there is none. `remove` deletes it (with `deleteRow`, in whatever order
   * its dependents need) and returns the record as it was, which is logged and returned.
   */
  async delete(organizationId: OrganizationId, id: string, remove: (current: Row) => Promise<Item>): Promise<Item | null> {
    const current = await this.locked(organizationId, id);
    if (!current) return null;
    const before = await remove(current);
    await this.#record(organizationId, 'delete', id, before, null);
    return before;
  }

  /**
   * The row as it is now, locked (see `lockedRow`), for a change the repository checks and logs its own
   * way, such as an import batch that writes one audit entry for many rows.
   */
  locked(organizationId: OrganizationId, id: string): Promise<Row | undefined> {
    return lockedRow(this.#write, this.#kind.rows(this.#write.db()), organizationId, id);
  }

  /** The version and time a change of `current` writes. */
  stampAfter(current: Row): VersionStamp {
    return { version: current.version + 1, updated_at: isoTime(this.#write.now()) };
  }

  /** The row itself, for `remove`. */
  async deleteRow(organizationId: OrganizationId, id: string): Promise<void> {
    await this.#write.db().deleteFrom(this.#kind.table).where('organization_id', '=', organizationId).where('id', '=', id).execute();
  }

  async #record(organizationId: OrganizationId, action: AuditAction, id: string, before: Item | null, after: Item | null): Promise<void> {
    const audited = (item: Item | null): unknown => (item === null || !this.#kind.audited ? item : this.#kind.audited(item));
    await this.#audit.record({ organizationId, action, resourceType: this.#kind.resourceType, resourceId: id, before: audited(before), after: audited(after) });
  }
}
