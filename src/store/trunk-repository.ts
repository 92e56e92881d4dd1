import type { Kysely } from 'kysely';
import { cidrRange, parseCidr } from '../domain/cidr.ts';
import { newId, type OrganizationId, type TrunkId } from '../domain/ids.ts';
import { ipAddressHex, parseIpAddress, unmapIpv4 } from '../domain/ip-address.ts';
import { redactTrunk, type Trunk } from '../domain/trunk.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime } from './row-mapping.ts';
import { countAll, pageOfRows, rowById } from './row-reads.ts';
import type { Database } from './schema.ts';
import type { AuditRepository, NewTrunk, Page, PageRequest, TrunkPatch, TrunkReads, TrunkRepository } from './store.ts';
import { toTrunk, trunkColumns, type TrunkRow } from './trunk-row.ts';
import { changedColumns, VersionedRows } from './versioned-row.ts';

export class TrunkReader implements TrunkReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId, id: TrunkId): Promise<Trunk | null> {
    const row = await rowById(trunkRows(this.context.db()), organizationId, id);
    return row ? toTrunk(row) : null;
  }

  async list(organizationId: OrganizationId, page: PageRequest): Promise<Page<Trunk>> {
    const matching = this.context.db().selectFrom('trunks').where('organization_id', '=', organizationId);
    const { rows, total } = await pageOfRows(page, matching.select(trunkColumns).orderBy('seq'), matching.select(countAll));
    return { items: rows.map(toTrunk), total };
  }

  async findBySourceAddress(address: string): Promise<readonly Trunk[]> {
    const parsed = parseIpAddress(address);
    if (!parsed) return [];
    // An IPv4-mapped address is in an IPv4 network holding its IPv4 form and in an IPv6 network
    // holding it as written (`::/0` holds everything).
    const unmapped = unmapIpv4(parsed);
    const forms = unmapped === parsed ? [parsed] : [parsed, unmapped];
    const rows = await trunkRows(this.context.db())
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
  readonly #rows: VersionedRows<TrunkRow, Trunk>;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#rows = new VersionedRows(context, audit, {
      table: 'trunks',
      rows: trunkRows,
      noun: 'trunk',
      resourceType: 'trunk',
      // The audit log says whether a password is set, never the password.
      audited: redactTrunk,
    });
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
    return this.#rows.created(input.organizationId, row.id, toTrunk(row));
  }

  update(organizationId: OrganizationId, id: TrunkId, patch: TrunkPatch, expectedVersion?: number): Promise<Trunk | null> {
    return this.#rows.update(organizationId, id, expectedVersion, async (current, stamp) => {
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
        ...stamp,
      };
      await this.#write.db().updateTable('trunks').set(changedColumns(row)).where('organization_id', '=', organizationId).where('id', '=', id).execute();
      if (patch.sourceAddresses !== undefined) {
        await this.#write.db().deleteFrom('trunk_source_networks').where('trunk_id', '=', id).execute();
        await this.#writeSourceNetworks(id, patch.sourceAddresses);
      }
      return { before: toTrunk(current), after: toTrunk(row) };
    });
  }

  delete(organizationId: OrganizationId, id: TrunkId): Promise<Trunk | null> {
    return this.#rows.delete(organizationId, id, async (current) => {
      // Explicitly, not by the foreign key's cascade: SQLite enforces foreign keys only when asked to.
      await this.#write.db().deleteFrom('trunk_source_networks').where('trunk_id', '=', id).execute();
      await this.#rows.deleteRow(organizationId, id);
      return toTrunk(current);
    });
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
}

/** The columns a trunk is read from. */
function trunkRows(db: Kysely<Database>) {
  return db.selectFrom('trunks').select(trunkColumns);
}
