import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/**
 * Schedules and rosters (each a validated JSON document, as flows are), and the organization-wide call
 * filter.
 */
export const schedulesRostersSchema: StoreMigration = {
  name: '0004-schedules-rosters',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    // Null for every existing organization: no organization-wide filter.
    await db.schema.alterTable('organizations').addColumn('call_filter', 'text').execute();

    for (const table of ['schedules', 'rosters'] as const) {
      const seq = sequenceColumn(dialect);
      await db.schema
        .createTable(table)
        .addColumn('seq', seq.type, seq.build)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        // The name case-folded in JavaScript, so the `q` search matches alike on both engines (as numbers' labels).
        .addColumn('name_folded', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_by_organization`).on(table).columns(['organization_id', 'seq']).execute();
    }
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
