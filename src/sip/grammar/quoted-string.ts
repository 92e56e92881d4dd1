/**
 * quoted-string (RFC 3261 §25.1):
 *
 *   quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
 *   qdtext        = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
 *   quoted-pair   = "\" (%x00-09 / %x0B-0C / %x0E-7F)
 *
 * Display names, Reason text and digest parameters use it; the values this layer hands out are
 * decoded (quotes removed, quoted-pairs resolved).
 */

/**
 * Reads the quoted-string that starts at `start` (which must hold the opening DQUOTE). Returns the
 * decoded content and the index after the closing DQUOTE, or undefined when it is unterminated or
 * holds a character the grammar forbids (a bare control character).
 */
export function readQuotedString(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let runStart = start + 1;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return { value: value + text.slice(runStart, i), end: i + 1 };
    if (c === 0x5c) {
      if (i + 1 >= text.length) return undefined;
      const next = text.charCodeAt(i + 1);
      // quoted-pair excludes CR and LF and stops at %x7F; UTF-8 is not escapable either.
      if (next === 0x0a || next === 0x0d || next > 0x7f) return undefined;
      value += text.slice(runStart, i) + text[i + 1];
      i++;
      runStart = i + 1;
      continue;
    }
    // qdtext allows SP and HTAB (LWS) but no other control character.
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return undefined;
  }
  return undefined;
}

/**
 * Encodes `value` as a quoted-string. CR and LF cannot be carried by a quoted-string at all (not
 * even as a quoted-pair), so they become spaces: a display name taken from user data can then never
 * inject a header line.
 */
export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) out += ' ';
    else if (c === 0x22 || c === 0x5c || (c < 0x20 && c !== 0x09) || c === 0x7f) out += '\\' + value[i];
    else out += value[i];
  }
  return out + '"';
}

/** The decoded content of `raw` if it is a complete quoted-string, else `raw` itself. */
export function unquote(raw: string): string {
  if (raw.length >= 2 && raw.charCodeAt(0) === 0x22) {
    const read = readQuotedString(raw, 0);
    if (read && read.end === raw.length) return read.value;
  }
  return raw;
}
