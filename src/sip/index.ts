/**
 * ringroute's SIP stack, a protocol library that knows nothing of the rest of ringroute. Layers, each
 * calling upward only through a delegate interface: messages (typed requests and responses, a parser
 * that never throws, a serializer, URIs, typed headers, validation) → transport (UDP and TCP on one
 * port) → transactions (RFC 3261 §17, RFC 6026) → dialogs (§12); digest authentication (RFC 7616/8760)
 * beside them. See src/sip/README.md.
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

// Clock
export type { Clock, TimerHandle } from './clock/clock.ts';
export { realClock } from './clock/real-clock.ts';
export { VirtualClock } from './clock/virtual-clock.ts';

// Transport
export {
  isReliable,
  type ConnectionId,
  type MessageSource,
  type TransportAddress,
  type TransportProtocol,
} from './transport/transport-address.ts';
export { TransportError, type TransportErrorCode } from './transport/transport-error.ts';
export type { MessageTransport, TransportDelegate } from './transport/message-transport.ts';
export { stampReceived } from './transport/stamp-received.ts';
export { responseTarget } from './transport/response-target.ts';
export { malformedReply } from './transport/malformed-reply.ts';
export { SipTransport, type ListenAddress, type SipTransportOptions } from './transport/sip-transport.ts';
export { SentByRegistry, sentByKey, type SentBy } from './transport/sent-by-registry.ts';
export type { DiscardedResponse, DiscardReason } from './transport/discarded-response.ts';

// Transactions
export { defaultTimerConfig, resolveTimerConfig, type TimerConfig } from './transaction/timer-config.ts';
export { TransactionError, type TransactionErrorCode } from './transaction/transaction-error.ts';
export { serverKey, clientKeyOfRequest, clientKeyOfResponse, type TransactionKey } from './transaction/transaction-key.ts';
export { createCancel } from './transaction/cancel-request.ts';
export { createNon2xxAck } from './transaction/non2xx-ack.ts';
export type { ClientTransactionHandler } from './transaction/client-transaction-handler.ts';
export { ClientInviteTransaction, type ClientInviteState } from './transaction/client-invite-transaction.ts';
export { ClientNonInviteTransaction, type ClientNonInviteState } from './transaction/client-non-invite-transaction.ts';
export { ServerInviteTransaction, type ServerInviteState } from './transaction/server-invite-transaction.ts';
export { ServerNonInviteTransaction, type ServerNonInviteState } from './transaction/server-non-invite-transaction.ts';
export type { ServerTransaction, TransactionUser } from './transaction/transaction-user.ts';
export { TransactionLayer, type ClientTransaction, type TransactionLayerOptions } from './transaction/transaction-layer.ts';

// Dialogs
export { DialogError, type DialogErrorCode } from './dialog/dialog-error.ts';
export { dialogId, dialogIdOfRequest, dialogIdOfResponse, tagOf, type DialogId } from './dialog/dialog-id.ts';
export { requestTarget, isLooseRoute, type RequestTarget } from './dialog/request-target.ts';
export {
  Dialog,
  isTargetRefresh,
  uacRouteSet,
  type DialogInit,
  type DialogOptions,
  type DialogRequestOptions,
  type DialogRole,
  type DialogState,
  type RequestVerdict,
} from './dialog/dialog.ts';
export { createUacDialog, createUasDialog } from './dialog/create-dialog.ts';
export { DialogStore } from './dialog/dialog-store.ts';
export { InviteForks, type ForkOutcome } from './dialog/invite-forks.ts';

// Digest authentication
export {
  digestAlgorithms,
  parseDigestAlgorithm,
  algorithmStrength,
  digestHash,
  type DigestAlgorithm,
} from './auth/digest-algorithm.ts';
export { computeDigestResponse, computeHa1, type DigestResponseInput, type DigestSecret } from './auth/digest-response.ts';
export { NonceSource, type NonceCheck, type NonceSourceOptions } from './auth/nonce-source.ts';
export { NonceCountGuard, type NonceCountCheck } from './auth/nonce-count-guard.ts';
export {
  DigestClientError,
  type DigestClientErrorCode,
  type DigestFailureReason,
  type DigestVerdict,
} from './auth/digest-verdict.ts';
export { DigestServer, type CredentialLookup, type DigestServerOptions } from './auth/digest-server.ts';
export { DigestClientState } from './auth/digest-client-state.ts';
export { answerChallenge, pickChallenges, type DigestUser } from './auth/answer-challenge.ts';
export { authorizeRequest } from './auth/authorize-request.ts';

// Locating the next hop (RFC 3263, A/AAAA subset)
export { nextHop, systemResolver, NextHopError, type HostResolver } from './locate/next-hop.ts';
export { randomHex } from './random-hex.ts';
export { MemoryBindingStore, type Binding, type BindingStore } from './registrar/binding.ts';
export { Registrar, type RegisterOutcome, type RegisterSource, type RegistrarOptions } from './registrar/registrar.ts';
