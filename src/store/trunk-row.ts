import type { Selectable } from 'kysely';
import type { OrganizationId, TrunkId } from '../domain/ids.ts';
import { trunkTransports, type Trunk, type TrunkTransport } from '../domain/trunk.ts';
import type { TrunkTable } from './schema.ts';

/** Rows of `trunks` ↔ Trunk records. */

export const trunkColumns = [
  'id',
  'organization_id',
  'name',
  'host',
  'port',
  'transport',
  'username',
  'password',
  'source_addresses',
  'enabled',
  'max_calls_per_second',
  'version',
  'created_at',
  'updated_at',
] as const;
export type TrunkRow = Pick<Selectable<TrunkTable>, (typeof trunkColumns)[number]>;

export function toTrunk(row: TrunkRow): Trunk {
  return {
    id: row.id as TrunkId,
    organizationId: row.organization_id as OrganizationId,
    name: row.name,
    host: row.host,
    port: row.port,
    transport: asTransport(row.transport),
    username: row.username,
    password: row.password,
    // Written by this code from validated, canonical CIDRs.
    sourceAddresses: JSON.parse(row.source_addresses) as string[],
    enabled: row.enabled === 1,
    maxCallsPerSecond: row.max_calls_per_second,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function asTransport(value: string): TrunkTransport {
  const transport = trunkTransports.find((t) => t === value);
  // Only this code writes the column, so another value means the database was edited by hand.
  if (!transport) throw new Error(`trunks.transport holds ${JSON.stringify(value)}, which is not a transport`);
  return transport;
}
