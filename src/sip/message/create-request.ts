import type { ContactHeader } from '../headers/contact.ts';
import { formatCSeq } from '../headers/cseq.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { formatNameAddr, type NameAddr } from '../headers/name-addr.ts';
import { formatVia, type Via } from '../headers/via.ts';
import { contactDefinition } from '../headers/contact.ts';
import type { Uri } from '../uri/uri.ts';
import { typedHeaders } from '../headers/typed-headers.ts';
import { HeaderList } from './header-list.ts';
import { SipRequest } from './sip-request.ts';

export interface RequestOptions {
  readonly method: string;
  readonly uri: Uri;
  /** Top first. */
  readonly via: Via | readonly Via[];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: number;
  /** Defaults to 70 (RFC 3261 §8.1.1.6). */
  readonly maxForwards?: number;
  readonly route?: readonly NameAddr[];
  readonly contact?: ContactHeader | NameAddr;
  /** More header fields, written after the ones above in order. */
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer | string;
  readonly contentType?: string;
}

/**
 * A new request with the header fields RFC 3261 §8.1.1 requires, in the conventional order. The CSeq
 * method is the request's. Throws `SipMessageError` when a value does not make a valid header (an
 * out-of-range CSeq or Max-Forwards, a malformed Call-ID).
 */
export function createRequest(options: RequestOptions): SipRequest {
  const vias = Array.isArray(options.via) ? (options.via as readonly Via[]) : [options.via as Via];
  const fields: HeaderField[] = vias.map((value) => ({ name: 'Via', value: formatVia(value) }));
  fields.push({ name: 'Max-Forwards', value: String(options.maxForwards ?? 70) });
  for (const route of options.route ?? []) fields.push({ name: 'Route', value: formatNameAddr(route) });
  fields.push({ name: 'From', value: formatNameAddr(options.from) });
  fields.push({ name: 'To', value: formatNameAddr(options.to) });
  fields.push({ name: 'Call-ID', value: options.callId });
  fields.push({ name: 'CSeq', value: formatCSeq({ seq: options.cseq, method: options.method }) });
  if (options.contact !== undefined) {
    const contact: ContactHeader = options.contact === '*' || Array.isArray(options.contact) ? options.contact : [options.contact as NameAddr];
    for (const value of contactDefinition.format(contact)) fields.push({ name: 'Contact', value });
  }
  if (options.headers) fields.push(...options.headers);
  // Via, From and To were just formatted from these (already typed) values: seed them rather than
  // parse them back. CSeq, Call-ID and Max-Forwards are parsed, which also checks their ranges.
  const list = new HeaderList(fields);
  list.seed(typedHeaders.Via, vias);
  list.seed(typedHeaders.From, options.from);
  list.seed(typedHeaders.To, options.to);
  const request = new SipRequest({ method: options.method, uri: options.uri, headers: list });
  request.setBody(options.body ?? Buffer.alloc(0), options.contentType);
  return request;
}
