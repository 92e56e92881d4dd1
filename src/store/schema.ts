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
