import { parseCallId } from './call-id.ts';
import { formatChallenge, parseChallenge } from './challenge.ts';
import { contactDefinition } from './contact.ts';
import { formatCredentials, parseCredentials } from './credentials.ts';
import { formatCSeq, parseCSeq } from './cseq.ts';
import { lineHeader, listHeader, singleHeader, type HeaderDefinition } from './header-definition.ts';
import { formatMediaType, parseMediaType } from './media-type.ts';
import { formatNameAddr, parseNameAddr } from './name-addr.ts';
import { formatInteger, parseContentLength, parseDeltaSeconds, parseMaxForwards } from './numeric-headers.ts';
import { formatReason, parseReason } from './reason.ts';
import { formatSipDate, parseSipDate } from './sip-date.ts';
import { formatToken, parseTokenElement } from './token-list.ts';
import { formatVia, parseVia } from './via.ts';

const tokenList = (name: string) => listHeader(name, parseTokenElement, formatToken, { allowEmpty: true, oneLine: true });

/**
 * The headers this layer reads as typed values, by canonical name. `SipMessage#header(name)` returns
 * `TypedHeaderValue<name>`; every other header is available as raw text.
 */
export const typedHeaders = {
  Via: listHeader('Via', parseVia, formatVia),
  From: singleHeader('From', parseNameAddr, formatNameAddr),
  To: singleHeader('To', parseNameAddr, formatNameAddr),
  'Call-ID': singleHeader('Call-ID', parseCallId, (value: string) => value),
  CSeq: singleHeader('CSeq', parseCSeq, formatCSeq),
  'Max-Forwards': singleHeader('Max-Forwards', parseMaxForwards, formatInteger),
  'Content-Length': singleHeader('Content-Length', parseContentLength, formatInteger),
  'Content-Type': singleHeader('Content-Type', parseMediaType, formatMediaType),
  Contact: contactDefinition,
  Route: listHeader('Route', parseNameAddr, formatNameAddr),
  'Record-Route': listHeader('Record-Route', parseNameAddr, formatNameAddr),
  'P-Asserted-Identity': listHeader('P-Asserted-Identity', parseNameAddr, formatNameAddr),
  Authorization: lineHeader('Authorization', parseCredentials, formatCredentials),
  'Proxy-Authorization': lineHeader('Proxy-Authorization', parseCredentials, formatCredentials),
  'WWW-Authenticate': lineHeader('WWW-Authenticate', parseChallenge, formatChallenge),
  'Proxy-Authenticate': lineHeader('Proxy-Authenticate', parseChallenge, formatChallenge),
  Reason: listHeader('Reason', parseReason, formatReason),
  Allow: tokenList('Allow'),
  Supported: tokenList('Supported'),
  Require: tokenList('Require'),
  'Proxy-Require': tokenList('Proxy-Require'),
  Unsupported: tokenList('Unsupported'),
  Accept: listHeader('Accept', parseMediaType, formatMediaType, { allowEmpty: true, oneLine: true }),
  Expires: singleHeader('Expires', parseDeltaSeconds, formatInteger),
  'Min-Expires': singleHeader('Min-Expires', parseDeltaSeconds, formatInteger),
  Date: singleHeader('Date', parseSipDate, formatSipDate),
} as const;

export type TypedHeaderName = keyof typeof typedHeaders;

export type TypedHeaderValue<N extends TypedHeaderName> = (typeof typedHeaders)[N] extends HeaderDefinition<infer T> ? T : never;

/** The definition of a typed header by its canonical name. */
export function headerDefinition<N extends TypedHeaderName>(name: N): HeaderDefinition<TypedHeaderValue<N>> {
  return typedHeaders[name] as unknown as HeaderDefinition<TypedHeaderValue<N>>;
}
