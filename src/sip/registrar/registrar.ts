import type { CredentialLookup, DigestServer } from '../auth/digest-server.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { formatNameAddr, nameAddr, type NameAddr } from '../headers/name-addr.ts';
import { formatSipDate } from '../headers/sip-date.ts';
import { createResponse } from '../message/create-response.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { formatUri } from '../uri/format-uri.ts';
import { parseUri } from '../uri/parse-uri.ts';
import { uriEquals } from '../uri/uri-equals.ts';
import type { Binding, BindingStore } from './binding.ts';

export interface RegistrarOptions {
  readonly digest: DigestServer;
  /** The digest secret (HA1 or password) of a user name the registrar knows. */
  readonly credentials: CredentialLookup;
  /**
   * The address-of-record an authenticated user may register, given the To URI of the REGISTER
   * (RFC 3261 §10.3 step 6: the registrar decides whether the user may change bindings for it).
   * null refuses with 403.
   */
  readonly addressOfRecord: (username: string, to: NameAddr) => string | null;
  readonly store: BindingStore;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Shorter registrations are refused with 423 (§10.3 step 7). Default 60 s. */
  readonly minExpiresSeconds?: number;
  /** Longer ones are shortened to this. Default 3600 s. */
  readonly maxExpiresSeconds?: number;
  /** When neither Contact nor the request says. Default 3600 s (§10.2.1.1). */
  readonly defaultExpiresSeconds?: number;
  /** The most contacts one AOR may hold; more are refused with 403. Default 10. */
  readonly maxBindings?: number;
}

/** Where a REGISTER came from. */
export interface RegisterSource {
  readonly transport: 'udp' | 'tcp';
  readonly address: string;
  readonly port: number;
}

/** What a REGISTER did, for the caller's logs and tests. */
export type RegisterOutcome =
  | { readonly kind: 'challenged' }
  | { readonly kind: 'refused'; readonly status: number; readonly why: string }
  | { readonly kind: 'queried'; readonly aor: string }
  | { readonly kind: 'updated'; readonly aor: string; readonly bindings: readonly Binding[] };

/**
 * A registrar (RFC 3261 §10.3): authenticates a REGISTER with digest, then adds, refreshes and removes
 * the AOR's bindings in the store, and answers 200 with every current binding. Knows nothing of users
 * or organizations: the owner maps user names to secrets and AORs.
 */
export class Registrar {
  readonly #options: RegistrarOptions;
  readonly #min: number;
  readonly #max: number;
  readonly #default: number;
  readonly #maxBindings: number;
  /** One REGISTER per AOR at a time: the read-modify-write of its bindings must not interleave. */
  readonly #busy = new Map<string, Promise<unknown>>();

  constructor(options: RegistrarOptions) {
    this.#options = options;
    this.#min = options.minExpiresSeconds ?? 60;
    this.#max = options.maxExpiresSeconds ?? 3600;
    this.#default = options.defaultExpiresSeconds ?? 3600;
    this.#maxBindings = options.maxBindings ?? 10;
  }

  /** Handles one REGISTER; the response goes back on its server transaction. */
  async register(request: SipRequest, source: RegisterSource, toTag: string): Promise<{ response: SipResponse; outcome: RegisterOutcome }> {
    const refuse = (status: number, why: string, headers: HeaderField[] = []) => ({
      response: createResponse(request, status, { toTag, headers }),
      outcome: { kind: 'refused', status, why } as const,
    });

    // §10.3 step 3 (after 1–2, which validation did): authenticate (§22).
    const digest = this.#options.digest;
    const verdict = await digest.verify(request, this.#options.credentials);
    if (!verdict.ok) {
      if (verdict.reason === 'missing' || verdict.reason === 'stale' || verdict.reason === 'bad_nonce' || verdict.reason === 'replay') {
        return { response: digest.challengeResponse(request, { stale: verdict.reason === 'stale', toTag }), outcome: { kind: 'challenged' } };
      }
      if (verdict.reason === 'malformed') return refuse(400, 'malformed credentials');
      return refuse(403, `authentication failed (${verdict.reason})`);
    }

    // Step 5–6: the AOR is the To URI; may this user change its bindings?
    const aor = this.#options.addressOfRecord(verdict.username, request.to);
    if (aor === null) return refuse(403, `${verdict.username} may not register ${formatUri(request.to.uri)}`);

    const contacts = request.parseHeader('Contact');
    if (!contacts.ok) return refuse(400, 'malformed Contact');
    const expiresHeader = request.parseHeader('Expires');
    if (!expiresHeader.ok) return refuse(400, 'malformed Expires');

    return this.#serialised(aor, async () => {
      const now = this.#options.now();
      const current = (await this.#options.store.get(aor)).filter((binding) => binding.expiresAt > now);
      const callId = request.callId;
      const cseq = request.cseq.seq;

      // A query: no Contact, so the response lists the bindings (§10.2.3).
      if (contacts.value !== '*' && contacts.value.length === 0) {
        return { response: this.#ok(request, toTag, current, now), outcome: { kind: 'queried', aor } };
      }

      // Step 6: "*" removes every binding, and only with Expires: 0.
      if (contacts.value === '*') {
        if (expiresHeader.value !== 0) return refuse(400, 'Contact: * needs Expires: 0');
        const stale = current.find((binding) => binding.callId === callId && binding.cseq >= cseq);
        if (stale) return refuse(500, 'out-of-order REGISTER (an older CSeq than the binding)', [{ name: 'Retry-After', value: '1' }]);
        await this.#options.store.put(aor, []);
        return { response: this.#ok(request, toTag, [], now), outcome: { kind: 'updated', aor, bindings: [] } };
      }

      // Step 7: each contact, with its expiry (contact param, else Expires, else the default).
      let next = [...current];
      for (const contact of contacts.value) {
        const expiresParam = contact.params.get('expires');
        const requested = expiresParam !== undefined && expiresParam !== null ? Number(expiresParam) : (expiresHeader.value ?? this.#default);
        if (!Number.isInteger(requested) || requested < 0) return refuse(400, `bad expires ${String(expiresParam)}`);
        if (requested > 0 && requested < this.#min) {
          return refuse(423, `registration for ${requested} s is shorter than ${this.#min} s`, [{ name: 'Min-Expires', value: String(this.#min) }]);
        }
        const instance = contact.params.get('+sip.instance') ?? undefined;
        const index = next.findIndex((binding) => sameContact(binding, contact, instance));
        const existing = index >= 0 ? next[index] : undefined;
        // Same Call-ID with a CSeq not higher: an old, re-ordered request; it must not win (§10.3 step 7).
        if (existing && existing.callId === callId && existing.cseq >= cseq) {
          return refuse(500, 'out-of-order REGISTER (an older CSeq than the binding)', [{ name: 'Retry-After', value: '1' }]);
        }
        if (index >= 0) next.splice(index, 1);
        if (requested === 0) continue;
        const q = contact.params.get('q');
        const seconds = Math.min(requested, this.#max);
        next.push({
          contact: formatUri(contact.uri),
          expiresAt: now + seconds * 1000,
          callId,
          cseq,
          ...(q !== undefined && q !== null && Number.isFinite(Number(q)) ? { q: Number(q) } : {}),
          ...(instance ? { instance } : {}),
          source,
        });
      }
      if (next.length > this.#maxBindings) return refuse(403, `at most ${this.#maxBindings} contacts per address`);
      next = next.sort((a, b) => (b.q ?? 1) - (a.q ?? 1));
      await this.#options.store.put(aor, next);
      return { response: this.#ok(request, toTag, next, now), outcome: { kind: 'updated', aor, bindings: next } };
    });
  }

  /** 500 with Retry-After, for when the binding store cannot be reached. */
  serverError(request: SipRequest, toTag: string): SipResponse {
    return createResponse(request, 500, { toTag, headers: [{ name: 'Retry-After', value: '5' }] });
  }

  /** Step 8: 200 with every current binding and its remaining time, and a Date (§10.3). */
  #ok(request: SipRequest, toTag: string, bindings: readonly Binding[], now: number): SipResponse {
    const headers: HeaderField[] = bindings.map((binding) => {
      const uri = parseUri(binding.contact);
      const params = new Map<string, string | null>([['expires', String(Math.max(0, Math.round((binding.expiresAt - now) / 1000)))]]);
      return { name: 'Contact', value: uri.ok ? formatNameAddr(nameAddr(uri.value, { params })) : `<${binding.contact}>;expires=${params.get('expires')}` };
    });
    headers.push({ name: 'Date', value: formatSipDate(new Date(now)) });
    return createResponse(request, 200, { toTag, headers });
  }

  async #serialised<T>(aor: string, work: () => Promise<T>): Promise<T> {
    const before = this.#busy.get(aor) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.catch(() => undefined);
    this.#busy.set(aor, settled);
    try {
      return await run;
    } finally {
      if (this.#busy.get(aor) === settled) this.#busy.delete(aor);
    }
  }
}

/** The same binding: the same device instance (RFC 5626), or the same Contact URI by §19.1.4 comparison. */
function sameContact(binding: Binding, contact: NameAddr, instance: string | undefined): boolean {
  if (instance !== undefined && binding.instance !== undefined) return instance === binding.instance;
  const stored = parseUri(binding.contact);
  return stored.ok && uriEquals(stored.value, contact.uri);
}
