import { HEADER, PARAM, PASSWORD, USER } from '../grammar/char-classes.ts';
import { encodeComponent } from './percent-encoding.ts';
import type { SipUri, TelUri, Uri, UriParams } from './uri.ts';

/** The text of a URI, with every component escaped where its grammar requires (RFC 3261 §19.1.2). */
export function formatUri(uri: Uri): string {
  switch (uri.kind) {
    case 'sip':
      return formatSipUri(uri);
    case 'tel':
      return formatTelUri(uri);
    case 'absolute':
      return `${uri.scheme}:${uri.value}`;
  }
}

function formatSipUri(uri: SipUri): string {
  let out = uri.scheme + ':';
  if (uri.user !== undefined) {
    out += encodeComponent(uri.user, USER);
    if (uri.password !== undefined) out += ':' + encodeComponent(uri.password, PASSWORD);
    out += '@';
  }
  out += uri.host;
  if (uri.port !== undefined) out += ':' + uri.port;
  out += formatUriParams(uri.params);
  if (uri.headers.size > 0) {
    const pairs: string[] = [];
    for (const [name, value] of uri.headers) pairs.push(`${encodeComponent(name, HEADER)}=${encodeComponent(value, HEADER)}`);
    out += '?' + pairs.join('&');
  }
  return out;
}

function formatTelUri(uri: TelUri): string {
  // "#" is not a paramchar: it is a fragment delimiter in URIs and travels as %23 (RFC 3966 §3).
  return 'tel:' + encodeComponent(uri.number, PARAM) + formatUriParams(uri.params);
}

function formatUriParams(params: UriParams): string {
  let out = '';
  for (const [name, value] of params) {
    out += ';' + encodeComponent(name, PARAM);
    if (value !== null) out += '=' + encodeComponent(value, PARAM);
  }
  return out;
}
