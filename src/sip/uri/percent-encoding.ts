import { isHexDigit, isIn } from '../grammar/char-classes.ts';

/**
 * %-escaping of URI components (RFC 3261 §19.1.2, §25.1 `escaped = "%" HEXDIG HEXDIG`).
 *
 * A component is decoded once, when the URI is parsed: `sip:%75se%72@example.com` has the user
 * `user` (RFC 4475 §3.1.1.3), and `sip:null-%00-null@example.com` has a user with a NUL in it
 * (§3.1.1.4). Escaped octets are read as UTF-8. On output a component is escaped again wherever
 * its grammar requires it.
 */

/**
 * Checks that every character of `text` is in `allowed` or is part of a well-formed escape, and
 * returns the decoded text; undefined when a character is not allowed or an escape is malformed.
 */
export function decodeComponent(text: string, allowed: number): string | undefined {
  let hasEscape = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      if (i + 2 >= text.length || !isHexDigit(text.charCodeAt(i + 1)) || !isHexDigit(text.charCodeAt(i + 2))) {
        return undefined;
      }
      hasEscape = true;
      i += 2;
    } else if (!isIn(c, allowed)) {
      return undefined;
    }
  }
  return hasEscape ? unescapeOctets(text) : text;
}

function unescapeOctets(text: string): string {
  const bytes: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    if (bytes.length > 0) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
    out += text[i];
  }
  if (bytes.length > 0) out += Buffer.from(bytes).toString('utf8');
  return out;
}

const hex = '0123456789ABCDEF';

/** Escapes every character of `text` that is not in `allowed` (as the %-escapes of its UTF-8 octets). */
export function encodeComponent(text: string, allowed: number): string {
  let clean = true;
  for (let i = 0; i < text.length; i++) {
    if (!isIn(text.charCodeAt(i), allowed)) {
      clean = false;
      break;
    }
  }
  if (clean) return text;
  let out = '';
  for (const char of text) {
    const c = char.charCodeAt(0);
    if (char.length === 1 && isIn(c, allowed)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) out += '%' + hex[byte >> 4]! + hex[byte & 15]!;
  }
  return out;
}
