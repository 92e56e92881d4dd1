import type { DeviceId, OrganizationId, UserId } from '../domain/ids.ts';
import {
  createResponse,
  DigestServer,
  Registrar,
  type Binding,
  type BindingStore,
  type RegisterOutcome,
  type ServerTransaction,
} from '../sip/index.ts';

/** A SIP device as the registrar needs it: who it belongs to and its digest hashes. */
export interface DeviceCredentials {
  readonly organizationId: OrganizationId;
  readonly userId: UserId;
  readonly deviceId: DeviceId;
  /** HA1 for the realm, per algorithm (RFC 7616 §3.4.2). */
  readonly ha1: { readonly md5: string; readonly sha256: string };
}

/** Where devices and their registrations are kept (the store, in `serve`). */
export interface DeviceDirectory {
  findDevice(username: string): Promise<DeviceCredentials | undefined>;
  /** The current bindings of a device, by its user name (its address-of-record). */
  bindings(username: string): Promise<readonly Binding[]>;
  /** Replaces a device's bindings; an empty list removes them. */
  saveBindings(device: DeviceCredentials, username: string, bindings: readonly Binding[]): Promise<void>;
}

export interface DeviceRegistrarOptions {
  readonly directory: DeviceDirectory;
  /** The digest realm of ringroute's devices. */
  readonly realm: string;
  /** Shared by every node (at least 16 bytes): nonces of one node are good on another. */
  readonly secret: string;
  /** Offered in this order (RFC 8760 §2.4). Default SHA-256, then MD5. */
  readonly algorithms?: readonly ('SHA-256' | 'MD5')[];
  readonly now?: () => number;
  readonly onRegistered?: (username: string, outcome: RegisterOutcome) => void;
}

/**
 * The registrar for users' SIP devices: a device registers under its own user name (the AOR is
 * `sip:<username>@<anything>`, and only that device's credentials may change it); its bindings are
 * kept by the directory, so registrations survive a restart and every node sees them.
 */
export class DeviceRegistrar {
  readonly #registrar: Registrar;
  readonly #digest: DigestServer;
  readonly #options: DeviceRegistrarOptions;

  constructor(options: DeviceRegistrarOptions) {
    this.#options = options;
    const now = options.now ?? Date.now;
    const directory = options.directory;
    const store: BindingStore = {
      get: (aor) => directory.bindings(aor),
      put: async (aor, bindings) => {
        const device = await directory.findDevice(aor);
        if (device) await directory.saveBindings(device, aor, bindings);
      },
    };
    this.#digest = new DigestServer({ realm: options.realm, secret: options.secret, now, algorithms: options.algorithms ?? ['SHA-256', 'MD5'] });
    this.#registrar = new Registrar({
      digest: this.#digest,
      credentials: (username, realm, algorithm) => this.#secretOf(username, realm, algorithm),
      // RFC 3261 §10.3 step 6: a device may only change the bindings of its own user name.
      addressOfRecord: (username, to) => (to.uri.kind === 'sip' && to.uri.user === username ? username : null),
      store,
      now,
    });
  }

  /**
   * Authenticates a request a device sends (an INVITE placing a call) with the same credentials as its
   * REGISTER (RFC 3261 §22.2). Without credentials, or with a stale nonce, the request is challenged
   * with 401; wrong ones get 403. Resolves to the device only when the request may go on.
   */
  async authenticate(transaction: ServerTransaction, toTag: string): Promise<{ readonly device: DeviceCredentials; readonly username: string } | null> {
    const request = transaction.request;
    const verdict = await this.#digest.verify(request, (username, realm, algorithm) => this.#secretOf(username, realm, algorithm));
    if (verdict.ok) {
      const device = await this.#options.directory.findDevice(verdict.username);
      if (device) return { device, username: verdict.username };
      transaction.respond(createResponse(request, 403, { toTag }));
      return null;
    }
    if (verdict.reason === 'missing' || verdict.reason === 'stale' || verdict.reason === 'bad_nonce' || verdict.reason === 'replay') {
      transaction.respond(this.#digest.challengeResponse(request, { stale: verdict.reason === 'stale', toTag }));
      return null;
    }
    transaction.respond(createResponse(request, verdict.reason === 'malformed' ? 400 : 403, { toTag }));
    return null;
  }

  async #secretOf(username: string, _realm: string, algorithm: string): Promise<{ ha1: string } | undefined> {
    const device = await this.#options.directory.findDevice(username);
    if (!device) return undefined;
    return { ha1: algorithm.startsWith('SHA-256') ? device.ha1.sha256 : device.ha1.md5 };
  }

  /** Answers one REGISTER. */
  handle(transaction: ServerTransaction, toTag: string): void {
    const { request, source } = transaction;
    const from = { transport: source.transport === 'tcp' ? ('tcp' as const) : ('udp' as const), address: source.address, port: source.port };
    this.#registrar.register(request, from, toTag).then(
      ({ response, outcome }) => {
        transaction.respond(response);
        const user = request.to.uri.kind === 'sip' ? (request.to.uri.user ?? '') : '';
        this.#options.onRegistered?.(user, outcome);
      },
      () => {
        // The directory failed (database down): the device retries after a 500 (§21.5.1).
        transaction.respond(this.#serverError(transaction, toTag));
      },
    );
  }

  #serverError(transaction: ServerTransaction, toTag: string) {
    return this.#registrar.serverError(transaction.request, toTag);
  }
}
