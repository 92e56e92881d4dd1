import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/** Organizations, API tokens, numbers and the audit log. */
export const initialSchema: StoreMigration = {
  name: '0001-initial',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    const seq = sequenceColumn(dialect);

    await db.schema
      .createTable('organizations')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('platform_admin', 'integer', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .addUniqueConstraint('api_tokens_secret_hash_unique', ['secret_hash'])
      .execute();
    await db.schema.createIndex('api_tokens_by_organization').on('api_tokens').columns(['organization_id', 'seq']).execute();

    await db.schema
      .createTable('numbers')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('phone_number', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('label_folded', 'text', (c) => c.notNull())
      .addColumn('flow', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // A phone number routes to exactly one flow, so it is unique across the whole platform. The
      // repository recognises this constraint by name when it maps a violation to `number_taken`.
      .addUniqueConstraint('numbers_phone_number_unique', ['phone_number'])
      .execute();
    // Serves list, listAll and organizationIdsWithNumbers (an index-only scan of its first column).
    await db.schema.createIndex('numbers_by_organization').on('numbers').columns(['organization_id', 'seq']).execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      // No foreign key: the log outlives the records it describes.
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_token_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .execute();
    // Newest first, for the whole organization, one resource type, or one resource (ids are unique
    // across types, so the last index also serves a query that names both type and id).
    await db.schema.createIndex('audit_log_by_organization').on('audit_log').columns(['organization_id', 'seq']).execute();
    await db.schema
      .createIndex('audit_log_by_resource_type')
      .on('audit_log')
      .columns(['organization_id', 'resource_type', 'seq'])
      .execute();
    await db.schema
      .createIndex('audit_log_by_resource')
      .on('audit_log')
      .columns(['organization_id', 'resource_id', 'seq'])
      .execute();
  },
};

/** An integer key the database assigns in insertion order: SQLite's AUTOINCREMENT, PostgreSQL's identity. */
function sequenceColumn(dialect: StoreDialect): {
  type: 'integer' | 'bigint';
  build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
} {
  switch (dialect) {
    case 'sqlite':
      // AUTOINCREMENT never reuses a value, even after the newest row is deleted.
      return { type: 'integer', build: (c) => c.primaryKey().autoIncrement() };
    case 'postgres':
      return { type: 'bigint', build: (c) => c.primaryKey().generatedAlwaysAsIdentity() };
  }
}
