import { splitList } from '../grammar/list-splitter.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { headerKey } from './header-name.ts';

/**
 * How one header's lines become a typed value and back. Three shapes cover SIP's headers:
 *
 * - `singleHeader`: one value; absent is undefined, a second line is an error (From, CSeq...).
 * - `listHeader`: comma-separated elements across any number of lines (RFC 3261 §7.3.1); absent is
 *   an empty list (Via, Route, Allow...).
 * - `lineHeader`: one element per line, commas being internal to the value (the authentication
 *   headers, §7.3.1's exception).
 */
export interface HeaderDefinition<T> {
  /** Canonical name, used when writing the header. */
  readonly name: string;
  /** Lookup key (lower-cased long name). */
  readonly key: string;
  /** The typed value of all the header's line values, in order (none when it is absent). */
  parse(lines: readonly string[]): Parsed<T>;
  /** The line values that carry `value`. */
  format(value: T): string[];
}

export function singleHeader<T>(
  name: string,
  parseValue: (text: string) => Parsed<T>,
  formatValue: (value: T) => string,
): HeaderDefinition<T | undefined> {
  return {
    name,
    key: headerKey(name),
    parse(lines) {
      if (lines.length === 0) return ok(undefined);
      if (lines.length > 1) return fail(`${name} appears ${lines.length} times`);
      return parseValue(lines[0]!);
    },
    format: (value) => (value === undefined ? [] : [formatValue(value)]),
  };
}

export function listHeader<E>(
  name: string,
  parseElement: (text: string) => Parsed<E>,
  formatElement: (value: E) => string,
  options: {
    /** Whether a line may be empty (`Supported:` lists no option tag; `Via:` is an error). */
    allowEmpty?: boolean;
    /** Whether to write all elements on one line (token lists) or one line each (addresses). */
    oneLine?: boolean;
  } = {},
): HeaderDefinition<readonly E[]> {
  return {
    name,
    key: headerKey(name),
    parse(lines) {
      const values: E[] = [];
      for (const line of lines) {
        if (line === '' && options.allowEmpty) continue;
        const elements = line.includes(',') ? splitList(line) : { ok: true as const, value: [line] };
        if (!elements.ok) return elements;
        for (const element of elements.value) {
          if (element === '') return fail(`${name} has an empty element`);
          const value = parseElement(element);
          if (!value.ok) return value;
          values.push(value.value);
        }
      }
      return ok(values);
    },
    format(values) {
      if (!options.oneLine) return values.map(formatElement);
      return values.length === 0 ? [] : [values.map(formatElement).join(', ')];
    },
  };
}

export function lineHeader<E>(
  name: string,
  parseElement: (text: string) => Parsed<E>,
  formatElement: (value: E) => string,
): HeaderDefinition<readonly E[]> {
  return {
    name,
    key: headerKey(name),
    parse(lines) {
      const values: E[] = [];
      for (const line of lines) {
        const value = parseElement(line);
        if (!value.ok) return value;
        values.push(value.value);
      }
      return ok(values);
    },
    format: (values) => values.map(formatElement),
  };
}
