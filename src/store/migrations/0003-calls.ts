import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/**
 * Carrying calls: the countries an organization's calls may go to, a trunk's call-rate limit, and the
 * call records.
 */
export const callsSchema: StoreMigration = {
  name: '0003-calls',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    const seq = sequenceColumn(dialect);

    // Null for every existing organization: "only its own country", the safe default.
    await db.schema.alterTable('organizations').addColumn('allowed_countries', 'text').execute();
    await db.schema
      .alterTable('trunks')
      .addColumn('max_calls_per_second', 'integer', (c) => c.notNull().defaultTo(100))
      .execute();

    await db.schema
      .createTable('call_records')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      // No foreign keys: records are bookkeeping that outlives the number (and is kept apart from the
      // configuration it describes); `number_id` is set to null when the number is deleted.
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('number_id', 'text')
      .addColumn('dialled_number', 'text', (c) => c.notNull())
      .addColumn('caller_number', 'text', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('document', 'text', (c) => c.notNull())
      .execute();
    // Newest first for the organization, and for each filter that picks few rows. `result` has too few
    // values to be worth an index of its own: it is checked while walking the first one.
    await db.schema
      .createIndex('call_records_by_organization')
      .on('call_records')
      .columns(['organization_id', 'started_at', 'seq'])
      .execute();
    await db.schema
      .createIndex('call_records_by_number')
      .on('call_records')
      .columns(['organization_id', 'number_id', 'started_at'])
      .execute();
    await db.schema
      .createIndex('call_records_by_caller')
      .on('call_records')
      .columns(['organization_id', 'caller_number', 'started_at'])
      .execute();
    await db.schema
      .createIndex('call_records_by_dialled_number')
      .on('call_records')
      .columns(['organization_id', 'dialled_number', 'started_at'])
      .execute();
  },
};

/** The same identity key as 0001: migrations that have shipped stay as they are, so this one has its own. */
function sequenceColumn(dialect: StoreDialect): {
  type: 'integer' | 'bigint';
  build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
} {
  switch (dialect) {
    case 'sqlite':
      return { type: 'integer', build: (c) => c.primaryKey().autoIncrement() };
    case 'postgres':
      return { type: 'bigint', build: (c) => c.primaryKey().generatedAlwaysAsIdentity() };
  }
}
