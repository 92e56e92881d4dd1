import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Columns hold portable types only, so one schema serves SQLite and
 * PostgreSQL: ids and timestamps are text (ISO-8601 UTC with milliseconds, which sorts as time does),
 * JSON documents are text, booleans are integers 0/1.
 *
 * `seq` is each table's primary key: an integer the database assigns in insertion order. Lists order by
 * it, so "created order" is exact even for records created within the same millisecond (the ids and
 * timestamps only resolve milliseconds). Records are addressed by `id`, which is unique.
 */
export interface Database {
  organizations: OrganizationTable;
  api_tokens: TokenTable;
  numbers: NumberTable;
  audit_log: AuditLogTable;
  trunks: TrunkTable;
  trunk_source_networks: TrunkSourceNetworkTable;
}

export interface OrganizationTable {
  seq: Generated<number>;
  id: string;
  name: string;
  country: string;
  created_at: string;
  updated_at: string;
}

export interface TokenTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  name: string;
  role: string;
  platform_admin: number;
  secret_hash: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface NumberTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  phone_number: string;
  label: string;
  /** The label case-folded in JavaScript, so the `q` search matches alike on both engines. */
  label_folded: string;
  flow: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  at: string;
  actor_token_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string;
  before: string | null;
  after: string | null;
}

export interface TrunkTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  name: string;
  host: string;
  port: number;
  transport: string;
  username: string | null;
  /** Clear text: answering a digest challenge needs it. The API and the audit log see only whether it is set. */
  password: string | null;
  /** JSON array of canonical CIDR strings. */
  source_addresses: string;
  enabled: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A trunk's source network as an address range, for `findBySourceAddress`. */
export interface TrunkSourceNetworkTable {
  seq: Generated<number>;
  trunk_id: string;
  family: number;
  /** Fixed-width lower-case hex of the first address of the network. */
  first_address: string;
  /** ... and of its last address. */
  last_address: string;
}
