import { isToken, trimWhitespace } from '../grammar/char-classes.ts';
import type { Parsed } from '../grammar/result.ts';
import type { HeaderDefinition } from '../headers/header-definition.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { headerKey } from '../headers/header-name.ts';

/**
 * A message's header fields in order, as received or as set: the raw truth that is written back
 * out, so headers nobody here understands pass through unchanged. Lookups take any spelling of a
 * name (case-insensitive, compact forms: RFC 3261 §7.3.1, §7.3.3). Typed values are parsed on first
 * use and cached until a line of that header changes.
 */
export class HeaderList {
  readonly #fields: HeaderField[] = [];
  readonly #keys: string[] = [];
  readonly #cache = new Map<string, Parsed<unknown>>();

  constructor(fields: Iterable<HeaderField> = []) {
    for (const field of fields) {
      this.#fields.push({ name: field.name, value: field.value });
      this.#keys.push(headerKey(field.name));
    }
  }

  get size(): number {
    return this.#fields.length;
  }

  /** All fields in order. The array is a snapshot; the fields are immutable. */
  fields(): readonly HeaderField[] {
    return this.#fields.slice();
  }

  has(name: string): boolean {
    return this.#keys.includes(headerKey(name));
  }

  /** The value of the first line of the header, or undefined. */
  get(name: string): string | undefined {
    const index = this.#keys.indexOf(headerKey(name));
    return index < 0 ? undefined : this.#fields[index]!.value;
  }

  /** The values of all lines of the header, in order. */
  getAll(name: string): string[] {
    return this.#valuesOf(headerKey(name));
  }

  #valuesOf(key: string): string[] {
    const values: string[] = [];
    for (let i = 0; i < this.#keys.length; i++) if (this.#keys[i] === key) values.push(this.#fields[i]!.value);
    return values;
  }

  /** How many lines the header has. `name` may also be a key (a lower-cased long name). */
  count(name: string): number {
    const key = name.length > 1 && name === name.toLowerCase() ? name : headerKey(name);
    let count = 0;
    for (const k of this.#keys) if (k === key) count++;
    return count;
  }

  /** Adds a line after all others. */
  append(name: string, raw: string): void {
    const value = checkField(name, raw);
    this.#fields.push({ name, value });
    this.#changed(this.#keys[this.#keys.push(headerKey(name)) - 1]!);
  }

  /**
   * Adds a line before the header's first line (or first of all if it has none): where a proxy
   * puts its Via and Record-Route (RFC 3261 §16.6).
   */
  prepend(name: string, raw: string): void {
    const value = checkField(name, raw);
    const key = headerKey(name);
    const index = this.#keys.indexOf(key);
    const at = index < 0 ? 0 : index;
    this.#fields.splice(at, 0, { name, value });
    this.#keys.splice(at, 0, key);
    this.#changed(key);
  }

  /**
   * Replaces every line of the header with `values` (one line each), at the position of its first
   * line, or after all others if it had none. An empty list removes the header.
   */
  set(name: string, values: string | readonly string[]): void {
    const lines = (typeof values === 'string' ? [values] : values).map((value) => checkField(name, value));
    const key = headerKey(name);
    const first = this.#keys.indexOf(key);
    this.#removeKey(key);
    const at = first < 0 ? this.#fields.length : first;
    this.#fields.splice(at, 0, ...lines.map((value) => ({ name, value })));
    this.#keys.splice(at, 0, ...lines.map(() => key));
    this.#changed(key);
  }

  /** Removes every line of the header; returns how many there were. */
  remove(name: string): number {
    const key = headerKey(name);
    const removed = this.#removeKey(key);
    this.#changed(key);
    return removed;
  }

  /** The typed value of a header, parsed once and cached. */
  typed<T>(definition: HeaderDefinition<T>): Parsed<T> {
    const cached = this.#cache.get(definition.key);
    if (cached) return cached as Parsed<T>;
    const parsed = definition.parse(this.#valuesOf(definition.key));
    this.#cache.set(definition.key, parsed);
    return parsed;
  }

  /**
   * Records the typed value of a header this code has just written from that very value (a message
   * being built), so it is not parsed back from its own text. Only for values whose formatted lines
   * are the header's current lines.
   */
  seed<T>(definition: HeaderDefinition<T>, value: T): void {
    this.#cache.set(definition.key, { ok: true, value });
  }

  clone(): HeaderList {
    const copy = new HeaderList(this.#fields);
    // Same lines, so the same typed values (which are immutable).
    for (const [key, parsed] of this.#cache) copy.#cache.set(key, parsed);
    return copy;
  }

  #removeKey(key: string): number {
    let removed = 0;
    for (let i = this.#keys.length - 1; i >= 0; i--) {
      if (this.#keys[i] === key) {
        this.#fields.splice(i, 1);
        this.#keys.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  #changed(key: string): void {
    this.#cache.delete(key);
  }
}

/**
 * A header set through the API must be writable as one header line: a token name and a value
 * without line breaks (which would inject lines into the message). Returns the value without the
 * surrounding whitespace a parser would drop anyway.
 */
function checkField(name: string, value: string): string {
  if (!isToken(name)) throw new TypeError(`"${name}" is not a valid header name`);
  if (value.includes('\n') || value.includes('\r')) throw new TypeError(`the value of ${name} contains a line break`);
  return trimWhitespace(value);
}
