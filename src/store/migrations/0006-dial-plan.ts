import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../store.ts';
import type { StoreMigration } from './store-migration.ts';

/**
 * The internal dial plan (docs/dial-plan.md): an organization's dial-plan settings, its locations,
 * users with their SIP devices, virtual extension ranges, and the devices' registrations. The conflict
 * matrix is checked in code, inside the writing transaction; the constraints here are the backstops
 * the database can enforce on its own (one routing prefix per organization, one device user name on
 * the whole platform).
 */
export const dialPlanSchema: StoreMigration = {
  name: '0006-dial-plan',
  async up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
    // DialPlanSettings as JSON; null for every existing organization: the defaults.
    await db.schema.alterTable('organizations').addColumn('dial_plan', 'text').execute();

    let seq = sequenceColumn(dialect);
    await db.schema
      .createTable('locations')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('routing_prefix', 'text', (c) => c.notNull())
      .addColumn('outside_dial_digit', 'text')
      .addColumn('country', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('locations_routing_prefix_unique', ['organization_id', 'routing_prefix'])
      .execute();
    await db.schema.createIndex('locations_by_organization').on('locations').columns(['organization_id', 'seq']).execute();

    seq = sequenceColumn(dialect);
    await db.schema
      .createTable('users')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      // Display, first and last name case-folded in JavaScript, for the `q` search on both engines.
      .addColumn('name_folded', 'text', (c) => c.notNull())
      .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
      .addColumn('extension', 'text')
      .addColumn('email', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_by_organization').on('users').columns(['organization_id', 'seq']).execute();
    await db.schema.createIndex('users_by_location').on('users').columns(['location_id']).execute();

    seq = sequenceColumn(dialect);
    await db.schema
      .createTable('devices')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      // HA1 = H(username:realm:password) per algorithm (RFC 7616 §3.4.2); never the password.
      .addColumn('ha1_md5', 'text', (c) => c.notNull())
      .addColumn('ha1_sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // A digest user name names one device on the whole platform: the registrar finds the device,
      // its user and organization by it before it knows anything else.
      .addUniqueConstraint('devices_username_unique', ['username'])
      .execute();
    await db.schema.createIndex('devices_by_user').on('devices').columns(['user_id', 'seq']).execute();

    seq = sequenceColumn(dialect);
    await db.schema
      .createTable('virtual_extension_ranges')
      .addColumn('seq', seq.type, seq.build)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_folded', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      // JSON array of patterns such as "2XXX".
      .addColumn('patterns', 'text', (c) => c.notNull())
      // null: organization level.
      .addColumn('location_id', 'text', (c) => c.references('locations.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('virtual_extension_ranges_by_organization')
      .on('virtual_extension_ranges')
      .columns(['organization_id', 'seq'])
      .execute();

    // Bookkeeping of the registrar, not configuration: one row per address-of-record.
    await db.schema
      .createTable('registrations')
      .addColumn('aor', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      // JSON array of bindings (contact, expiry, Call-ID/CSeq, source).
      .addColumn('bindings', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('registrations_by_user').on('registrations').columns(['organization_id', 'user_id']).execute();
    await db.schema.createIndex('registrations_by_device').on('registrations').columns(['device_id']).execute();
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
