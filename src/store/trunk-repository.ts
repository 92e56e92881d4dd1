import { cidrRange, parseCidr } from '../domain/cidr.ts';
import { ConflictError } from '../domain/errors.ts';
import { newId, type OrganizationId, type TrunkId } from '../domain/ids.ts';
import { ipAddressHex, parseIpAddress, unmapIpv4 } from '../domain/ip-address.ts';
import { redactTrunk, type Trunk } from '../domain/trunk.ts';
import { checkPage } from './page-request.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime, toCount } from './row-mapping.ts';
import type { AuditRepository, NewTrunk, Page, PageRequest, TrunkPatch, TrunkReads, TrunkRepository } from './store.ts';
import { toTrunk, trunkColumns, type TrunkRow } from './trunk-row.ts';

export class TrunkReader implements TrunkReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: TrunkId): Promise<Trunk | null> {
    const row = await this.context
      .db()
      .selectFrom('trunks')
      .select(trunkColumns)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toTrunk(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest): Promise<Page<Trunk>> {
    const { limit, offset } = checkPage(page);
    const matching = this.context.db().selectFrom('trunks').where('organization_id', '=', organizationId);
    const rows = await matching.select(trunkColumns).orderBy('seq').limit(limit).offset(offset).execute();
    const { total } = await matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(toTrunk), total: toCount(total) };
  }

  async findBySourceAddress(address: string): Promise<readonly Trunk[]> {
    const parsed = parseIpAddress(address);
    if (!parsed) return [];
    // An IPv4-mapped address is in an IPv4 network holding its IPv4 form and in an IPv6 network
    // holding it as written (`::/0` holds everything).
    const unmapped = unmapIpv4(parsed);
    const forms = unmapped === parsed ? [parsed] : [parsed, unmapped];
    const rows = await this.context
      .db()
      .selectFrom('trunks')
      .select(trunkColumns)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('trunk_source_networks')
          .select('trunk_id')
          .where((w) =>
            w.or(
              forms.map((ip) =>
                w.and([
                  w('family', '=', ip.family),
                  w('first_address', '<=', ipAddressHex(ip)),
                  w('last_address', '>=', ipAddressHex(ip)),
                ]),
              ),
            ),
          ),
      )
      .orderBy('seq')
      .execute();
    return rows.map(toTrunk);
  }
}

export class TrunkWriter extends TrunkReader implements TrunkRepository {
  readonly #write: WriteContext;
  readonly #audit: AuditRepository;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#audit = audit;
  }

  async create(input: NewTrunk): Promise<Trunk> {
    const now = this.#write.now();
    const row: TrunkRow = {
      id: newId('trunk', now),
      organization_id: input.organizationId,
      name: input.name,
      host: input.host,
      port: input.port,
      transport: input.transport,
      username: input.username,
      password: input.password,
      source_addresses: JSON.stringify(input.sourceAddresses),
      enabled: input.enabled ? 1 : 0,
      max_calls_per_second: input.maxCallsPerSecond,
      version: 1,
      created_at: isoTime(now),
      updated_at: isoTime(now),
    };
    await this.#write.db().insertInto('trunks').values(row).execute();
    await this.#writeSourceNetworks(row.id as TrunkId, input.sourceAddresses);
    const trunk = toTrunk(row);
    await this.#audit.record({
      organizationId: trunk.organizationId,
      action: 'create',
      resourceType: 'trunk',
      resourceId: trunk.id,
      before: null,
      after: redactTrunk(trunk),
    });
    return trunk;
  }

  async update(organizationId: OrganizationId, id: TrunkId, patch: TrunkPatch, expectedVersion?: number): Promise<Trunk | null> {
    const current = await this.#lockedRow(organizationId, id);
    if (!current) return null;
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError(
        'conflict',
        `trunk ${id} is at version ${current.version}, not ${expectedVersion}: someone changed it since it was read`,
        { type: 'trunk', id },
      );
    }
    const before = toTrunk(current);
    const row: TrunkRow = {
      ...current,
      name: patch.name ?? current.name,
      host: patch.host ?? current.host,
      port: patch.port ?? current.port,
      transport: patch.transport ?? current.transport,
      username: patch.username !== undefined ? patch.username : current.username,
      password: patch.password !== undefined ? patch.password : current.password,
      source_addresses: patch.sourceAddresses !== undefined ? JSON.stringify(patch.sourceAddresses) : current.source_addresses,
      enabled: patch.enabled !== undefined ? (patch.enabled ? 1 : 0) : current.enabled,
      max_calls_per_second: patch.maxCallsPerSecond ?? current.max_calls_per_second,
      version: current.version + 1,
      updated_at: isoTime(this.#write.now()),
    };
    const { id: _id, organization_id: _org, created_at: _created, ...changes } = row;
    await this.#write.db().updateTable('trunks').set(changes).where('organization_id', '=', organizationId).where('id', '=', id).execute();
    if (patch.sourceAddresses !== undefined) {
      await this.#write.db().deleteFrom('trunk_source_networks').where('trunk_id', '=', id).execute();
      await this.#writeSourceNetworks(id, patch.sourceAddresses);
    }
    const after = toTrunk(row);
    await this.#audit.record({
      organizationId,
      action: 'update',
      resourceType: 'trunk',
      resourceId: id,
      before: redactTrunk(before),
      after: redactTrunk(after),
    });
    return after;
  }

  async delete(organizationId: OrganizationId, id: TrunkId): Promise<Trunk | null> {
    const current = await this.#lockedRow(organizationId, id);
    if (!current) return null;
    // Explicitly, not by the foreign key's cascade: SQLite enforces foreign keys only when asked to.
    await this.#write.db().deleteFrom('trunk_source_networks').where('trunk_id', '=', id).execute();
    await this.#write.db().deleteFrom('trunks').where('organization_id', '=', organizationId).where('id', '=', id).execute();
    const before = toTrunk(current);
    await this.#audit.record({ organizationId, action: 'delete', resourceType: 'trunk', resourceId: id, before: redactTrunk(before), after: null });
    return before;
  }

  async #writeSourceNetworks(trunkId: TrunkId, sourceAddresses: readonly string[]): Promise<void> {
    const rows = sourceAddresses.map((text) => {
      const parsed = parseCidr(text);
      // The domain validated these; a failure here is a bug in the caller, not bad input.
      if (!parsed.ok) throw new Error(`trunk ${trunkId}: source address ${JSON.stringify(text)} is not a CIDR`);
      const { first, last } = cidrRange(parsed.cidr);
      return { trunk_id: trunkId, family: parsed.cidr.network.family, first_address: first, last_address: last };
    });
    if (rows.length > 0) await this.#write.db().insertInto('trunk_source_networks').values(rows).execute();
  }

  /** The row as it is now, locked against concurrent writers until this transaction ends. */
  #lockedRow(organizationId: OrganizationId, id: TrunkId): Promise<TrunkRow | undefined> {
    return this.#write
      .db()
      .selectFrom('trunks')
      .select(trunkColumns)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .$if(this.#write.lockRows, (q) => q.forUpdate())
      .executeTakeFirst();
  }
}
