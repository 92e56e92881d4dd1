/**
 * One registration of a contact for an address-of-record (RFC 3261 §10): where requests for the AOR
 * may be sent until `expiresAt`. Plain data, so a binding store may persist it as it is.
 */
export interface Binding {
  /** The Contact URI as the UA sent it (`sip:alice@192.0.2.4:5062;transport=tcp`). */
  readonly contact: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** The REGISTER's Call-ID and CSeq that last refreshed it (§10.3 step 7: out-of-order requests). */
  readonly callId: string;
  readonly cseq: number;
  /** The Contact's `q` preference (0–1), when given. */
  readonly q?: number;
  /** `+sip.instance` (RFC 5626 §4.1): the same device registering again replaces its old contact. */
  readonly instance?: string;
  /** The transport and address the REGISTER came from, for a UA behind NAT (RFC 5626 §5 flow; here: the source). */
  readonly source: { readonly transport: 'udp' | 'tcp'; readonly address: string; readonly port: number };
}

/**
 * Where bindings live. The registrar reads and replaces the whole set of one AOR; the store decides
 * where it is kept (memory, a database) so that registrations survive a restart.
 */
export interface BindingStore {
  get(aor: string): Promise<readonly Binding[]>;
  /** Replaces every binding of `aor` (an empty list removes the AOR). */
  put(aor: string, bindings: readonly Binding[]): Promise<void>;
}

/** A binding store in memory: for tests and a single node without persistence. */
export class MemoryBindingStore implements BindingStore {
  readonly #bindings = new Map<string, readonly Binding[]>();

  async get(aor: string): Promise<readonly Binding[]> {
    return this.#bindings.get(aor) ?? [];
  }

  async put(aor: string, bindings: readonly Binding[]): Promise<void> {
    if (bindings.length === 0) this.#bindings.delete(aor);
    else this.#bindings.set(aor, bindings);
  }
}
