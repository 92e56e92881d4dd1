/**
 * The outcome of parsing one value: the value, or why the text is not one. Parsers in this layer
 * return it instead of throwing, so a hostile message costs no stack trace and never escapes as an
 * exception.
 */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
