import { isToken, isWhitespace, trimWhitespace } from '../grammar/char-classes.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { parseError, type SipParseError } from './parse-error.ts';
import type { SipLimits } from './sip-limits.ts';

export interface HeaderSection {
  readonly startLine: string;
  readonly fields: HeaderField[];
}

/**
 * Splits the text from the start line to the empty line into the start line and header fields
 * (RFC 3261 §7.3). Lines end in CRLF; a bare LF is accepted too (RFC 5118's messages use it). A
 * line starting with SP or HTAB continues the previous field, and the fold becomes a single SP
 * (§7.3.1). Names must be tokens; "HCOLON = *( SP / HTAB ) ":" SWS" allows whitespace before the
 * colon ("Via  : ...", RFC 4475 §3.1.1.1).
 */
export function splitHeaderSection(text: string, limits: SipLimits): HeaderSection | SipParseError {
  let startLine: string | undefined;
  const fields: { name: string; value: string }[] = [];
  let pos = 0;
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    const end = newline < 0 ? text.length : newline;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (lineEnd - pos > limits.maxLineLength) {
      return parseError('line_too_long', `a line is longer than ${limits.maxLineLength} characters`);
    }
    const lineStart = pos;
    pos = end + 1;
    if (startLine === undefined) {
      startLine = text.slice(lineStart, lineEnd);
      continue;
    }
    if (lineEnd === lineStart) break;
    if (isWhitespace(text.charCodeAt(lineStart))) {
      const last = fields[fields.length - 1];
      if (!last) return parseError('bad_header_line', 'a continuation line follows the start line');
      const more = trimWhitespace(text.slice(lineStart, lineEnd));
      if (more !== '') last.value = last.value === '' ? more : `${last.value} ${more}`;
      continue;
    }
    const colon = text.indexOf(':', lineStart);
    const name = colon < 0 || colon >= lineEnd ? '' : trimWhitespace(text.slice(lineStart, colon));
    if (!isToken(name)) {
      return parseError('bad_header_line', `not a header line: "${text.slice(lineStart, Math.min(lineEnd, lineStart + 40))}"`);
    }
    if (fields.length === limits.maxHeaderFields) {
      return parseError('too_many_headers', `more than ${limits.maxHeaderFields} header fields`);
    }
    fields.push({ name, value: trimWhitespace(text.slice(colon + 1, lineEnd)) });
  }
  return { startLine: startLine ?? '', fields };
}
