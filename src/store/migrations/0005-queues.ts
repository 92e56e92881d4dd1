import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/** Call queues: a validated JSON document each, stored as schedules and rosters are. */
export const queuesSchema: StoreMigration = {
  name: '0005-queues',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    const seq = sequenceColumn(dialect);
    await db.schema
      .createTable('queues')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      // The name case-folded in JavaScript, so the `q` search matches alike on both engines.
      .addColumn('name_folded', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('queues_by_organization').on('queues').columns(['organization_id', 'seq']).execute();
  },
};

/** The identity key of 0001 and 0004; a shipped migration stays as it is, so this one keeps its own copy. */
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
