/**
 * Character classes of the SIP grammar (RFC 3261 §25.1), as one lookup table of bit flags so that
 * the parser tests a character with an array read and a mask instead of a regular expression.
 * Only ASCII is classified; every code unit above 0x7f is in no class (UTF8-NONASCII is handled
 * where the grammar allows it: quoted strings, reason phrases, TEXT-UTF8).
 */

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = 1;
/** unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")" */
export const UNRESERVED = 2;
/** user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
export const USER = 4;
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const PASSWORD = 8;
/** paramchar = param-unreserved / unreserved / escaped; param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$" */
export const PARAM = 16;
/** hname / hvalue = *( hnv-unreserved / unreserved / escaped ); hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$" */
export const HEADER = 32;
/** word (Call-ID) = token characters plus "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}" */
export const WORD = 64;
/** ALPHA / DIGIT */
export const ALPHANUM = 128;

const table = new Uint8Array(128);

function mark(chars: string, flags: number): void {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)]! |= flags;
}

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
mark(alnum, ALPHANUM | TOKEN | UNRESERVED | USER | PASSWORD | PARAM | HEADER | WORD);
mark("-_.!~*'()", UNRESERVED | USER | PASSWORD | PARAM | HEADER);
mark("-.!%*_+`'~", TOKEN | WORD);
mark('()<>:\\"/[]?{}', WORD);
mark('&=+$,;?/', USER);
mark('&=+$,', PASSWORD);
mark('[]/:&+$', PARAM);
mark('[]/?:+$', HEADER);

/** Whether the UTF-16 code unit `code` is in every class of `flags`. */
export function isIn(code: number, flags: number): boolean {
  return code < 128 && (table[code]! & flags) === flags;
}

/** Whether `text` is non-empty and every character is in `flags`. */
export function isAll(text: string, flags: number): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (table[c]! & flags) !== flags) return false;
  }
  return true;
}

/** token (RFC 3261 §25.1): methods, header names, parameter names, option tags, transports. */
export function isToken(text: string): boolean {
  return isAll(text, TOKEN);
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAllDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

export function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

export function isAlpha(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** SP or HTAB: the WSP of LWS once folded lines have been joined (RFC 3261 §25.1). */
export function isWhitespace(code: number): boolean {
  return code === 32 || code === 9;
}

/** `text` without leading and trailing SP/HTAB (String#trim would also eat other Unicode spaces). */
export function trimWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Whether `text` holds a control character other than HTAB (C0 controls and DEL). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}
