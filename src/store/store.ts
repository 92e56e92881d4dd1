import type { ApiToken, TokenRole } from '../domain/token.ts';
import type { AuditAction, AuditEntry } from '../domain/audit.ts';
import type { BusinessNumber } from '../domain/business-number.ts';
import type { CallFilter } from '../domain/call-filter.ts';
import type { CallRecord, CallResult } from '../domain/call-record.ts';
import type { Flow } from '../domain/flow.ts';
import type { CallId, NumberId, OrganizationId, QueueId, RosterId, ScheduleId, TokenId, TrunkId } from '../domain/ids.ts';
import type { Organization } from '../domain/organization.ts';
import type { Country, E164 } from '../domain/phone-number.ts';
import type { Queue, QueueSettings } from '../domain/queue.ts';
import type { Roster, RosterSettings } from '../domain/roster.ts';
import type { Schedule, ScheduleSettings } from '../domain/schedule.ts';
import type { Trunk, TrunkSettings } from '../domain/trunk.ts';

import type { DialPlanSettingsReads, DialPlanSettingsRepository, LocationReads, LocationRepository, RegistrationStore, TaskReads, TaskRepository, UserReads, UserRepository, VirtualExtensionRangeReads, VirtualExtensionRangeRepository, VirtualExtensionReads, VirtualExtensionRepository } from './dial-plan-store.ts';

/**
 * The store: every record ringroute keeps, behind one interface with two engines (SQLite, the
 * default, and PostgreSQL). Reads go straight to the repositories; every change goes through
 * `transaction`, which records an audit entry per change and, after commit, tells the change
 * listeners before it resolves.
 */
export interface Store extends ReadRepositories {
  readonly dialect: StoreDialect;
  /**
   * Call records: bookkeeping, not configuration. Written outside `transaction`, not audited, and no
   * change event: nothing is routed differently because a call happened.
   */
  readonly calls: CallRecordStore;
  /**
   * The SIP registrar's bindings, one row per address-of-record: bookkeeping like call records, so
   * written outside `transaction`, not audited, no change event. They survive a restart.
   */
  readonly registrations: RegistrationStore;
  /** Runs the versioned migrations that have not run yet; returns the names it ran. */
  migrate(): Promise<readonly string[]>;
  /** Throws when the database cannot be reached (for /readyz). */
  ping(): Promise<void>;
  /**
   * Runs `fn` in one database transaction. Changes made through `tx` are audited as made by
   * `actor`. After commit, every change listener has been awaited before this resolves, so a caller
   * that awaits it knows the routing snapshot already includes the change.
   */
  transaction<T>(actor: ChangeActor, fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Listen to committed changes. Returns a function that stops listening. */
  onChange(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

export type StoreDialect = 'sqlite' | 'postgres';

/** Who a change is attributed to in the audit log; null token = the system itself. */
export interface ChangeActor {
  readonly tokenId: TokenId | null;
}

/** The organization-wide call filter is part of the organization: changing it is an `organization` change. */
export type ResourceType =
  | 'organization'
  | 'token'
  | 'number'
  | 'trunk'
  | 'schedule'
  | 'roster'
  | 'queue'
  | 'location'
  | 'user'
  | 'virtualExtensionRange'
  | 'virtualExtension';

/** A committed change, as the change feed reports it. */
export interface StoreChange {
  readonly organizationId: OrganizationId;
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly action: AuditAction;
}

export type ChangeListener = (changes: readonly StoreChange[]) => Promise<void> | void;

export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** What can be read without a transaction. */
export interface ReadRepositories {
  readonly organizations: OrganizationReads;
  readonly tokens: TokenReads;
  readonly numbers: NumberReads;
  readonly trunks: TrunkReads;
  readonly schedules: ScheduleReads;
  readonly rosters: RosterReads;
  readonly queues: QueueReads;
  readonly audit: AuditReads;
  readonly dialPlanSettings: DialPlanSettingsReads;
  readonly locations: LocationReads;
  readonly users: UserReads;
  readonly virtualExtensionRanges: VirtualExtensionRangeReads;
  readonly virtualExtensions: VirtualExtensionReads;
  readonly tasks: TaskReads;
}

/** Everything, inside a transaction: reads see the transaction's own writes. */
export interface Repositories extends ReadRepositories {
  readonly organizations: OrganizationRepository;
  readonly tokens: TokenRepository;
  readonly numbers: NumberRepository;
  readonly trunks: TrunkRepository;
  readonly schedules: ScheduleRepository;
  readonly rosters: RosterRepository;
  readonly queues: QueueRepository;
  readonly audit: AuditRepository;
  readonly dialPlanSettings: DialPlanSettingsRepository;
  readonly locations: LocationRepository;
  readonly users: UserRepository;
  readonly virtualExtensionRanges: VirtualExtensionRangeRepository;
  readonly virtualExtensions: VirtualExtensionRepository;
  readonly tasks: TaskRepository;
}

export interface OrganizationReads {
  get(id: OrganizationId): Promise<Organization | null>;
  list(page: PageRequest): Promise<Page<Organization>>;
  count(): Promise<number>;
  /** The organization-wide call filter; null when there is none (or no such organization). */
  callFilter(id: OrganizationId): Promise<CallFilter | null>;
}

export interface NewOrganization {
  readonly name: string;
  readonly country: Country;
  /** Checked by `allowedCountriesFromInput`; absent or null: only `country`. */
  readonly allowedCountries?: readonly Country[] | null;
}

export interface OrganizationPatch {
  readonly name?: string;
  readonly country?: Country;
  /** null goes back to the default (only the organization's own country). */
  readonly allowedCountries?: readonly Country[] | null;
  /** The organization-wide call filter, validated by `callFilterFromInput`; null removes it. */
  readonly callFilter?: CallFilter | null;
}

export interface OrganizationRepository extends OrganizationReads {
  create(input: NewOrganization): Promise<Organization>;
  update(id: OrganizationId, patch: OrganizationPatch): Promise<Organization | null>;
}

export interface NewToken {
  readonly organizationId: OrganizationId;
  readonly name: string;
  readonly role: TokenRole;
  readonly platformAdmin: boolean;
  /** Hex SHA-256 of the secret. */
  readonly secretHash: string;
  readonly prefix: string;
}

export interface TokenReads {
  get(organizationId: OrganizationId, id: TokenId): Promise<ApiToken | null>;
  /** Revoked tokens are returned too: the caller decides (and says "revoked" rather than "unknown"). */
  findBySecretHash(secretHash: string): Promise<ApiToken | null>;
  list(organizationId: OrganizationId, page: PageRequest): Promise<Page<ApiToken>>;
  /** Not audited and outside any transaction: bookkeeping, not configuration. */
  markUsed(id: TokenId, at: string): Promise<void>;
}

export interface TokenRepository extends TokenReads {
  create(input: NewToken): Promise<ApiToken>;
  /** Marks the token revoked; returns it, or null when it does not exist in that organization. */
  revoke(organizationId: OrganizationId, id: TokenId): Promise<ApiToken | null>;
}

export interface NewNumber {
  readonly organizationId: OrganizationId;
  readonly phoneNumber: E164;
  readonly label: string;
  readonly flow: Flow;
}

export interface NumberPatch {
  readonly phoneNumber?: E164;
  readonly label?: string;
  readonly flow?: Flow;
}

export interface NumberReads {
  get(organizationId: OrganizationId, id: NumberId): Promise<BusinessNumber | null>;
  /** Platform-wide lookup by phone number (the number is unique across organizations). */
  findByPhoneNumber(phoneNumber: E164): Promise<BusinessNumber | null>;
  list(organizationId: OrganizationId, page: PageRequest & { readonly q?: string }): Promise<Page<BusinessNumber>>;
  /** All numbers of an organization, for building its routing snapshot. */
  listAll(organizationId: OrganizationId): Promise<readonly BusinessNumber[]>;
  /** Ids of every organization that has at least one number, for building the first snapshot. */
  organizationIdsWithNumbers(): Promise<readonly OrganizationId[]>;
}

export interface NumberRepository extends NumberReads {
  /** Throws ConflictError `number_taken` when any organization already has the phone number. */
  create(input: NewNumber): Promise<BusinessNumber>;
  /**
   * Applies the patch and increases the version. With `expectedVersion`, throws ConflictError
   * `conflict` when the stored version differs. Returns null when the number does not exist.
   */
  update(
    organizationId: OrganizationId,
    id: NumberId,
    patch: NumberPatch,
    expectedVersion?: number,
  ): Promise<BusinessNumber | null>;
  delete(organizationId: OrganizationId, id: NumberId): Promise<BusinessNumber | null>;
}

/** A trunk to create: settings validated and normalised by `trunkSettingsFromInput`. */
export interface NewTrunk extends TrunkSettings {
  readonly organizationId: OrganizationId;
}

export type TrunkPatch = Partial<TrunkSettings>;

export interface TrunkReads {
  get(organizationId: OrganizationId, id: TrunkId): Promise<Trunk | null>;
  list(organizationId: OrganizationId, page: PageRequest): Promise<Page<Trunk>>;
  /**
   * Platform-wide: every trunk, of any organization, with a source network that holds `address` (an
   * IPv4 or IPv6 address; an IPv4-mapped IPv6 address also matches IPv4 networks), in creation order.
   * Disabled trunks are included so call control can tell "trunk disabled" from "unknown peer"; it
   * must check `enabled`. Returns nothing for text that is not an IP address.
   */
  findBySourceAddress(address: string): Promise<readonly Trunk[]>;
}

export interface TrunkRepository extends TrunkReads {
  create(input: NewTrunk): Promise<Trunk>;
  /**
   * Applies the patch and increases the version. With `expectedVersion`, throws ConflictError
   * `conflict` when the stored version differs. Returns null when the trunk does not exist.
   */
  update(organizationId: OrganizationId, id: TrunkId, patch: TrunkPatch, expectedVersion?: number): Promise<Trunk | null>;
  delete(organizationId: OrganizationId, id: TrunkId): Promise<Trunk | null>;
}

/**
 * Reads of a kind of named, versioned document an organization keeps (schedules, rosters, queues). `q` finds
 * names containing it, ignoring case.
 */
export interface DocumentReads<Id extends string, Item> {
  get(organizationId: OrganizationId, id: Id): Promise<Item | null>;
  list(organizationId: OrganizationId, page: PageRequest & { readonly q?: string }): Promise<Page<Item>>;
  /** All of an organization's, in creation order, for building its routing snapshot. */
  listAll(organizationId: OrganizationId): Promise<readonly Item[]>;
}

export interface DocumentRepository<Id extends string, Settings, Item> extends DocumentReads<Id, Item> {
  create(organizationId: OrganizationId, settings: Settings): Promise<Item>;
  /**
   * Replaces the settings (a whole validated document) and increases the version. With
   * `expectedVersion`, throws ConflictError `conflict` when the stored version differs. Returns null
   * when the record does not exist in that organization.
   */
  update(organizationId: OrganizationId, id: Id, settings: Settings, expectedVersion?: number): Promise<Item | null>;
  delete(organizationId: OrganizationId, id: Id): Promise<Item | null>;
}

export type ScheduleReads = DocumentReads<ScheduleId, Schedule>;
export type ScheduleRepository = DocumentRepository<ScheduleId, ScheduleSettings, Schedule>;
export type RosterReads = DocumentReads<RosterId, Roster>;
export type RosterRepository = DocumentRepository<RosterId, RosterSettings, Roster>;
export type QueueReads = DocumentReads<QueueId, Queue>;
export type QueueRepository = DocumentRepository<QueueId, QueueSettings, Queue>;

export interface AuditQuery extends PageRequest {
  readonly resourceType?: ResourceType;
  readonly resourceId?: string;
}

export interface AuditReads {
  /** Newest first. */
  list(organizationId: OrganizationId, query: AuditQuery): Promise<Page<AuditEntry>>;
}

export interface AuditRepository extends AuditReads {
  /** For the code that changes things; the repositories call it themselves inside `transaction`. */
  record(entry: {
    organizationId: OrganizationId;
    action: AuditAction;
    resourceType: ResourceType;
    resourceId: string;
    before: unknown;
    after: unknown;
  }): Promise<AuditEntry>;
}

export interface CallQuery extends PageRequest {
  readonly result?: CallResult;
  readonly numberId?: NumberId;
  /** Exact E.164 match on the caller's number (or `anonymous`). */
  readonly caller?: string;
  /** Exact E.164. */
  readonly dialledNumber?: string;
  /** startedAt >= this ISO instant. */
  readonly since?: string;
  /** startedAt < this ISO instant. */
  readonly until?: string;
}

export interface CallRecordStore {
  /** Inserts or replaces (by id) many records in one database transaction. */
  save(records: readonly CallRecord[]): Promise<void>;
  get(organizationId: OrganizationId, id: CallId): Promise<CallRecord | null>;
  /** Newest first (startedAt desc, then seq desc). */
  list(organizationId: OrganizationId, query: CallQuery): Promise<Page<CallRecord>>;
}

export type * from './dial-plan-store.ts';
