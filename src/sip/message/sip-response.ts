import type { HeaderField } from '../headers/header-field.ts';
import type { HeaderList } from './header-list.ts';
import { MessageBase } from './message-base.ts';

export interface SipResponseInit {
  /** 100 to 699 (RFC 3261 §7.2). */
  readonly status: number;
  /** Reason-Phrase; may be empty (RFC 4475 §3.1.1.13). */
  readonly reason: string;
  /** The header fields in order. (Internally also a parsed HeaderList, whose cache is kept.) */
  readonly headers: Iterable<HeaderField> | HeaderList;
  /** Defaults to empty. Content-Length is written from the body when the message is serialized. */
  readonly body?: Buffer;
  readonly version?: string;
}

/** A SIP response (RFC 3261 §7.2). Throws `SipMessageError` if a core header is missing or invalid. */
export class SipResponse extends MessageBase {
  readonly kind = 'response';
  readonly status: number;
  readonly reason: string;

  constructor(init: SipResponseInit) {
    super(init.headers, init.body ?? Buffer.alloc(0), init.version ?? 'SIP/2.0');
    if (!Number.isInteger(init.status) || init.status < 100 || init.status > 699) {
      throw new RangeError(`${init.status} is not a SIP status code`);
    }
    if (/[\r\n]/.test(init.reason)) throw new TypeError('a reason phrase cannot contain a line break');
    this.status = init.status;
    this.reason = init.reason;
  }

  clone(): SipResponse {
    return new SipResponse({
      status: this.status,
      reason: this.reason,
      headers: this.cloneHeaders(),
      body: this.body,
      version: this.version,
    });
  }
}
