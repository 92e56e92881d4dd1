import type { Kysely } from 'kysely';
import type { BusinessNumber } from '../domain/business-number.ts';
import { newId, type NumberId, type OrganizationId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import { foldCase, numberSearchCondition, searchText } from './number-search.ts';
import { numberTakenError, phoneNumberUnique } from './number-taken.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, numberColumns, toBusinessNumber, type NumberRow } from './row-mapping.ts';
import { allRows, countAll, pageOfRows, rowById } from './row-reads.ts';
import { inSavepoint } from './savepoint.ts';
import type { Database } from './schema.ts';
import type {
  AuditRepository,
  NewNumber,
  NumberPatch,
  NumberReads,
  NumberRepository,
  Page,
  PageRequest,
} from './store.ts';
import { violatesUnique } from './unique-violation.ts';
import { VersionedRows } from './versioned-row.ts';

export class NumberReader implements NumberReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: NumberId): Promise<BusinessNumber | null> {
    const row = await rowById(numberRows(this.context.db()), organizationId, id);
    return row ? toBusinessNumber(row) : null;
  }

  async findByPhoneNumber(phoneNumber: E164): Promise<BusinessNumber | null> {
    const row = await numberRows(this.context.db()).where('phone_number', '=', phoneNumber).executeTakeFirst();
    return row ? toBusinessNumber(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest & { readonly q?: string }): Promise<Page<BusinessNumber>> {
    const text = searchText(page.q);
    let matching = this.context.db().selectFrom('numbers').where('organization_id', '=', organizationId);
    if (text !== null) matching = matching.where((eb) => numberSearchCondition(eb, text));
    const { rows, total } = await pageOfRows(page, matching.select(numberColumns).orderBy('seq'), matching.select(countAll));
    return { items: rows.map(toBusinessNumber), total };
  }

  async listAll(organizationId: OrganizationId): Promise<readonly BusinessNumber[]> {
    return (await allRows(numberRows(this.context.db()), organizationId)).map(toBusinessNumber);
  }

  async organizationIdsWithNumbers(): Promise<readonly OrganizationId[]> {
    const rows = await this.context.db().selectFrom('numbers').select('organization_id').distinct().orderBy('organization_id').execute();
    return rows.map((r) => r.organization_id as OrganizationId);
  }
}

export class NumberWriter extends NumberReader implements NumberRepository {
  readonly #write: WriteContext;
  readonly #rows: VersionedRows<NumberRow, BusinessNumber>;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#rows = new VersionedRows(context, audit, {
      table: 'numbers',
      rows: numberRows,
      noun: 'number',
      resourceType: 'number',
    });
  }

  async create(input: NewNumber): Promise<BusinessNumber> {
    const now = this.#write.now();
    const row: NumberRow = {
      id: newId('number', now),
      organization_id: input.organizationId,
      phone_number: input.phoneNumber,
      label: input.label,
      flow: JSON.stringify(input.flow),
      version: 1,
      created_at: isoTime(now),
      updated_at: isoTime(now),
    };
    await this.#claimingPhoneNumber(input.organizationId, input.phoneNumber, (db) =>
      db
        .insertInto('numbers')
        .values({ ...row, label_folded: foldCase(row.label) })
        .execute(),
    );
    return this.#rows.created(input.organizationId, row.id, toBusinessNumber(row));
  }

  update(organizationId: OrganizationId, id: NumberId, patch: NumberPatch, expectedVersion?: number): Promise<BusinessNumber | null> {
    return this.#rows.update(organizationId, id, expectedVersion, async (current, stamp) => {
      const row: NumberRow = {
        ...current,
        phone_number: patch.phoneNumber ?? current.phone_number,
        label: patch.label ?? current.label,
        flow: patch.flow !== undefined ? JSON.stringify(patch.flow) : current.flow,
        ...stamp,
      };
      const phoneNumber = row.phone_number as E164;
      await this.#claimingPhoneNumber(organizationId, phoneNumber, (db) =>
        db
          .updateTable('numbers')
          .set({
            phone_number: row.phone_number,
            label: row.label,
            label_folded: foldCase(row.label),
            flow: row.flow,
            version: row.version,
            updated_at: row.updated_at,
          })
          .where('organization_id', '=', organizationId)
          .where('id', '=', id)
          .execute(),
      );
      return { before: toBusinessNumber(current), after: toBusinessNumber(row) };
    });
  }

  delete(organizationId: OrganizationId, id: NumberId): Promise<BusinessNumber | null> {
    return this.#rows.delete(organizationId, id, async (current) => {
      await this.#rows.deleteRow(organizationId, id);
      // Call records keep the dialled number but no longer point at a number that is gone (the id could
      // only answer 404 now). In the same transaction, so no reader sees one without the other.
      await this.#write
        .db()
        .updateTable('call_records')
        .set({ number_id: null })
        .where('organization_id', '=', organizationId)
        .where('number_id', '=', id)
        .execute();
      return toBusinessNumber(current);
    });
  }

  /**
   * Runs a write that gives `phoneNumber` to a number, and turns the unique-constraint violation into
   * `number_taken`. The constraint decides, not a read beforehand: two transactions may both see the
   * number free, and only the database sees which of them commits first (on PostgreSQL the second
   * insert waits for the first transaction and fails once it commits).
   */
  async #claimingPhoneNumber(
    organizationId: OrganizationId,
    phoneNumber: E164,
    write: (db: ReturnType<WriteContext['db']>) => Promise<unknown>,
  ): Promise<void> {
    const db = this.#write.db();
    try {
      await inSavepoint(db, 'claim_phone_number', () => write(db));
    } catch (error) {
      if (!violatesUnique(error, phoneNumberUnique)) throw error;
      throw await numberTakenError(this.#write, organizationId, phoneNumber);
    }
  }
}

/** The columns a number is read from. */
function numberRows(db: Kysely<Database>) {
  return db.selectFrom('numbers').select(numberColumns);
}
