import type { Kysely, Selectable } from 'kysely';
import type { CallRecord } from '../domain/call-record.ts';
import type { CallId, NumberId, OrganizationId } from '../domain/ids.ts';
import { checkPage } from './page-request.ts';
import { isoTime, toCount } from './row-mapping.ts';
import { rowById } from './row-reads.ts';
import type { CallRecordTable, Database } from './schema.ts';
import type { CallQuery, CallRecordStore, Page } from './store.ts';

/** Rows per INSERT: 10 parameters a row stays far below both engines' limits on bound parameters. */
const rowsPerStatement = 250;

const callColumns = ['number_id', 'document'] as const;
type CallRow = Pick<Selectable<CallRecordTable>, (typeof callColumns)[number]>;
type NewCallRow = Omit<Selectable<CallRecordTable>, 'seq'>;

/** What the call record store needs from the store it lives in. */
export interface CallRecordContext {
  /** The shared database, for reads. */
  db(): Kysely<Database>;
  /** Runs `fn` in one database transaction on a connection of its own. */
  inTransaction(fn: (db: Kysely<Database>) => Promise<void>): Promise<void>;
}

/**
 * Call records: the whole `CallRecord` as a JSON document, with the fields lists filter and sort on
 * copied into columns. Bookkeeping, not configuration: no audit entry, no change event.
 */
export class KyselyCallRecordStore implements CallRecordStore {
  readonly #context: CallRecordContext;

  constructor(context: CallRecordContext) {
    this.#context = context;
  }

  async save(records: readonly CallRecord[]): Promise<void> {
    // The last copy of an id in the batch wins, as if they had been saved one by one. PostgreSQL
    // refuses an upsert that touches one row twice, so the duplicates must go before the INSERT.
    const byId = new Map<string, NewCallRow>();
    for (const record of records) byId.set(record.id, toRow(record));
    const rows = [...byId.values()];
    if (rows.length === 0) return;
    await this.#context.inTransaction(async (db) => {
      for (let i = 0; i < rows.length; i += rowsPerStatement) {
        await db
          .insertInto('call_records')
          .values(rows.slice(i, i + rowsPerStatement))
          // Replacing keeps `seq`, so a call saved while ringing and again when it ends keeps its place.
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              organization_id: eb.ref('excluded.organization_id'),
              number_id: eb.ref('excluded.number_id'),
              dialled_number: eb.ref('excluded.dialled_number'),
              caller_number: eb.ref('excluded.caller_number'),
              result: eb.ref('excluded.result'),
              started_at: eb.ref('excluded.started_at'),
              ended_at: eb.ref('excluded.ended_at'),
              document: eb.ref('excluded.document'),
            })),
          )
          .execute();
      }
    });
  }

  async get(organizationId: OrganizationId, id: CallId): Promise<CallRecord | null> {
    const row = await rowById(this.#context.db().selectFrom('call_records').select(callColumns), organizationId, id);
    return row ? toCallRecord(row) : null;
  }

  async list(organizationId: OrganizationId, query: CallQuery): Promise<Page<CallRecord>> {
    const { limit, offset } = checkPage(query);
    const since = query.since === undefined ? undefined : canonicalInstant(query.since, 'since');
    const until = query.until === undefined ? undefined : canonicalInstant(query.until, 'until');
    let matching = this.#context.db().selectFrom('call_records').where('organization_id', '=', organizationId);
    if (query.result !== undefined) matching = matching.where('result', '=', query.result);
    if (query.numberId !== undefined) matching = matching.where('number_id', '=', query.numberId);
    if (query.caller !== undefined) matching = matching.where('caller_number', '=', query.caller);
    if (query.dialledNumber !== undefined) matching = matching.where('dialled_number', '=', query.dialledNumber);
    if (since !== undefined) matching = matching.where('started_at', '>=', since);
    if (until !== undefined) matching = matching.where('started_at', '<', until);
    const rows = await matching
      .select(callColumns)
      .orderBy('started_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    const { total } = await matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(toCallRecord), total: toCount(total) };
  }
}

function toRow(record: CallRecord): NewCallRow {
  return {
    id: record.id,
    organization_id: record.organizationId,
    number_id: record.numberId,
    dialled_number: record.dialledNumber,
    caller_number: record.caller.number,
    result: record.result,
    // Stored in the one form that sorts as time does, whatever offset the record was written with.
    started_at: canonicalInstant(record.startedAt, 'startedAt'),
    ended_at: record.endedAt === null ? null : canonicalInstant(record.endedAt, 'endedAt'),
    document: JSON.stringify(record),
  };
}

function toCallRecord(row: CallRow): CallRecord {
  // Written by this code from a CallRecord. The column wins over the document's copy of the number id:
  // deleting the number clears the column only.
  const record = JSON.parse(row.document) as CallRecord;
  return { ...record, numberId: row.number_id as NumberId | null };
}

/** An ISO 8601 instant as stored: UTC with milliseconds. */
function canonicalInstant(text: string, what: string): string {
  const ms = Date.parse(text);
  // The API checks its input; a bad instant here is a caller's bug, not bad input.
  if (Number.isNaN(ms)) throw new RangeError(`call record ${what} must be an ISO 8601 instant, got ${JSON.stringify(text)}`);
  return isoTime(ms);
}
