import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../store.ts';
import { initialSchema } from './0001-initial.ts';
import { trunksSchema } from './0002-trunks.ts';
import { callsSchema } from './0003-calls.ts';
import { schedulesRostersSchema } from './0004-schedules-rosters.ts';
import { queuesSchema } from './0005-queues.ts';
import { dialPlanSchema } from './0006-dial-plan.ts';
import { virtualExtensionsSchema } from './0007-virtual-extensions.ts';
import { virtualExtensionKeysetIndexes } from './0008-virtual-extension-keyset-indexes.ts';
import { virtualExtensionPrefixCounts } from './0009-virtual-extension-prefix-counts.ts';
import { locationEmergencyCallback } from './0010-location-emergency-callback.ts';
import type { StoreMigration } from './store-migration.ts';

/** Every migration, oldest first. Add new ones at the end. */
export const storeMigrations: readonly StoreMigration[] = [initialSchema, trunksSchema, callsSchema, schedulesRostersSchema, queuesSchema, dialPlanSchema, virtualExtensionsSchema, virtualExtensionKeysetIndexes, virtualExtensionPrefixCounts, locationEmergencyCallback];

/** Hands the migrations to Kysely's Migrator, in code (no directory scanning), bound to one dialect. */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    getMigrations: () => {
      const byName: Record<string, Migration> = {};
      for (const migration of storeMigrations) {
        byName[migration.name] = { up: (db) => migration.up(db, dialect) };
      }
      return Promise.resolve(byName);
    },
  };
}
