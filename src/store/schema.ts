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
  call_records: CallRecordTable;
  schedules: ScheduleTable;
  rosters: RosterTable;
  queues: QueueTable;
  locations: LocationTable;
  users: UserTable;
  devices: DeviceTable;
  virtual_extension_ranges: VirtualExtensionRangeTable;
  registrations: RegistrationTable;
  virtual_extensions: VirtualExtensionTable;
  virtual_extension_words: VirtualExtensionWordTable;
  virtual_extension_prefix_counts: VirtualExtensionPrefixCountTable;
  tasks: TaskTable;
  task_failed_rows: TaskFailedRowTable;
}

export interface OrganizationTable {
  seq: Generated<number>;
  id: string;
  name: string;
  country: string;
  /** JSON array of upper-case ISO 3166-1 alpha-2 codes; null: only `country` (the default follows it). */
  allowed_countries: string | null;
  /** The organization-wide call filter as a JSON document (a validated CallFilter); null: none. */
  call_filter: string | null;
  /** DialPlanSettings as JSON (migration 0006); null: `dialPlanDefaults`. */
  dial_plan: Generated<string | null>;
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
  max_calls_per_second: number;
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

/**
 * One call, finished or in progress. The whole record is the `document` (JSON text); the other columns
 * copy the fields lists filter and sort on, so the filters are index lookups rather than JSON reads.
 */
export interface CallRecordTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  /** Set to null when the number is deleted; it wins over the document's copy on read. */
  number_id: string | null;
  dialled_number: string;
  caller_number: string;
  /** null while the call is in progress. */
  result: string | null;
  started_at: string;
  ended_at: string | null;
  document: string;
}

/**
 * A schedule, a roster or a queue: the validated settings as one JSON `document` (`name` copied out for lists and
 * search). Both tables have this shape.
 */
export interface DocumentTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  name: string;
  /** The name case-folded in JavaScript, so the `q` search matches alike on both engines. */
  name_folded: string;
  /** ScheduleSettings, RosterSettings or QueueSettings as JSON text. */
  document: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export type ScheduleTable = DocumentTable;
export type RosterTable = DocumentTable;
export type QueueTable = DocumentTable;

/** A site of an organization (migration 0006). */
export interface LocationTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  name: string;
  time_zone: string;
  routing_prefix: string;
  outside_dial_digit: string | null;
  country: string | null;
  /** Migration 0010. */
  emergency_callback_number: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  first_name: string;
  last_name: string;
  display_name: string;
  /** Display, first and last name case-folded in JavaScript, for the `q` search. */
  name_folded: string;
  location_id: string;
  extension: string | null;
  email: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A user's SIP device; `username` is unique on the whole platform. */
export interface DeviceTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  username: string;
  ha1_md5: string;
  ha1_sha256: string;
  created_at: string;
}

export interface VirtualExtensionRangeTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  name: string;
  name_folded: string;
  prefix: string;
  /** JSON array of patterns. */
  patterns: string;
  location_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The registrar's bindings of one address-of-record (a device), as a JSON array. */
export interface RegistrationTable {
  aor: string;
  organization_id: string;
  user_id: string;
  device_id: string;
  bindings: string;
  updated_at: string;
}

/** A virtual extension (migration 0007). */
export interface VirtualExtensionTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  display_name: string;
  /** The display name folded (accents stripped, lower case) in JavaScript, for the `displayName` sort. */
  display_name_sort: string;
  first_name: string | null;
  last_name: string | null;
  extension: string;
  phone_number: string;
  /** null: organization level. */
  location_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One folded word of a virtual extension's names, for the `q` word-prefix search. */
export interface VirtualExtensionWordTable {
  organization_id: string;
  word: string;
  virtual_extension_seq: number;
}

/** How many virtual extensions have a name word starting with `prefix` (one to three characters; migration 0009). */
export interface VirtualExtensionPrefixCountTable {
  organization_id: string;
  prefix: string;
  matches: number;
}

/** A long-running job (a CSV import) with its file and its cursor (migration 0007). */
export interface TaskTable {
  seq: Generated<number>;
  id: string;
  organization_id: string;
  kind: string;
  status: string;
  file_name: string | null;
  content: string;
  /** The index of the next data row to process. */
  cursor: number;
  rows_total: number;
  rows_succeeded: number;
  rows_failed: number;
  rows_unchanged: number;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** A row of a task's file that failed, with its fields as they were and its problems (JSON). */
export interface TaskFailedRowTable {
  seq: Generated<number>;
  task_id: string;
  line: number;
  fields: string;
  errors: string;
}
