import type { Parsed } from '../grammar/result.ts';
import type { CSeq } from '../headers/cseq.ts';
import type { HeaderDefinition } from '../headers/header-definition.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { headerKey } from '../headers/header-name.ts';
import type { NameAddr } from '../headers/name-addr.ts';
import { headerDefinition, typedHeaders, type TypedHeaderName, type TypedHeaderValue } from '../headers/typed-headers.ts';
import type { Via } from '../headers/via.ts';
import { checkCoreHeaders } from './core-headers.ts';
import { HeaderList } from './header-list.ts';
import { SipMessageError, parseError } from './parse-error.ts';

const coreKeys = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length']);

/**
 * What requests and responses share: the header fields (in order, raw, with typed views) and the
 * body. The invariant: the core headers (Via, From, To, Call-ID, CSeq, and Max-Forwards and
 * Content-Length when present) are always valid, so their getters never fail. Every other typed
 * header is parsed on first use; `header()` throws a `SipMessageError` if its value is malformed,
 * `parseHeader()` returns the failure instead (after `validateRequest` has passed, neither fails).
 */
export abstract class MessageBase {
  /** "SIP/2.0" (upper-cased as parsed). */
  version: string;
  #headers: HeaderList;
  #body: Buffer;

  protected constructor(headers: Iterable<HeaderField> | HeaderList, body: Buffer, version: string) {
    this.#headers = headers instanceof HeaderList ? headers : new HeaderList(headers);
    this.#body = body;
    this.version = version;
    const problem = checkCoreHeaders(this.#headers);
    if (problem) throw new SipMessageError(problem);
  }

  get via(): readonly Via[] {
    return this.#core(typedHeaders.Via);
  }

  /** The first Via: the hop that sent this message (RFC 3261 §18.2.1). */
  get topVia(): Via {
    return this.via[0]!;
  }

  get from(): NameAddr {
    return this.#core(typedHeaders.From)!;
  }

  get to(): NameAddr {
    return this.#core(typedHeaders.To)!;
  }

  get callId(): string {
    return this.#core(typedHeaders['Call-ID'])!;
  }

  get cseq(): CSeq {
    return this.#core(typedHeaders.CSeq)!;
  }

  get maxForwards(): number | undefined {
    return this.#core(typedHeaders['Max-Forwards']);
  }

  /** The body: exactly Content-Length bytes (RFC 3261 §18.3). May share memory with parsed input. */
  get body(): Buffer {
    return this.#body;
  }

  /**
   * Replaces the body and keeps Content-Length (and, when given, Content-Type) in step with it. An
   * empty body removes Content-Type.
   */
  setBody(body: Buffer | string, contentType?: string): void {
    this.#body = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (this.#body.length === 0) this.#headers.remove('Content-Type');
    else if (contentType !== undefined) this.#headers.set('Content-Type', contentType);
    this.#headers.set('Content-Length', String(this.#body.length));
  }

  /** Every header field in order, as it will be written. */
  fields(): readonly HeaderField[] {
    return this.#headers.fields();
  }

  hasHeader(name: string): boolean {
    return this.#headers.has(name);
  }

  /** The raw value of the first line of a header (any spelling of its name), or undefined. */
  rawHeader(name: string): string | undefined {
    return this.#headers.get(name);
  }

  /** The raw values of every line of a header, in order. */
  rawHeaders(name: string): string[] {
    return this.#headers.getAll(name);
  }

  /** A typed header: undefined or [] when absent; throws `SipMessageError` when malformed. */
  header<N extends TypedHeaderName>(name: N): TypedHeaderValue<N> {
    const parsed = this.parseHeader(name);
    if (!parsed.ok) throw new SipMessageError(parseError('bad_header_value', `bad ${name}: ${parsed.reason}`, { header: name }));
    return parsed.value;
  }

  /** A typed header, or why it is malformed. Never throws. */
  parseHeader<N extends TypedHeaderName>(name: N): Parsed<TypedHeaderValue<N>> {
    return this.#headers.typed(headerDefinition(name));
  }

  /** Writes a typed header, replacing every line of it (one line per element for address lists). */
  set<N extends TypedHeaderName>(name: N, value: TypedHeaderValue<N>): void {
    this.setHeader(name, headerDefinition(name).format(value));
  }

  /** Replaces every line of a header with raw values (an empty list removes it). */
  setHeader(name: string, values: string | readonly string[]): void {
    this.#guard(name, (headers) => headers.set(name, values));
  }

  appendHeader(name: string, value: string): void {
    this.#guard(name, (headers) => headers.append(name, value));
  }

  /** Adds a line before the header's existing lines: a new top Via or Record-Route (§16.6). */
  prependHeader(name: string, value: string): void {
    this.#guard(name, (headers) => headers.prepend(name, value));
  }

  /** Removes every line of a header; returns how many there were. */
  removeHeader(name: string): number {
    let removed = 0;
    this.#guard(name, (headers) => {
      removed = headers.remove(name);
    });
    return removed;
  }

  protected cloneHeaders(): HeaderList {
    return this.#headers.clone();
  }

  #core<T>(definition: HeaderDefinition<T>): T {
    const parsed = this.#headers.typed(definition);
    // Unreachable while the invariant holds; a message whose core header broke is a bug here.
    if (!parsed.ok) throw new SipMessageError(parseError('bad_header_value', parsed.reason, { header: definition.name }));
    return parsed.value;
  }

  /**
   * Applies a change; if it touches a core header, checks the invariant and undoes the change
   * (throwing `SipMessageError`) when it would break it.
   */
  #guard(name: string, change: (headers: HeaderList) => void): void {
    if (!coreKeys.has(headerKey(name))) {
      change(this.#headers);
      return;
    }
    const before = this.#headers.clone();
    change(this.#headers);
    const problem = checkCoreHeaders(this.#headers);
    if (problem) {
      this.#headers = before;
      throw new SipMessageError(problem);
    }
  }
}
