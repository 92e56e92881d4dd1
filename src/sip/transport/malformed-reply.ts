import { headerKey } from '../headers/header-name.ts';
import { parseErrorStatus, type SipParseError } from '../message/parse-error.ts';
import { defaultReason } from '../message/status-reasons.ts';

/** The headers a response must echo (§8.2.6.2), copied raw: they may be what failed to parse. */
const echoed = new Set(['via', 'from', 'to', 'call-id', 'cseq']);

/**
 * The bytes of the 400 (or 513) a broken request is answered with (RFC 3261 §8.2, §21.4.1), or
 * undefined when nothing should be sent (a broken response is dropped, §18.1.2; so is a message
 * whose start line is unreadable). The raw Via, From, To, Call-ID and CSeq lines are echoed as
 * received, and the reason phrase names the problem, as §21.4.1 suggests.
 */
export function malformedReply(error: SipParseError): Buffer | undefined {
  const status = parseErrorStatus(error);
  const fields = error.context?.fields;
  if (status === undefined || fields === undefined) return undefined;
  if (!fields.some((field) => headerKey(field.name) === 'via')) return undefined;
  const detail = error.reason.replace(/[\r\n\0]+/g, ' ').slice(0, 120);
  let text = `SIP/2.0 ${status} ${defaultReason(status)} (${detail})\r\n`;
  for (const field of fields) {
    if (echoed.has(headerKey(field.name))) text += `${field.name}: ${field.value}\r\n`;
  }
  text += 'Content-Length: 0\r\n\r\n';
  return Buffer.from(text, 'utf8');
}
