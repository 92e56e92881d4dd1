import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/**
 * Virtual extensions, the words their names are searched by, and tasks (CSV imports) with the rows
 * that failed. The conflict matrix is checked in code inside the writing transaction; the database
 * backs up the one rule it can hold alone: a phone number is one virtual extension's per organization.
 */
export const virtualExtensionsSchema: StoreMigration = {
  name: '0007-virtual-extensions',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    // Folded words and sort keys compare byte by byte on both engines: PostgreSQL's default collation
    // follows the locale (and a range `word >= 'jose' and word < 'jose\u{10ffff}'` could not use the
    // index), SQLite's is already binary.
    const binaryText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

    let seq = sequenceColumn(dialect);
    await db.schema
      .createTable('virtual_extensions')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('display_name', 'text', (c) => c.notNull())
      // The display name folded (accents stripped, lower case) in JavaScript: the `displayName` sort.
      .addColumn('display_name_sort', binaryText, (c) => c.notNull())
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text')
      .addColumn('extension', 'text', (c) => c.notNull())
      .addColumn('phone_number', 'text', (c) => c.notNull())
      // null: organization level.
      .addColumn('location_id', 'text', (c) => c.references('locations.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('virtual_extensions_phone_number_unique', ['organization_id', 'phone_number'])
      .execute();
    await db.schema.createIndex('virtual_extensions_by_organization').on('virtual_extensions').columns(['organization_id', 'seq']).execute();
    await db.schema.createIndex('virtual_extensions_by_name').on('virtual_extensions').columns(['organization_id', 'display_name_sort', 'seq']).execute();
    await db.schema.createIndex('virtual_extensions_by_extension').on('virtual_extensions').columns(['organization_id', 'extension', 'seq']).execute();
    await db.schema.createIndex('virtual_extensions_by_location').on('virtual_extensions').columns(['organization_id', 'location_id', 'seq']).execute();

    // One row per distinct folded word of a virtual extension's display, first and last name: `q`
    // finds word prefixes with an index range per word instead of scanning every name.
    await db.schema
      .createTable('virtual_extension_words')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('word', binaryText, (c) => c.notNull())
      .addColumn('virtual_extension_seq', seq.type === 'integer' ? 'integer' : 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('virtual_extension_words_by_word')
      .on('virtual_extension_words')
      .columns(['organization_id', 'word', 'virtual_extension_seq'])
      .execute();
    await db.schema.createIndex('virtual_extension_words_by_owner').on('virtual_extension_words').columns(['virtual_extension_seq']).execute();

    seq = sequenceColumn(dialect);
    await db.schema
      .createTable('tasks')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text')
      // The uploaded file as text: a resumed task reads it again from the cursor.
      .addColumn('content', 'text', (c) => c.notNull())
      // The index of the next data row to process (0 = the first row after the header).
      .addColumn('cursor', 'integer', (c) => c.notNull())
      .addColumn('rows_total', 'integer', (c) => c.notNull())
      .addColumn('rows_succeeded', 'integer', (c) => c.notNull())
      .addColumn('rows_failed', 'integer', (c) => c.notNull())
      .addColumn('rows_unchanged', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tasks_by_organization').on('tasks').columns(['organization_id', 'seq']).execute();
    await db.schema.createIndex('tasks_by_status').on('tasks').columns(['status']).execute();

    seq = sequenceColumn(dialect);
    await db.schema
      .createTable('task_failed_rows')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
      .addColumn('line', 'integer', (c) => c.notNull())
      // The row's fields as the file had them, a JSON array of strings.
      .addColumn('fields', 'text', (c) => c.notNull())
      // JSON array of {line, column, code, message}.
      .addColumn('errors', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('task_failed_rows_by_task').on('task_failed_rows').columns(['task_id', 'line']).execute();
  },
};

/** The identity key of the earlier migrations; a shipped migration stays as it is, so this one keeps its own copy. */
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
