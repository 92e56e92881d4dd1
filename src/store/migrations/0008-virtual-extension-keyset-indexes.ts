import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.ts';

/**
 * Keyset (cursor) pages of virtual extensions filtered by location. 0007's indexes already serve every
 * sort over the whole organization — (organization_id, display_name_sort | extension | seq) — and
 * createdAt within a location (organization_id, location_id, seq). A page by name or extension within
 * one location (or at organization level: `location_id is null`) had none: the database either sorted
 * all of that location's rows or walked the organization's name index skipping other locations' rows.
 * With these, every such page starts with an index seek at the cursor and reads one page of rows.
 */
export const virtualExtensionKeysetIndexes: StoreMigration = {
  name: '0008-virtual-extension-keyset-indexes',
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('virtual_extensions_by_location_name')
      .on('virtual_extensions')
      .columns(['organization_id', 'location_id', 'display_name_sort', 'seq'])
      .execute();
    await db.schema
      .createIndex('virtual_extensions_by_location_extension')
      .on('virtual_extensions')
      .columns(['organization_id', 'location_id', 'extension', 'seq'])
      .execute();
  },
};
