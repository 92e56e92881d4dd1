import { headerKey } from '../headers/header-name.ts';
import type { SipMessage } from './sip-message.ts';

/**
 * The bytes of a message (RFC 3261 §7): start line, every header field in order as stored (so
 * unknown headers pass through unchanged), the empty line, the body. Content-Length is always
 * written and always the body's length — a stream needs it (§18.3) and it is cheap insurance on a
 * datagram — in place of the first Content-Length line if there was one.
 */
export function serializeMessage(message: SipMessage): Buffer {
  const body = message.body;
  let head =
    message.kind === 'request'
      ? `${message.method} ${message.uriText} ${message.version}\r\n`
      : `${message.version} ${message.status} ${message.reason}\r\n`;
  let wroteLength = false;
  for (const field of message.fields()) {
    if (headerKey(field.name) === 'content-length') {
      if (!wroteLength) head += `${field.name}: ${body.length}\r\n`;
      wroteLength = true;
      continue;
    }
    head += `${field.name}: ${field.value}\r\n`;
  }
  if (!wroteLength) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  if (body.length === 0) return Buffer.from(head, 'utf8');
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + body.length);
  out.write(head, 0, 'utf8');
  body.copy(out, headLength);
  return out;
}
