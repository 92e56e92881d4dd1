import { isToken } from '../grammar/char-classes.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { SipResponse } from './sip-response.ts';
import type { SipRequest } from './sip-request.ts';
import { defaultReason } from './status-reasons.ts';

export interface ResponseOptions {
  /** Reason-Phrase; defaults to the conventional one for the code. */
  readonly reason?: string;
  /**
   * The UAS's To tag (RFC 3261 §8.2.6.2): added when the request's To has none, except to a 100.
   * Use the same tag for every response to one request.
   */
  readonly toTag?: string;
  /** More header fields (Contact, Allow, Unsupported, WWW-Authenticate...), appended in order. */
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer | string;
  readonly contentType?: string;
}

/** Methods whose 101–299 responses create a dialog and so carry the Record-Route set (§12.1.1). */
const dialogCreating = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * A response to `request` (RFC 3261 §8.2.6), with a reason phrase or options: Via (every value, in order), From, To, Call-ID and
 * CSeq copied as received; the To tag added; Timestamp echoed in a 100 (§8.2.6.1); Record-Route
 * copied into a response that can create a dialog (§12.1.1). Throws `RangeError` for a status
 * outside 100–699 and `TypeError` for a tag that is not a token.
 */
export function createResponse(request: SipRequest, status: number, reasonOrOptions: string | ResponseOptions = {}): SipResponse {
  const options: ResponseOptions = typeof reasonOrOptions === 'string' ? { reason: reasonOrOptions } : reasonOrOptions;
  const fields: HeaderField[] = [];
  for (const value of request.rawHeaders('Via')) fields.push({ name: 'Via', value });
  if (status > 100 && status < 300 && dialogCreating.has(request.method)) {
    for (const value of request.rawHeaders('Record-Route')) fields.push({ name: 'Record-Route', value });
  }
  fields.push({ name: 'From', value: request.rawHeader('From')! });
  let to = request.rawHeader('To')!;
  if (options.toTag !== undefined && status !== 100 && !request.to.params.has('tag')) {
    if (!isToken(options.toTag)) throw new TypeError(`"${options.toTag}" is not a valid tag`);
    to += `;tag=${options.toTag}`;
  }
  fields.push({ name: 'To', value: to });
  fields.push({ name: 'Call-ID', value: request.callId });
  fields.push({ name: 'CSeq', value: request.rawHeader('CSeq')! });
  const timestamp = request.rawHeader('Timestamp');
  if (status === 100 && timestamp !== undefined) fields.push({ name: 'Timestamp', value: timestamp });
  if (options.headers) fields.push(...options.headers);

  const response = new SipResponse({ status, reason: options.reason ?? defaultReason(status), headers: fields });
  if (options.body !== undefined) response.setBody(options.body, options.contentType);
  return response;
}
