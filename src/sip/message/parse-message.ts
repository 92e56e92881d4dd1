import { isToken } from '../grammar/char-classes.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { typedHeaders } from '../headers/typed-headers.ts';
import { checkCoreHeaders } from './core-headers.ts';
import { HeaderList } from './header-list.ts';
import { splitHeaderSection } from './header-section.ts';
import { parseError, type ParseErrorContext, type SipParseError } from './parse-error.ts';
import type { SipMessage } from './sip-message.ts';
import { resolveLimits, type SipLimits } from './sip-limits.ts';
import { SipRequest } from './sip-request.ts';
import { SipResponse } from './sip-response.ts';
import { parseStartLine } from './start-line.ts';

export type ParseResult = { readonly ok: true; readonly message: SipMessage } | { readonly ok: false; readonly error: SipParseError };

export interface ParseOptions {
  readonly limits?: Partial<SipLimits>;
}

const LF = 0x0a;
const CR = 0x0d;
const LFLF = Buffer.from('\n\n');
const LFCRLF = Buffer.from('\n\r\n');

/**
 * Parses one whole message — a UDP datagram, or a frame the `StreamFramer` cut from a stream.
 * Never throws: whatever the bytes, the result is a message or a typed error.
 *
 * - Line breaks before the start line are skipped (RFC 3261 §7.5).
 * - The header section ends at the first empty line. A datagram that ends right after a header
 *   line, without one, is taken to end its header section there (two of RFC 5118's valid messages
 *   are written that way).
 * - With Content-Length the body is that many bytes: fewer is `content_length_mismatch`, and bytes
 *   beyond it are discarded (§18.3; RFC 4475 §3.1.1.8). Without it the body is the rest of the
 *   datagram (§18.3, RFC 2543 peers: RFC 4475 §3.4.1).
 * - The body is a view into `bytes`, not a copy.
 */
export function parseMessage(bytes: Uint8Array, options: ParseOptions = {}): ParseResult {
  const limits = resolveLimits(options.limits);
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length > limits.maxMessageBytes) {
    return failure(parseError('too_large', `the message is larger than ${limits.maxMessageBytes} bytes`));
  }
  let start = 0;
  while (start < buffer.length && (buffer[start] === CR || buffer[start] === LF)) start++;
  if (start === buffer.length) return failure(parseError('empty_message', 'no message, only line breaks'));

  // The empty line ends the header section: the first LF followed by LF or by CRLF.
  let headerEnd = buffer.length;
  let bodyStart = buffer.length;
  const bare = buffer.indexOf(LFLF, start);
  const crlf = buffer.indexOf(LFCRLF, start);
  if (crlf >= 0 && (bare < 0 || crlf < bare)) {
    headerEnd = crlf + 1;
    bodyStart = crlf + 3;
  } else if (bare >= 0) {
    headerEnd = bare + 1;
    bodyStart = bare + 2;
  }

  const section = splitHeaderSection(buffer.toString('utf8', start, headerEnd), limits);
  if ('code' in section) return failure(section);
  const context = errorContext(section.startLine, section.fields);
  const startLine = parseStartLine(section.startLine);
  if ('code' in startLine) return failure({ ...startLine, context });
  const headers = new HeaderList(section.fields);
  const problem = checkCoreHeaders(headers, context);
  if (problem) return failure(problem);

  const declared = headers.typed(typedHeaders['Content-Length']);
  const available = buffer.length - bodyStart;
  let body = buffer.subarray(bodyStart);
  if (declared.ok && declared.value !== undefined) {
    if (declared.value > available) {
      return failure(
        parseError('content_length_mismatch', `Content-Length is ${declared.value} but ${available} bytes follow`, {
          header: 'Content-Length',
          context,
        }),
      );
    }
    body = buffer.subarray(bodyStart, bodyStart + declared.value);
  }

  const message =
    startLine.kind === 'request'
      ? new SipRequest({ method: startLine.method, uri: startLine.uri, uriText: startLine.uriText, version: startLine.version, headers, body })
      : new SipResponse({ status: startLine.status, reason: startLine.reason, version: startLine.version, headers, body });
  return { ok: true, message };
}

/**
 * What a broken message was, judged from its first word, so that even a request with a malformed
 * Request-URI can be answered 400 (RFC 4475 §3.1.2.7–3.1.2.11) while a broken response is dropped.
 */
function errorContext(startLine: string, fields: readonly HeaderField[]): ParseErrorContext | undefined {
  if (startLine.slice(0, 4).toUpperCase() === 'SIP/') return { kind: 'response', fields };
  const method = startLine.slice(0, startLine.indexOf(' '));
  return isToken(method) ? { kind: 'request', method, fields } : undefined;
}

function failure(error: SipParseError): ParseResult {
  return { ok: false, error };
}
