import type { HeaderField } from '../headers/header-field.ts';
import { mediaRangeAccepts, mediaTypeName } from '../headers/media-type.ts';
import { branchMagicCookie } from '../headers/via.ts';
import type { SipRequest } from '../message/sip-request.ts';
import { findMalformedHeader } from './malformed-header.ts';

/** What the receiving element supports. Every field has a default. */
export interface RequestPolicy {
  /** Methods it implements; another gets 501 with Allow (RFC 3261 §8.2.1). Default: RFC 3261's six. */
  readonly methods?: readonly string[];
  /** Option tags it supports; a Require naming another gets 420 with Unsupported (§8.2.2.3). Default: none. */
  readonly extensions?: readonly string[];
  /** Request-URI schemes it serves; another gets 416 (§8.2.2.1). Default: sip, sips, tel. */
  readonly uriSchemes?: readonly string[];
  /** Body types it accepts; another gets 415 with Accept (§8.2.3). Default: application/sdp. */
  readonly contentTypes?: readonly string[];
  /** Body types it answers an INVITE or UPDATE with; an Accept admitting none gets 406. Default: application/sdp. */
  readonly answerTypes?: readonly string[];
  /** Authorization schemes it verifies; credentials only in others get 401/407 (§22). Default: Digest. */
  readonly authSchemes?: readonly string[];
  /** Whether Max-Forwards 0 is answered 483, as a proxy or B2BUA must (§16.3 step 3). Default: true. */
  readonly checkMaxForwards?: boolean;
}

/**
 * Either the request may be processed, or the response it must get: the status, why (for logs or a
 * Warning), and the header fields that response must carry (Allow, Unsupported, Accept...).
 */
export type RequestCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly reason: string; readonly headers: readonly HeaderField[] };

const rfc3261Methods = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER'];
const sdp = ['application/sdp'];

function reject(status: number, reason: string, headers: readonly HeaderField[] = []): RequestCheck {
  return { ok: false, status, reason, headers };
}

/**
 * The checks a UAS (or a B2BUA's UAS side) makes before acting on a parsed request (RFC 3261 §8.2,
 * §16.3), in the RFC's order, each answering as RFC 4475 §3.1.2–§3.3 asks: an unsupported version
 * 505, a malformed header 400, an unknown method 501, a CSeq method mismatch 400, Max-Forwards 0
 * 483, an unsupported URI scheme 416, an unknown required extension 420, an unsupported body 415,
 * credentials in an unknown scheme 401/407, an unsatisfiable Accept 406. Never throws.
 */
export function validateRequest(request: SipRequest, policy: RequestPolicy = {}): RequestCheck {
  const methods = policy.methods ?? rfc3261Methods;

  // §8.2 (and RFC 4475 §3.1.2.16): only SIP/2.0 is understood.
  if (request.version !== 'SIP/2.0') return reject(505, `${request.version} is not supported`);

  const malformed = findMalformedHeader(request);
  if (malformed) return reject(400, `bad ${malformed.header}: ${malformed.reason}`);

  // RFC 4475 §3.2.1: a branch that is only the magic cookie claims RFC 3261 transaction matching
  // but gives no identifier to match on.
  if (request.topVia.branch === branchMagicCookie) return reject(400, 'the branch has the magic cookie but no identifier');

  // §8.2.1: an unknown method is 501 — before the CSeq comparison, as RFC 4475 §3.1.2.18 prefers.
  if (!methods.includes(request.method)) {
    return reject(501, `${request.method} is not implemented`, [{ name: 'Allow', value: methods.join(', ') }]);
  }
  // §8.1.1.5 and RFC 4475 §3.1.2.17: the CSeq method is the request's.
  if (request.cseq.method !== request.method) {
    return reject(400, `the CSeq method ${request.cseq.method} does not match ${request.method}`);
  }

  if ((policy.checkMaxForwards ?? true) && request.maxForwards === 0) return reject(483, 'Max-Forwards is 0');

  const schemes = policy.uriSchemes ?? ['sip', 'sips', 'tel'];
  const scheme = request.uri.kind === 'tel' ? 'tel' : request.uri.scheme;
  if (!schemes.includes(scheme)) return reject(416, `the ${scheme} URI scheme is not supported`);

  if (request.method === 'REGISTER') {
    const problem = checkRegister(request);
    if (problem) return problem;
  }

  // §8.2.2.3: ACK and CANCEL are never refused over Require.
  if (request.method !== 'ACK' && request.method !== 'CANCEL') {
    const supported = policy.extensions ?? [];
    const unsupported = request.header('Require').filter((tag) => !supported.includes(tag));
    if (unsupported.length > 0) {
      return reject(420, `unsupported extension ${unsupported.join(', ')}`, [{ name: 'Unsupported', value: unsupported.join(', ') }]);
    }
  }

  const bodyProblem = checkBody(request, policy.contentTypes ?? sdp);
  if (bodyProblem) return bodyProblem;

  const authSchemes = (policy.authSchemes ?? ['Digest']).map((name) => name.toLowerCase());
  for (const [header, status] of [['Authorization', 401], ['Proxy-Authorization', 407]] as const) {
    const credentials = request.header(header);
    const understood = credentials.some((value) => authSchemes.includes(value.kind === 'digest' ? 'digest' : value.scheme.toLowerCase()));
    if (credentials.length > 0 && !understood) return reject(status, `no ${header} in a supported scheme`);
  }

  // RFC 4475 §3.3.15: an INVITE whose Accept admits no type we can answer with (§20.1: an empty
  // Accept admits none).
  if ((request.method === 'INVITE' || request.method === 'UPDATE') && request.hasHeader('Accept')) {
    const ranges = request.header('Accept');
    const answerTypes = policy.answerTypes ?? sdp;
    if (!ranges.some((range) => answerTypes.some((type) => mediaRangeAccepts(range, type)))) {
      return reject(406, 'Accept admits no type the answer could have', [{ name: 'Accept', value: answerTypes.join(', ') }]);
    }
  }
  return { ok: true };
}

/**
 * RFC 3261 §10.2 and §10.3: the address-of-record in To is a SIP or SIPS URI (RFC 4475 §3.3.4 sends
 * an isbn: one; like an unusable Request-URI scheme it is answered 416), and "Contact: *" comes
 * alone with "Expires: 0" (§10.3 step 6).
 */
function checkRegister(request: SipRequest): RequestCheck | undefined {
  if (request.to.uri.kind !== 'sip') return reject(416, 'a REGISTER To must be a SIP or SIPS URI');
  if (request.header('Contact') === '*' && request.header('Expires') !== 0) {
    return reject(400, 'Contact: * needs Expires: 0');
  }
  return undefined;
}

/**
 * §7.4.1: a non-empty body has a Content-Type; §8.2.3: it is one we understand (415 lists what is),
 * and it is not encoded in a way we cannot undo.
 */
function checkBody(request: SipRequest, contentTypes: readonly string[]): RequestCheck | undefined {
  if (request.body.length === 0) return undefined;
  const type = request.header('Content-Type');
  if (!type) return reject(400, 'a body without Content-Type');
  const name = mediaTypeName(type);
  if (!contentTypes.some((accepted) => accepted.toLowerCase() === name)) {
    return reject(415, `${name} bodies are not supported`, [{ name: 'Accept', value: contentTypes.join(', ') }]);
  }
  const encoding = request.rawHeader('Content-Encoding');
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    return reject(415, `${encoding} content encoding is not supported`, [{ name: 'Accept-Encoding', value: 'identity' }]);
  }
  return undefined;
}
