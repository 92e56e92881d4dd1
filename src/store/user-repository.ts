import type { Kysely } from 'kysely';
import type { User } from '../domain/dial-plan.ts';
import { newId, type DeviceId, type LocationId, type OrganizationId, type UserId } from '../domain/ids.ts';
import { auditedUser, deviceColumns, toDevice, toUser, userColumns, type DeviceRow, type UserRow } from './dial-plan-rows.ts';
import { containsCondition, foldCase, searchText } from './number-search.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, toCount } from './row-mapping.ts';
import { allRows, countAll, pageOfRows, rowById } from './row-reads.ts';
import { inSavepoint } from './savepoint.ts';
import type { Database } from './schema.ts';
import type { AuditRepository, DeviceOwner, Page, PageRequest, UserReads, UserRepository, UserSettings } from './store.ts';
import { violatesUnique } from './unique-violation.ts';
import { deviceUsernameUnique, usernamesTakenError } from './username-taken.ts';
import { changedColumns, VersionedRows } from './versioned-row.ts';

export class UserReader implements UserReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: UserId): Promise<User | null> {
    const row = await rowById(userRows(this.context.db()), organizationId, id);
    if (!row) return null;
    return toUser(row, await this.devicesOf([row.id]));
  }

  async list(organizationId: OrganizationId, page: PageRequest & { readonly q?: string; readonly locationId?: LocationId }): Promise<Page<User>> {
    const text = searchText(page.q);
    let matching = this.context.db().selectFrom('users').where('organization_id', '=', organizationId);
    if (text !== null) matching = matching.where((eb) => containsCondition(eb.ref('name_folded'), foldCase(text)));
    if (page.locationId !== undefined) matching = matching.where('location_id', '=', page.locationId);
    const { rows, total } = await pageOfRows(page, matching.select(userColumns).orderBy('seq'), matching.select(countAll));
    return { items: await this.withDevices(rows), total };
  }

  async listAll(organizationId: OrganizationId): Promise<readonly User[]> {
    return this.withDevices(await allRows(userRows(this.context.db()), organizationId));
  }

  async countInLocation(organizationId: OrganizationId, locationId: LocationId): Promise<number> {
    const { total } = await this.context
      .db()
      .selectFrom('users')
      .where('organization_id', '=', organizationId)
      .where('location_id', '=', locationId)
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    return toCount(total);
  }

  async findDeviceByUsername(username: string): Promise<DeviceOwner | null> {
    const device = await this.context.db().selectFrom('devices').select(deviceColumns).where('username', '=', username).executeTakeFirst();
    if (!device) return null;
    const row = await userRows(this.context.db()).where('id', '=', device.user_id).executeTakeFirst();
    if (!row) return null;
    const user = toUser(row, await this.devicesOf([row.id]));
    return { device: toDevice(device), user, organizationId: user.organizationId };
  }

  protected async devicesOf(userIds: readonly string[]): Promise<DeviceRow[]> {
    if (userIds.length === 0) return [];
    return this.context.db().selectFrom('devices').select(deviceColumns).where('user_id', 'in', [...userIds]).orderBy('seq').execute();
  }

  protected async withDevices(rows: readonly UserRow[]): Promise<User[]> {
    const devices = await this.devicesOf(rows.map((r) => r.id));
    return rows.map((row) => toUser(row, devices.filter((d) => d.user_id === row.id)));
  }
}

export class UserWriter extends UserReader implements UserRepository {
  readonly #write: WriteContext;
  readonly #rows: VersionedRows<UserRow, User>;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#rows = new VersionedRows(context, audit, {
      table: 'users',
      rows: userRows,
      noun: 'user',
      resourceType: 'user',
      audited: auditedUser,
    });
  }

  async create(organizationId: OrganizationId, settings: UserSettings): Promise<User> {
    const now = this.#write.now();
    const row: UserRow = {
      id: newId('user', now),
      organization_id: organizationId,
      ...columnsOf(settings),
      version: 1,
      created_at: isoTime(now),
      updated_at: isoTime(now),
    };
    await this.#write
      .db()
      .insertInto('users')
      .values({ ...row, name_folded: foldedNames(settings) })
      .execute();
    const devices = await this.#writeDevices(organizationId, row.id as UserId, settings, []);
    return this.#rows.created(organizationId, row.id, toUser(row, devices));
  }

  update(organizationId: OrganizationId, id: UserId, settings: UserSettings, expectedVersion?: number): Promise<User | null> {
    return this.#rows.update(organizationId, id, expectedVersion, async (current, stamp) => {
      const oldDevices = await this.devicesOf([id]);
      const row: UserRow = { ...current, ...columnsOf(settings), ...stamp };
      await this.#write
        .db()
        .updateTable('users')
        .set({ ...changedColumns(row), name_folded: foldedNames(settings) })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .execute();
      const devices = await this.#writeDevices(organizationId, id, settings, oldDevices);
      return { before: toUser(current, oldDevices), after: toUser(row, devices) };
    });
  }

  delete(organizationId: OrganizationId, id: UserId): Promise<User | null> {
    return this.#rows.delete(organizationId, id, async (current) => {
      const devices = await this.devicesOf([id]);
      const db = this.#write.db();
      // Explicitly, not by cascade: SQLite enforces foreign keys only when asked to.
      await db.deleteFrom('registrations').where('user_id', '=', id).execute();
      await db.deleteFrom('devices').where('user_id', '=', id).execute();
      await this.#rows.deleteRow(organizationId, id);
      return toUser(current, devices);
    });
  }

  /**
   * Replaces the user's devices with `settings.devices`: all rows go and the new set comes in one
   * insert, so user names may move between the user's own devices without tripping the unique
   * constraint half-way. Kept devices keep their id and creation time; removed ones lose their
   * registrations, so a phone whose credentials are gone stops being rung.
   */
  async #writeDevices(organizationId: OrganizationId, userId: UserId, settings: UserSettings, old: readonly DeviceRow[]): Promise<DeviceRow[]> {
    const usernames = settings.devices.map((d) => d.username);
    const taken = await usernamesTakenError(this.#write, organizationId, userId, usernames);
    if (taken) throw taken;
    const db = this.#write.db();
    const now = this.#write.now();
    const createdAt = new Map<string, string>();
    if (old.length > 0) {
      const times = await db.selectFrom('devices').select(['id', 'created_at']).where('user_id', '=', userId).execute();
      for (const t of times) createdAt.set(t.id, t.created_at);
    }
    const kept = new Set<string>();
    const rows = settings.devices.map((device) => {
      const id: DeviceId = device.id ?? newId('device', now);
      kept.add(id);
      return {
        id,
        organization_id: organizationId,
        user_id: userId,
        name: device.name,
        username: device.username,
        ha1_md5: device.ha1.md5,
        ha1_sha256: device.ha1.sha256,
        created_at: createdAt.get(id) ?? isoTime(now),
      };
    });
    const removed = old.filter((d) => !kept.has(d.id)).map((d) => d.id);
    if (removed.length > 0) await db.deleteFrom('registrations').where('device_id', 'in', removed).execute();
    if (old.length > 0) await db.deleteFrom('devices').where('user_id', '=', userId).execute();
    if (rows.length > 0) {
      try {
        await inSavepoint(db, 'claim_device_usernames', () => db.insertInto('devices').values(rows).execute());
      } catch (error) {
        if (!violatesUnique(error, deviceUsernameUnique)) throw error;
        // Another transaction took a name after the check above and committed first.
        throw (await usernamesTakenError(this.#write, organizationId, userId, usernames)) ?? error;
      }
    }
    return rows.map(({ id, user_id, name, username, ha1_md5, ha1_sha256 }) => ({ id, user_id, name, username, ha1_md5, ha1_sha256 }));
  }
}

function columnsOf(settings: UserSettings) {
  return {
    first_name: settings.firstName,
    last_name: settings.lastName,
    display_name: settings.displayName,
    location_id: settings.locationId,
    extension: settings.extension,
    email: settings.email,
  };
}

/** The names `q` searches, folded once on the way in; newlines keep one name from running into the next. */
function foldedNames(settings: UserSettings): string {
  return foldCase([settings.displayName, settings.firstName, settings.lastName].join('\n'));
}

/** The columns a user is read from (its devices are read apart). */
function userRows(db: Kysely<Database>) {
  return db.selectFrom('users').select(userColumns);
}
