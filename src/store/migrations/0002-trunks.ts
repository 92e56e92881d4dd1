import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/** Trunks (SIP peers to the phone network) and the source networks calls from them may come from. */
export const trunksSchema: StoreMigration = {
  name: '0002-trunks',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    const seq = sequenceColumn(dialect);

    await db.schema
      .createTable('trunks')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('transport', 'text', (c) => c.notNull())
      .addColumn('username', 'text')
      .addColumn('password', 'text')
      // The canonical CIDRs as a JSON array, in the order given; trunk_source_networks indexes them.
      .addColumn('source_addresses', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('trunks_by_organization').on('trunks').columns(['organization_id', 'seq']).execute();

    // One row per source network, as the range of addresses it holds: fixed-width lower-case hex of the
    // first and last address (8 digits for IPv4, 32 for IPv6). Text of one width and alphabet compares
    // as the numbers do on both engines, so "which networks hold this address" is a range query.
    await db.schema
      .createTable('trunk_source_networks')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('trunk_id', 'text', (c) => c.notNull().references('trunks.id').onDelete('cascade'))
      .addColumn('family', 'integer', (c) => c.notNull())
      .addColumn('first_address', 'text', (c) => c.notNull())
      .addColumn('last_address', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('trunk_source_networks_by_range')
      .on('trunk_source_networks')
      .columns(['family', 'first_address', 'last_address'])
      .execute();
    await db.schema.createIndex('trunk_source_networks_by_trunk').on('trunk_source_networks').columns(['trunk_id']).execute();
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
