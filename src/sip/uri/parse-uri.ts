import { ALPHANUM, HEADER, PARAM, PASSWORD, USER, isAlpha, isIn } from '../grammar/char-classes.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { classifyHost, parsePort } from './host.ts';
import { decodeComponent } from './percent-encoding.ts';
import { sipUri, type AbsoluteUri, type SipUri, type TelUri, type Uri } from './uri.ts';

/**
 * Parses an absolute URI: sip:/sips: (RFC 3261 §19.1.1, §25.1), tel: (RFC 3966) or any other
 * scheme, kept opaque. `text` is the URI alone — no angle brackets, no surrounding whitespace.
 */
export function parseUri(text: string): Parsed<Uri> {
  const colon = text.indexOf(':');
  if (colon <= 0) return fail('no URI scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  if (!isScheme(scheme)) return fail(`"${scheme}" is not a URI scheme`);
  const rest = text.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest);
  if (scheme === 'tel') return parseTelUri(rest);
  return parseAbsoluteUri(scheme, rest);
}

/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
function isScheme(text: string): boolean {
  if (!isAlpha(text.charCodeAt(0))) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isIn(c, ALPHANUM) && c !== 0x2b && c !== 0x2d && c !== 0x2e) return false;
  }
  return true;
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string): Parsed<SipUri> {
  let user: string | undefined;
  let password: string | undefined;
  let i = 0;
  // "@" can appear nowhere else unescaped (not in params, not in headers), so the first one ends
  // the userinfo — even when the user holds ";" "?" "/" "," (RFC 4475 §3.1.1.2, §3.1.1.10).
  const at = rest.indexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    user = decodeComponent(colon >= 0 ? userinfo.slice(0, colon) : userinfo, USER);
    if (user === undefined || user === '') return fail('bad user part');
    if (colon >= 0) {
      password = decodeComponent(userinfo.slice(colon + 1), PASSWORD);
      if (password === undefined) return fail('bad password');
    }
    i = at + 1;
  }

  let host: string;
  if (rest.charCodeAt(i) === 0x5b) {
    const close = rest.indexOf(']', i);
    if (close < 0) return fail('unterminated IPv6 reference');
    host = rest.slice(i, close + 1);
    i = close + 1;
  } else {
    const start = i;
    while (i < rest.length && !isHostEnd(rest.charCodeAt(i))) i++;
    host = rest.slice(start, i);
  }
  if (!classifyHost(host)) return fail(`bad host "${host}"`);

  let port: number | undefined;
  if (rest.charCodeAt(i) === 0x3a) {
    const start = i + 1;
    i = start;
    while (i < rest.length && rest.charCodeAt(i) !== 0x3b && rest.charCodeAt(i) !== 0x3f) i++;
    port = parsePort(rest.slice(start, i));
    if (port === undefined) return fail('bad port');
  }

  // Most URIs have no parameters or headers: their maps are only made when needed.
  let params: Map<string, string | null> | undefined;
  while (rest.charCodeAt(i) === 0x3b) {
    const start = i + 1;
    i = start;
    while (i < rest.length && rest.charCodeAt(i) !== 0x3b && rest.charCodeAt(i) !== 0x3f) i++;
    const param = readParam(rest.slice(start, i));
    if (!param) return fail('bad URI parameter');
    params ??= new Map();
    if (!params.has(param[0])) params.set(param[0], param[1]);
  }

  let headers: Map<string, string> | undefined;
  if (rest.charCodeAt(i) === 0x3f) {
    headers = new Map();
    for (const pair of rest.slice(i + 1).split('&')) {
      const eq = pair.indexOf('=');
      const name = eq >= 0 ? decodeComponent(pair.slice(0, eq), HEADER) : undefined;
      const value = eq >= 0 ? decodeComponent(pair.slice(eq + 1), HEADER) : undefined;
      if (!name || value === undefined) return fail('bad URI header');
      if (!headers.has(name)) headers.set(name, value);
    }
    i = rest.length;
  }
  if (i !== rest.length) return fail('unexpected characters after the host');
  return ok(sipUri({ scheme, user, password, host, port, params, headers }));
}

function isHostEnd(code: number): boolean {
  return code === 0x3a || code === 0x3b || code === 0x3f;
}

/** pname [ "=" pvalue ], both 1*paramchar; the name is lower-cased. */
function readParam(text: string): [string, string | null] | undefined {
  const eq = text.indexOf('=');
  const name = decodeComponent(eq >= 0 ? text.slice(0, eq) : text, PARAM);
  if (!name) return undefined;
  if (eq < 0) return [name.toLowerCase(), null];
  const value = decodeComponent(text.slice(eq + 1), PARAM);
  return value ? [name.toLowerCase(), value] : undefined;
}

/**
 * telephone-subscriber (RFC 3966 §3): a global number ("+" then digits and visual separators) or a
 * local number (hex digits, "*", "#" and separators), then ";name=value" parameters.
 */
function parseTelUri(rest: string): Parsed<TelUri> {
  const semi = rest.indexOf(';');
  const number = decodeComponent(semi >= 0 ? rest.slice(0, semi) : rest, PARAM);
  if (!number || !isTelNumber(number)) return fail('bad telephone number');
  const params = new Map<string, string | null>();
  if (semi >= 0) {
    for (const text of rest.slice(semi + 1).split(';')) {
      const param = readParam(text);
      if (!param) return fail('bad tel URI parameter');
      if (!params.has(param[0])) params.set(param[0], param[1]);
    }
  }
  return ok({ kind: 'tel', number, params });
}

function isTelNumber(number: string): boolean {
  const global = number.charCodeAt(0) === 0x2b;
  let digits = 0;
  for (let i = global ? 1 : 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!global && ((c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 0x2a || c === 0x23)) digits++;
    else if (c !== 0x2d && c !== 0x2e && c !== 0x28 && c !== 0x29) return false;
  }
  return digits > 0;
}

/** Any other scheme: kept as written, provided it holds no whitespace, controls, quotes or <>. */
function parseAbsoluteUri(scheme: string, value: string): Parsed<AbsoluteUri> {
  if (value.length === 0) return fail('empty URI');
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x22 || c === 0x3c || c === 0x3e) return fail('bad character in URI');
  }
  return ok({ kind: 'absolute', scheme, value });
}
