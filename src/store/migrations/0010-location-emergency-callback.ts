import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.ts';

/**
 * A location's emergency callback number: what emergency services see, and call back, when one of its
 * phones dials 112 or 911. Existing locations get none (null: the organization's first number).
 */
export const locationEmergencyCallback: StoreMigration = {
  name: '0010-location-emergency-callback',
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('locations').addColumn('emergency_callback_number', 'text').execute();
  },
};
