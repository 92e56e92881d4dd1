/**
 * ringroute's SIP message layer: typed requests and responses, a parser that never throws, a
 * serializer, URIs and the headers call control needs. It knows nothing of the rest of ringroute.
 */

// Messages
export { SipRequest, type SipRequestInit } from './message/sip-request.ts';
export { SipResponse, type SipResponseInit } from './message/sip-response.ts';
export type { SipMessage } from './message/sip-message.ts';
export { parseMessage, type ParseOptions, type ParseResult } from './message/parse-message.ts';
export { serializeMessage } from './message/serialize-message.ts';
export { createRequest, type RequestOptions } from './message/create-request.ts';
export { createResponse, type ResponseOptions } from './message/create-response.ts';
export { defaultReason } from './message/status-reasons.ts';
export { defaultSipLimits, type SipLimits } from './message/sip-limits.ts';
export {
  SipMessageError,
  parseErrorStatus,
  type ParseErrorContext,
  type SipParseError,
  type SipParseErrorCode,
} from './message/parse-error.ts';
export { StreamFramer, type FramerEvent } from './stream-framer.ts';

// Validation
export { validateRequest, type RequestCheck, type RequestPolicy } from './validation/validate-request.ts';
export { validateResponse, type ResponseCheck, type ResponsePolicy } from './validation/validate-response.ts';

// Headers
export type { HeaderField } from './headers/header-field.ts';
export { canonicalHeaderName, headerKey } from './headers/header-name.ts';
export { typedHeaders, headerDefinition, type TypedHeaderName, type TypedHeaderValue } from './headers/typed-headers.ts';
export type { HeaderDefinition } from './headers/header-definition.ts';
export { nameAddr, parseNameAddr, formatNameAddr, type NameAddr } from './headers/name-addr.ts';
export { via, parseVia, formatVia, isRfc3261Branch, branchMagicCookie, type Via } from './headers/via.ts';
export { parseCSeq, formatCSeq, type CSeq } from './headers/cseq.ts';
export { parseCallId } from './headers/call-id.ts';
export type { ContactHeader } from './headers/contact.ts';
export { parseMediaType, formatMediaType, mediaTypeName, mediaRangeAccepts, type MediaType } from './headers/media-type.ts';
export { parseChallenge, formatChallenge, type Challenge, type DigestChallenge, type OtherChallenge } from './headers/challenge.ts';
export {
  parseCredentials,
  formatCredentials,
  type Credentials,
  type DigestCredentials,
  type OtherCredentials,
} from './headers/credentials.ts';
export { reason, parseReason, formatReason, type Reason } from './headers/reason.ts';
export { parseSipDate, formatSipDate } from './headers/sip-date.ts';
export { type HeaderParams, noParams } from './grammar/header-params.ts';
export { quoteString, unquote } from './grammar/quoted-string.ts';
export type { Parsed } from './grammar/result.ts';

// URIs
export { sipUri, type SipUri, type TelUri, type AbsoluteUri, type Uri, type UriParams } from './uri/uri.ts';
export { parseUri } from './uri/parse-uri.ts';
export { formatUri } from './uri/format-uri.ts';
export { uriEquals } from './uri/uri-equals.ts';
export { classifyHost, hostAddress, formatHost, canonicalIpv6, isIpv4, isIpv6, type HostKind } from './uri/host.ts';
