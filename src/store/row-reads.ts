import { sql } from 'kysely';
import type { OrganizationId } from '../domain/ids.ts';
import { checkPage } from './page-request.ts';
import { toCount } from './row-mapping.ts';
import type { PageRequest } from './store.ts';

/*
 * What the readers of an organization's records do alike: read one row by id, read all rows in the
 * order they were made (`seq`), and read a page of the rows a filter matches with their total. Each
 * repository hands in its own select (table and columns) and maps the rows itself. As with `RowQuery`
 * in versioned-row.ts, the shapes below are ones Kysely's `SelectQueryBuilder` has, so the selected
 * row type comes through exactly, with no cast.
 */

/** A select of one table's rows, before it is narrowed to one organization. */
export interface OrganizationRows<Row> {
  where(column: 'organization_id' | 'id', operator: '=', value: string): OrganizationRows<Row>;
  orderBy(column: 'seq'): OrganizationRows<Row>;
  execute(): Promise<Row[]>;
  executeTakeFirst(): Promise<Row | undefined>;
}

/** A select of the rows a filter matches, narrowed to one organization and in the order pages follow. */
export interface MatchingRows<Row> {
  limit(limit: number): MatchingRows<Row>;
  offset(offset: number): MatchingRows<Row>;
  execute(): Promise<Row[]>;
}

/** The same filter selecting `countAll` instead of the columns. */
export interface MatchingTotal {
  executeTakeFirstOrThrow(): Promise<{ readonly total: number | string }>;
}

/**
 * The selection that counts the matching rows, as `total`: `count(*)`, as `eb.fn.countAll()` writes
 * it. PostgreSQL returns a bigint count as a string, hence `number | string` (see `toCount`).
 */
export const countAll = sql<number | string>`count(*)`.as('total');

/** One organization's row by id; undefined when it has none of that id. */
export function rowById<Row>(rows: OrganizationRows<Row>, organizationId: OrganizationId, id: string): Promise<Row | undefined> {
  return rows.where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

/** All of one organization's rows, oldest first. */
export function allRows<Row>(rows: OrganizationRows<Row>, organizationId: OrganizationId): Promise<Row[]> {
  return rows.where('organization_id', '=', organizationId).orderBy('seq').execute();
}

/** One page of matching rows and how many match in all. */
export interface RowPage<Row> {
  readonly rows: Row[];
  readonly total: number;
}

/**
 * A page of the rows `matching` selects, in its order, and the count of all of them (`total`, the same
 * filter selecting `countAll`). The page is checked before any statement runs.
 */
export async function pageOfRows<Row>(page: PageRequest, matching: MatchingRows<Row>, total: MatchingTotal): Promise<RowPage<Row>> {
  const { limit, offset } = checkPage(page);
  const rows = await matching.limit(limit).offset(offset).execute();
  const counted = await total.executeTakeFirstOrThrow();
  return { rows, total: toCount(counted.total) };
}
