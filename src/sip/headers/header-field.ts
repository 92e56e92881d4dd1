/**
 * One header field as it travels: its name as written (possibly compact or oddly cased) and its
 * value with folded lines joined by single spaces and the surrounding whitespace removed
 * (RFC 3261 §7.3.1). A message keeps its fields in this form, in order, so that headers it does not
 * understand pass through unchanged.
 */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}
