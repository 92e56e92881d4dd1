/**
 * The store's repositories of the internal dial plan: settings, locations, users and their devices,
 * ranges, registrations, virtual extensions, and the tasks that import them. Part of `Store` (store.ts).
 */
import type { E164 } from '../domain/phone-number.ts';
import type { OrganizationId, TokenId } from '../domain/ids.ts';
import type { DeviceHa1 } from '../domain/device-credentials.ts';
import type { DialPlanSettings, Location, User, VirtualExtensionRange, Device } from '../domain/dial-plan.ts';
import type { DeviceId, LocationId, UserId, VirtualExtensionRangeId } from '../domain/ids.ts';
import type { RegisteredContact, Registration, RegistrationOwner } from '../domain/registration.ts';
import type { VirtualExtension } from '../domain/dial-plan.ts';
import type { Task, TaskCounts, TaskFailedRow, TaskKind, TaskStatus } from '../domain/csv-import-task.ts';
import type { TaskId, VirtualExtensionId } from '../domain/ids.ts';
import type { VirtualExtensionSettings } from '../domain/virtual-extension-input.ts';
import type { Page, PageRequest } from './store.ts';

/** An organization's dial-plan settings; null when the organization does not exist. */
export interface DialPlanSettingsReads {
  get(organizationId: OrganizationId): Promise<DialPlanSettings | null>;
}

export interface DialPlanSettingsRepository extends DialPlanSettingsReads {
  /**
   * Locks the organization's dial plan until this transaction ends. Every dial-plan write reads the
   * whole plan, checks the conflict matrix, then writes: two such writes of one organization must not
   * both check before either writes. SQLite's BEGIN IMMEDIATE already serialises; on PostgreSQL this
   * takes the organization row `FOR UPDATE`. Returns false when there is no such organization.
   */
  lock(organizationId: OrganizationId): Promise<boolean>;
  /** Replaces the settings (audited as an organization change); null when there is no such organization. */
  update(organizationId: OrganizationId, settings: DialPlanSettings): Promise<DialPlanSettings | null>;
}

/** A location as stored: validated by `locationFromInput`. */
export type LocationSettings = Pick<Location, 'name' | 'timeZone' | 'routingPrefix' | 'outsideDialDigit' | 'country' | 'emergencyCallbackNumber'>;

export interface LocationReads {
  get(organizationId: OrganizationId, id: LocationId): Promise<Location | null>;
  list(organizationId: OrganizationId, page: PageRequest): Promise<Page<Location>>;
  /** All of an organization's, in creation order. */
  listAll(organizationId: OrganizationId): Promise<readonly Location[]>;
}

export interface LocationRepository extends LocationReads {
  create(organizationId: OrganizationId, settings: LocationSettings): Promise<Location>;
  /** With `expectedVersion`, throws ConflictError `conflict` when the stored version differs. */
  update(organizationId: OrganizationId, id: LocationId, settings: LocationSettings, expectedVersion?: number): Promise<Location | null>;
  delete(organizationId: OrganizationId, id: LocationId): Promise<Location | null>;
}

/**
 * A device to store with a user. `id` null: a new device. The HA1 pair is computed from the password
 * by the caller (`deviceHa1`); the password itself never reaches the store.
 */
export interface DeviceSettings {
  readonly id: DeviceId | null;
  readonly name: string;
  readonly username: string;
  readonly ha1: DeviceHa1;
}

export interface UserSettings {
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
  readonly locationId: LocationId;
  readonly extension: string | null;
  readonly email: string | null;
  readonly devices: readonly DeviceSettings[];
}

/** What the registrar learns from a digest user name. */
export interface DeviceOwner {
  readonly device: Device;
  readonly user: User;
  readonly organizationId: OrganizationId;
}

export interface UserReads {
  get(organizationId: OrganizationId, id: UserId): Promise<User | null>;
  /** `q`: display, first or last name containing it, ignoring case. */
  list(organizationId: OrganizationId, page: PageRequest & { readonly q?: string; readonly locationId?: LocationId }): Promise<Page<User>>;
  /** All of an organization's, in creation order (with their devices). */
  listAll(organizationId: OrganizationId): Promise<readonly User[]>;
  /** How many users a location has (a location with users cannot be deleted). */
  countInLocation(organizationId: OrganizationId, locationId: LocationId): Promise<number>;
  /** Platform-wide: the device with this digest user name, its user and organization; null when none. */
  findDeviceByUsername(username: string): Promise<DeviceOwner | null>;
}

export interface UserRepository extends UserReads {
  /** Throws ConflictError `conflict` (issue code `username_taken`) when a device user name is in use anywhere. */
  create(organizationId: OrganizationId, settings: UserSettings): Promise<User>;
  /**
   * Replaces the user and its devices: devices with an id keep it, devices left out are removed (with
   * their registrations). With `expectedVersion`, throws ConflictError `conflict` on another version.
   */
  update(organizationId: OrganizationId, id: UserId, settings: UserSettings, expectedVersion?: number): Promise<User | null>;
  /** Removes the user, its devices and their registrations. */
  delete(organizationId: OrganizationId, id: UserId): Promise<User | null>;
}

export type VirtualExtensionRangeSettings = Pick<VirtualExtensionRange, 'name' | 'prefix' | 'patterns' | 'locationId'>;

export interface VirtualExtensionRangeReads {
  get(organizationId: OrganizationId, id: VirtualExtensionRangeId): Promise<VirtualExtensionRange | null>;
  /** `q`: names containing it, ignoring case; `locationId`: only that location's. */
  list(
    organizationId: OrganizationId,
    page: PageRequest & { readonly q?: string; readonly locationId?: LocationId },
  ): Promise<Page<VirtualExtensionRange>>;
  listAll(organizationId: OrganizationId): Promise<readonly VirtualExtensionRange[]>;
}

export interface VirtualExtensionRangeRepository extends VirtualExtensionRangeReads {
  create(organizationId: OrganizationId, settings: VirtualExtensionRangeSettings): Promise<VirtualExtensionRange>;
  update(
    organizationId: OrganizationId,
    id: VirtualExtensionRangeId,
    settings: VirtualExtensionRangeSettings,
    expectedVersion?: number,
  ): Promise<VirtualExtensionRange | null>;
  delete(organizationId: OrganizationId, id: VirtualExtensionRangeId): Promise<VirtualExtensionRange | null>;
}

/**
 * The registrar's bindings. `get` and `put` have the registrar's `BindingStore` semantics (an empty
 * list removes the address-of-record); `put` also says whose address-of-record it is, so a user's
 * registrations can be listed and a removed device's dropped. `registrationBindingStore` adapts this
 * to the registrar's two-argument `put`.
 */
export interface RegistrationStore {
  get(aor: string): Promise<readonly RegisteredContact[]>;
  put(aor: string, owner: RegistrationOwner, bindings: readonly RegisteredContact[]): Promise<void>;
  remove(aor: string): Promise<void>;
  /** Every address-of-record of a user's devices, bindings as stored (expired ones included: the caller knows the time). */
  listForUser(organizationId: OrganizationId, userId: UserId): Promise<readonly Registration[]>;
}

/** Sorts of the virtual extensions list; `-` first: descending. Ties keep creation order. */
export type VirtualExtensionSort = 'displayName' | '-displayName' | 'extension' | '-extension' | 'createdAt' | '-createdAt';

export interface VirtualExtensionQuery extends PageRequest {
  /** Word prefixes of the display, first and last name, ignoring case and accents; every word must match. */
  readonly q?: string;
  readonly extension?: string;
  readonly phoneNumber?: E164;
  readonly locationId?: LocationId;
  /** Only organization-level ones. */
  readonly orgLevelOnly?: boolean;
  readonly sort?: VirtualExtensionSort;
  /**
   * Keyset paging: the page starts right after this row of the same sort (offset must be 0). Rows
   * added or removed elsewhere in the order meanwhile neither shift nor repeat what follows.
   */
  readonly after?: VirtualExtensionPosition;
}

/**
 * A row's place in one sort order: its sort key and its `seq` (creation order, the tie-breaker of every
 * sort). The `createdAt` sorts need only the seq.
 */
export type VirtualExtensionPosition =
  | { readonly sort: 'createdAt' | '-createdAt'; readonly seq: number }
  | { readonly sort: Exclude<VirtualExtensionSort, 'createdAt' | '-createdAt'>; readonly key: string; readonly seq: number };

/** A page and, when more rows follow it, the position of its last row (`after` of the next page). */
export interface VirtualExtensionPage extends Page<VirtualExtensionView> {
  readonly next: VirtualExtensionPosition | null;
}

/** A virtual extension with what the API shows of its location. */
export interface VirtualExtensionView extends VirtualExtension {
  /** null at organization level. */
  readonly location: { readonly name: string; readonly routingPrefix: string } | null;
}

/** What the dial plan needs of a virtual extension (`DialPlanVirtualExtensionData` in src/dialplan). */
export type VirtualExtensionPlanEntry = Pick<VirtualExtension, 'id' | 'displayName' | 'extension' | 'phoneNumber' | 'locationId'>;

export interface VirtualExtensionReads {
  get(organizationId: OrganizationId, id: VirtualExtensionId): Promise<VirtualExtensionView | null>;
  list(organizationId: OrganizationId, query: VirtualExtensionQuery): Promise<VirtualExtensionPage>;
  /** All of an organization's, in creation order (a bulk import compares rows with them). */
  listAll(organizationId: OrganizationId): Promise<readonly VirtualExtension[]>;
  /** All of an organization's as the dial-plan index is compiled from them, in creation order. */
  listForDialPlan(organizationId: OrganizationId): Promise<readonly VirtualExtensionPlanEntry[]>;
}

/** One batch of a bulk import: written in one statement per table, audited as one entry. */
export interface VirtualExtensionBatch {
  /** Ids chosen by the caller, so a bulk check can place a row in its draft before the row is written. */
  readonly creates: readonly { readonly id: VirtualExtensionId; readonly settings: VirtualExtensionSettings }[];
  readonly updates: readonly { readonly id: VirtualExtensionId; readonly settings: VirtualExtensionSettings }[];
  /** What the audit entry says the batch was (the task and the lines it covers). */
  readonly audit: { readonly taskId: TaskId; readonly firstLine: number; readonly lastLine: number };
}

export interface VirtualExtensionRepository extends VirtualExtensionReads {
  /** The conflict matrix is the caller's to check first (under `dialPlanSettings.lock`). */
  create(organizationId: OrganizationId, settings: VirtualExtensionSettings): Promise<VirtualExtension>;
  /**
   * Replaces the settings and increases the version. With `expectedVersion`, throws ConflictError
   * `conflict` when the stored version differs. Returns null when it does not exist.
   */
  update(organizationId: OrganizationId, id: VirtualExtensionId, settings: VirtualExtensionSettings, expectedVersion?: number): Promise<VirtualExtension | null>;
  delete(organizationId: OrganizationId, id: VirtualExtensionId): Promise<VirtualExtension | null>;
  /** Creates and updates many at once; one audit entry for the batch. Returns the records created and updated. */
  writeBatch(organizationId: OrganizationId, batch: VirtualExtensionBatch): Promise<readonly VirtualExtension[]>;
}

export interface NewTask {
  readonly organizationId: OrganizationId;
  readonly kind: TaskKind;
  readonly fileName: string | null;
  readonly content: string;
  readonly createdBy: TokenId | null;
}

/** A task with its file and cursor, as the importer resumes it. */
export interface StoredTask extends Task {
  readonly content: string;
  readonly cursor: number;
}

export interface TaskReads {
  get(organizationId: OrganizationId, id: TaskId): Promise<Task | null>;
  /** Newest first. */
  list(organizationId: OrganizationId, page: PageRequest & { readonly status?: TaskStatus }): Promise<Page<Task>>;
  /** Failed rows in file order. */
  failedRows(organizationId: OrganizationId, id: TaskId, page: PageRequest): Promise<Page<TaskFailedRow>>;
  /** Platform-wide: tasks `queued` or `running`, oldest first, for resuming after a restart. */
  unfinished(): Promise<readonly TaskId[]>;
  /** The task with its file and cursor; any organization (the importer runs for all). */
  stored(id: TaskId): Promise<StoredTask | null>;
}

/** How a batch moves a task on. */
export interface TaskProgress {
  readonly cursor: number;
  /** Added to the stored counts. */
  readonly add: Omit<TaskCounts, 'total' | 'done'>;
  readonly failedRows: readonly TaskFailedRow[];
}

export interface TaskRepository extends TaskReads {
  create(input: NewTask): Promise<Task>;
  /** The task locked for this transaction (PostgreSQL: `FOR UPDATE`), with its cursor; null when gone. */
  lock(id: TaskId): Promise<StoredTask | null>;
  /** Marks it running with the rows the file has (sets `startedAt` the first time). */
  start(id: TaskId, total: number): Promise<void>;
  advance(id: TaskId, progress: TaskProgress): Promise<void>;
  /** Ends the task: `completed`, `completed_with_errors` or `failed` (with `error`). */
  finish(id: TaskId, status: Extract<TaskStatus, 'completed' | 'completed_with_errors' | 'failed'>, error: string | null): Promise<Task | null>;
}
