import type { Kysely } from 'kysely';
import type { DeviceId, OrganizationId, UserId } from '../domain/ids.ts';
import type { RegisteredContact, Registration, RegistrationOwner } from '../domain/registration.ts';
import { isoTime } from './row-mapping.ts';
import type { Database } from './schema.ts';
import type { RegistrationStore } from './store.ts';

/** What the registration store needs from the store it lives in. */
export interface RegistrationContext {
  /** The shared database (never a transaction's: the registrar works outside configuration changes). */
  db(): Kysely<Database>;
  now(): number;
}

/**
 * The registrar's bindings, one row per address-of-record, so registrations survive a restart (RFC
 * 3261 §10.3: the registrar keeps the bindings until they expire). Bookkeeping, not configuration:
 * no audit entry and no change event, or every REGISTER refresh would be logged and would reload
 * the routing.
 */
export class KyselyRegistrationStore implements RegistrationStore {
  readonly #context: RegistrationContext;

  constructor(context: RegistrationContext) {
    this.#context = context;
  }

  async get(aor: string): Promise<readonly RegisteredContact[]> {
    const row = await this.#context.db().selectFrom('registrations').select('bindings').where('aor', '=', aor).executeTakeFirst();
    return row ? bindingsOf(row.bindings) : [];
  }

  async put(aor: string, owner: RegistrationOwner, bindings: readonly RegisteredContact[]): Promise<void> {
    if (bindings.length === 0) return this.remove(aor);
    const db = this.#context.db();
    const row = {
      aor,
      organization_id: owner.organizationId,
      user_id: owner.userId,
      device_id: owner.deviceId,
      bindings: JSON.stringify(bindings.map(plainBinding)),
      updated_at: isoTime(this.#context.now()),
    };
    const { aor: _aor, ...changes } = row;
    await db
      .insertInto('registrations')
      .values(row)
      .onConflict((oc) => oc.column('aor').doUpdateSet(changes))
      .execute();
  }

  async remove(aor: string): Promise<void> {
    await this.#context.db().deleteFrom('registrations').where('aor', '=', aor).execute();
  }

  async listForUser(organizationId: OrganizationId, userId: UserId): Promise<readonly Registration[]> {
    const rows = await this.#context
      .db()
      .selectFrom('registrations')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .orderBy('aor')
      .execute();
    return rows.map((row) => ({
      aor: row.aor,
      organizationId: row.organization_id as OrganizationId,
      userId: row.user_id as UserId,
      deviceId: row.device_id as DeviceId,
      bindings: bindingsOf(row.bindings),
      updatedAt: row.updated_at,
    }));
  }
}

/** Only the binding's own fields go into the row, whatever else the object carries. */
function plainBinding(b: RegisteredContact): RegisteredContact {
  return {
    contact: b.contact,
    expiresAt: b.expiresAt,
    callId: b.callId,
    cseq: b.cseq,
    ...(b.q !== undefined ? { q: b.q } : {}),
    ...(b.instance !== undefined ? { instance: b.instance } : {}),
    source: { transport: b.source.transport, address: b.source.address, port: b.source.port },
  };
}

function bindingsOf(text: string): RegisteredContact[] {
  // Written by this code from bindings the registrar made.
  return JSON.parse(text) as RegisteredContact[];
}
