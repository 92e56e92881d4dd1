import { hasControlCharacter, isAllDigits, isToken } from '../grammar/char-classes.ts';
import { parseUri } from '../uri/parse-uri.ts';
import type { Uri } from '../uri/uri.ts';
import { parseError, type SipParseError } from './parse-error.ts';

export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly uri: Uri; readonly uriText: string; readonly version: string }
  | { readonly kind: 'response'; readonly version: string; readonly status: number; readonly reason: string };

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (case-insensitive; written upper-case, §7.1). */
function readVersion(text: string): string | undefined {
  if (text.length < 7 || text.slice(0, 4).toUpperCase() !== 'SIP/') return undefined;
  const dot = text.indexOf('.', 4);
  if (dot < 0 || !isAllDigits(text.slice(4, dot)) || !isAllDigits(text.slice(dot + 1))) return undefined;
  return text.toUpperCase();
}

/**
 * Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 §7.1) — exactly one SP each, so
 * "INVITE  sip:x SIP/2.0", "sip:x; lr" and a trailing space are all malformed (RFC 4475
 * §3.1.2.8–3.1.2.10). Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2), the code
 * being three digits (§3.1.2.19: 4294967301 is not one) and the phrase any UTF-8 text, even empty.
 * Any version parses; `validateRequest` answers an unsupported one with 505 (§3.1.2.16).
 */
export function parseStartLine(line: string): StartLine | SipParseError {
  if (line.slice(0, 4).toUpperCase() === 'SIP/') return parseStatusLine(line);
  const first = line.indexOf(' ');
  const last = line.lastIndexOf(' ');
  if (first <= 0 || last === first) return parseError('bad_start_line', 'not a request line');
  const method = line.slice(0, first);
  if (!isToken(method)) return parseError('bad_start_line', 'the method is not a token');
  const version = readVersion(line.slice(last + 1));
  if (!version) return parseError('bad_start_line', 'no SIP version at the end of the request line');
  const uriText = line.slice(first + 1, last);
  if (uriText === '' || uriText.includes(' ')) {
    return parseError('bad_start_line', 'the request line must have single spaces around the Request-URI');
  }
  const uri = parseUri(uriText);
  if (!uri.ok) return parseError('bad_request_uri', `bad Request-URI: ${uri.reason}`);
  // Headers are not allowed in a Request-URI (RFC 3261 §19.1.1 table; RFC 4475 §3.1.2.11).
  if (uri.value.kind === 'sip' && uri.value.headers.size > 0) {
    return parseError('bad_request_uri', 'a Request-URI cannot carry headers');
  }
  return { kind: 'request', method, uri: uri.value, uriText, version };
}

function parseStatusLine(line: string): StartLine | SipParseError {
  const first = line.indexOf(' ');
  const version = first < 0 ? undefined : readVersion(line.slice(0, first));
  if (!version) return parseError('bad_start_line', 'bad SIP version in the status line');
  const code = line.slice(first + 1, first + 4);
  const after = line.charCodeAt(first + 4);
  if (!isAllDigits(code) || code.length !== 3 || !(Number.isNaN(after) || after === 0x20)) {
    return parseError('bad_start_line', 'the status code must be three digits');
  }
  const status = Number(code);
  if (status < 100 || status > 699) return parseError('bad_start_line', 'the status code must be from 100 to 699');
  const reason = line.slice(first + 5);
  // Reason-Phrase is text: UTF-8, SP and HTAB, but no other control character.
  if (hasControlCharacter(reason)) return parseError('bad_start_line', 'a control character in the reason phrase');
  return { kind: 'response', version, status, reason };
}
