import { AsyncLocalStorage } from 'node:async_hooks';
import { Migrator, sql, type Kysely } from 'kysely';
import { KyselyCallRecordStore } from './call-record-store.ts';
import { ChangeFeed } from './change-feed.ts';
import type { DatabaseEngine } from './database-engine.ts';
import { migrationProvider } from './migrations/migration-provider.ts';
import { KyselyRegistrationStore } from './registration-store.ts';
import { readRepositories, transactionRepositories } from './repositories.ts';
import type { WriteContext } from './repository-context.ts';
import type { Database } from './schema.ts';
import type {
  AuditReads,
  CallRecordStore,
  ChangeActor,
  DialPlanSettingsReads,
  LocationReads,
  RegistrationStore,
  ChangeListener,
  NumberReads,
  OrganizationReads,
  QueueReads,
  Repositories,
  RosterReads,
  ScheduleReads,
  Store,
  StoreChange,
  StoreDialect,
  TokenReads,
  TrunkReads,
  UserReads,
  VirtualExtensionRangeReads,
  VirtualExtensionReads,
  TaskReads,
} from './store.ts';

/** The Store over Kysely, the same code for both engines; `DatabaseEngine` holds what differs. */
export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly organizations: OrganizationReads;
  readonly tokens: TokenReads;
  readonly numbers: NumberReads;
  readonly trunks: TrunkReads;
  readonly schedules: ScheduleReads;
  readonly rosters: RosterReads;
  readonly queues: QueueReads;
  readonly audit: AuditReads;
  readonly calls: CallRecordStore;
  readonly dialPlanSettings: DialPlanSettingsReads;
  readonly locations: LocationReads;
  readonly users: UserReads;
  readonly virtualExtensionRanges: VirtualExtensionRangeReads;
  readonly virtualExtensions: VirtualExtensionReads;
  readonly tasks: TaskReads;
  readonly registrations: RegistrationStore;

  readonly #engine: DatabaseEngine;
  readonly #feed = new ChangeFeed();
  /** Set while this store's `transaction` callback runs (and in everything it starts). */
  readonly #inTransaction = new AsyncLocalStorage<true>();
  #closing: Promise<void> | null = null;

  constructor(engine: DatabaseEngine) {
    this.#engine = engine;
    this.dialect = engine.dialect;
    const reads = readRepositories({ dialect: engine.dialect, db: () => this.#sharedDb('a store-level read') });
    this.organizations = reads.organizations;
    this.tokens = reads.tokens;
    this.numbers = reads.numbers;
    this.trunks = reads.trunks;
    this.schedules = reads.schedules;
    this.rosters = reads.rosters;
    this.queues = reads.queues;
    this.audit = reads.audit;
    this.dialPlanSettings = reads.dialPlanSettings;
    this.locations = reads.locations;
    this.users = reads.users;
    this.virtualExtensionRanges = reads.virtualExtensionRanges;
    this.virtualExtensions = reads.virtualExtensions;
    this.tasks = reads.tasks;
    this.registrations = new KyselyRegistrationStore({ db: () => this.#sharedDb('a registration read or write'), now: Date.now });
    this.calls = new KyselyCallRecordStore({
      db: () => this.#sharedDb('a call record read'),
      inTransaction: (fn) => this.#inOwnTransaction('store.calls.save()', fn),
    });
  }

  async migrate(): Promise<readonly string[]> {
    const migrator = new Migrator({ db: this.#sharedDb('store.migrate()'), provider: migrationProvider(this.dialect) });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results.find((r) => r.status === 'Error');
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${failed?.migrationName ?? '(setup)'} failed: ${reason}`, { cause: error });
    }
    return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#sharedDb('store.ping()'));
  }

  async transaction<T>(actor: ChangeActor, fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const changes: StoreChange[] = [];
    const result = await this.#inOwnTransaction('store.transaction()', (connection, isOpen) => {
      const context: WriteContext = {
        dialect: this.dialect,
        actor,
        changes,
        lockRows: this.dialect === 'postgres',
        now: Date.now,
        db: () => {
          if (!isOpen()) throw new Error('this transaction has ended: its repositories cannot be used any more');
          return connection;
        },
      };
      return this.#inTransaction.run(true, () => fn(transactionRepositories(context)));
    });
    // Outside the transaction's scope: listeners may read through the store, which now sees the commit.
    await this.#feed.emit(changes);
    return result;
  }

  onChange(listener: ChangeListener): () => void {
    return this.#feed.subscribe(listener);
  }

  close(): Promise<void> {
    if (this.#inTransaction.getStore()) {
      return Promise.reject(new Error('store.close() was called inside store.transaction(): it would wait for itself'));
    }
    this.#closing ??= this.#engine.close();
    return this.#closing;
  }

  /**
   * Runs `fn` in one database transaction on one connection: begin, then commit when `fn` resolves or
   * roll back when it throws. `isOpen` turns false once the transaction has ended, so work `fn` left
   * behind cannot use the connection for something else's transaction.
   */
  async #inOwnTransaction<T>(what: string, fn: (connection: Kysely<Database>, isOpen: () => boolean) => Promise<T>): Promise<T> {
    const db = this.#sharedDb(what);
    return db.connection().execute(async (connection) => {
      let open = true;
      await sql.raw(this.#engine.beginStatement).execute(connection);
      try {
        const value = await fn(connection, () => open);
        open = false;
        await sql`commit`.execute(connection);
        return value;
      } catch (error) {
        open = false;
        await rollback(connection);
        throw error;
      }
    });
  }

  /**
   * The shared database, for work outside a transaction. Refused inside this store's own transaction:
   * on SQLite the transaction holds the only connection, so the call would wait for itself forever; on
   * PostgreSQL it would run beside the transaction and miss its uncommitted writes. Either way it is a
   * mistake, and an error says where instead of a hang or a stale read.
   */
  #sharedDb(what: string): Kysely<Database> {
    if (this.#closing) throw new Error(`${what} after store.close(): the store is closed`);
    if (this.#inTransaction.getStore()) {
      throw new Error(`${what} inside store.transaction(): use the transaction's repositories (tx) instead`);
    }
    return this.#engine.db;
  }
}

async function rollback(connection: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(connection);
  } catch {
    // The error that made us roll back says more than this one. A rollback fails when the
    // connection itself is gone, and then the transaction is gone with it.
  }
}
