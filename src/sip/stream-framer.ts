import { parseContentLength } from './headers/numeric-headers.ts';
import { headerKey } from './headers/header-name.ts';
import { splitHeaderSection } from './message/header-section.ts';
import type { HeaderField } from './headers/header-field.ts';
import { parseError, type ParseErrorContext, type SipParseError, type SipParseErrorCode } from './message/parse-error.ts';
import { resolveLimits, type SipLimits } from './message/sip-limits.ts';
import { parseStartLine } from './message/start-line.ts';

/**
 * What a stream yields:
 *
 * - `message`: the bytes of one whole message, start line to end of body, for `parseMessage`.
 * - `ping`: a CRLFCRLF keep-alive between messages (RFC 5626 §4.4.1); a server answers "\r\n".
 * - `pong`: a single CRLF between messages, the answer to our ping; reported only in the `client`
 *   role. A server ignores a lone CRLF (RFC 3261 §7.5) and, when one ends a read, waits for the
 *   next bytes to tell it from the first half of a ping.
 * - `error`: the stream cannot be framed any further (no or bad Content-Length, a limit exceeded);
 *   the connection should be closed. Nothing more is yielded after it.
 */
export type FramerEvent =
  | { readonly kind: 'message'; readonly bytes: Buffer }
  | { readonly kind: 'ping' }
  | { readonly kind: 'pong' }
  | { readonly kind: 'error'; readonly error: SipParseError };

const CR = 0x0d;
const LF = 0x0a;
const empty = Buffer.alloc(0);

/** What a broken frame was, for the transport to answer it (or not) before closing. */
function contextOf(startLine: string, fields: readonly HeaderField[]): ParseErrorContext | undefined {
  const parsed = parseStartLine(startLine);
  if ('code' in parsed) return undefined;
  return parsed.kind === 'request' ? { kind: 'request', method: parsed.method, fields } : { kind: 'response', fields };
}

/**
 * Cuts a byte stream (TCP, TLS) into messages by Content-Length (RFC 3261 §18.3), whatever the read
 * boundaries: a message split over many reads, many messages in one read. Pure: feed it chunks,
 * get events; it does no I/O. The yielded message bytes are copies, independent of the chunks.
 */
export class StreamFramer {
  readonly #limits: SipLimits;
  readonly #client: boolean;
  #buffer: Buffer = empty;
  /** Where the search for the end of the header section resumes: the start of an unfinished line. */
  #scanFrom = 0;
  #failed = false;

  /**
   * `role`: `server` (default) for connections accepted from peers, which send pings; `client` for
   * connections we opened and ping, which answer with pongs.
   */
  constructor(options: { limits?: Partial<SipLimits>; role?: 'server' | 'client' } = {}) {
    this.#limits = resolveLimits(options.limits);
    this.#client = options.role === 'client';
  }

  /** Bytes received but not yet yielded. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** Whether an error was yielded; the framer then ignores further input. */
  get failed(): boolean {
    return this.#failed;
  }

  push(chunk: Uint8Array): FramerEvent[] {
    if (this.#failed) return [];
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#buffer = this.#buffer.length === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
    const events: FramerEvent[] = [];
    for (;;) {
      if (!this.#skipKeepAlives(events)) break;
      const next = this.#nextMessage();
      if (next === undefined) break;
      if ('code' in next) {
        events.push({ kind: 'error', error: next });
        this.#failed = true;
        this.#buffer = empty;
        break;
      }
      events.push({ kind: 'message', bytes: next });
    }
    return events;
  }

  /**
   * Consumes the line breaks between messages (§7.5), reporting keep-alives. Returns false when the
   * buffer is used up or ends in a way that needs more bytes to read.
   */
  #skipKeepAlives(events: FramerEvent[]): boolean {
    const buffer = this.#buffer;
    let pos = 0;
    let waiting = false;
    while (pos < buffer.length && (buffer[pos] === CR || buffer[pos] === LF)) {
      if (buffer[pos] === LF || (pos + 1 < buffer.length && buffer[pos + 1] !== LF)) {
        pos++; // a stray LF or CR
        continue;
      }
      if (pos + 1 >= buffer.length) {
        waiting = true;
        break;
      }
      // A CRLF at pos: a ping if another CRLF follows, else a pong (client) or nothing (server).
      if (pos + 2 >= buffer.length && !this.#client) {
        waiting = true;
        break;
      }
      if (buffer[pos + 2] === CR) {
        if (pos + 3 >= buffer.length) {
          waiting = true;
          break;
        }
        if (buffer[pos + 3] === LF) {
          events.push({ kind: 'ping' });
          pos += 4;
          continue;
        }
      }
      if (this.#client) events.push({ kind: 'pong' });
      pos += 2;
    }
    if (pos > 0) {
      this.#buffer = buffer.subarray(pos);
      this.#scanFrom = 0;
    }
    return !waiting && this.#buffer.length > 0;
  }

  /** The next whole message, an error, or undefined when more bytes are needed. */
  #nextMessage(): Buffer | SipParseError | undefined {
    const buffer = this.#buffer;
    const limits = this.#limits;
    let headerEnd = -1;
    let bodyStart = -1;
    let pos = this.#scanFrom;
    for (;;) {
      const newline = buffer.indexOf(LF, pos);
      if (newline < 0) break;
      if (newline === pos || (newline === pos + 1 && buffer[pos] === CR)) {
        headerEnd = pos;
        bodyStart = newline + 1;
        break;
      }
      pos = newline + 1;
    }
    if (headerEnd < 0) {
      this.#scanFrom = pos;
      if (buffer.length > limits.maxMessageBytes) return parseError('too_large', 'the header section does not end');
      if (buffer.length - pos > limits.maxLineLength) return parseError('line_too_long', 'a line does not end');
      return undefined;
    }

    const section = splitHeaderSection(buffer.toString('utf8', 0, headerEnd), limits);
    if ('code' in section) return section;
    const fail = (code: SipParseErrorCode, reason: string, header?: string): SipParseError =>
      parseError(code, reason, { header, context: contextOf(section.startLine, section.fields) });
    const lengths = section.fields.filter((field) => headerKey(field.name) === 'content-length');
    // §18.3: on a stream, Content-Length is the only way to find the end of the message.
    if (lengths.length === 0) return fail('missing_header', 'no Content-Length on a stream', 'Content-Length');
    if (lengths.length > 1) return fail('duplicate_header', 'Content-Length appears more than once', 'Content-Length');
    const length = parseContentLength(lengths[0]!.value);
    if (!length.ok) return fail('bad_header_value', length.reason, 'Content-Length');
    const total = bodyStart + length.value;
    if (total > limits.maxMessageBytes) return fail('too_large', `the message is larger than ${limits.maxMessageBytes} bytes`);
    if (buffer.length < total) {
      this.#scanFrom = headerEnd;
      return undefined;
    }
    const message = Buffer.from(buffer.subarray(0, total));
    this.#buffer = buffer.subarray(total);
    this.#scanFrom = 0;
    return message;
  }
}
