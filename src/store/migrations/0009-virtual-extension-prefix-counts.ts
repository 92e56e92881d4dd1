import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/**
 * How many virtual extensions have a name word starting with each prefix of one to three characters,
 * per organization. The broadest searches (`q=a`) would otherwise count their thousands of matches by
 * collecting every distinct match from the words table; with this they read one row. Kept by the
 * repository in the transaction that writes the words; filled here from the words already stored.
 */
export const virtualExtensionPrefixCounts: StoreMigration = {
  name: '0009-virtual-extension-prefix-counts',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    const binaryText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('virtual_extension_prefix_counts')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('prefix', binaryText, (c) => c.notNull())
      .addColumn('matches', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('virtual_extension_prefix_counts_pkey', ['organization_id', 'prefix'])
      .execute();
    // substr and length count characters on both engines, as the repository does.
    for (const length of [1, 2, 3]) {
      await sql`insert into virtual_extension_prefix_counts (organization_id, prefix, matches)
        select organization_id, substr(word, 1, ${sql.lit(length)}), count(distinct virtual_extension_seq)
        from virtual_extension_words
        where length(word) >= ${sql.lit(length)}
        group by organization_id, substr(word, 1, ${sql.lit(length)})`.execute(db);
    }
  },
};
