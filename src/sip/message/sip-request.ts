import { isToken } from '../grammar/char-classes.ts';
import type { HeaderField } from '../headers/header-field.ts';
import { formatUri } from '../uri/format-uri.ts';
import type { Uri } from '../uri/uri.ts';
import type { HeaderList } from './header-list.ts';
import { MessageBase } from './message-base.ts';

export interface SipRequestInit {
  /** Case-sensitive token: INVITE, ACK, BYE, or an extension method (RFC 3261 §7.1). */
  readonly method: string;
  readonly uri: Uri;
  /** The header fields in order. (Internally also a parsed HeaderList, whose cache is kept.) */
  readonly headers: Iterable<HeaderField> | HeaderList;
  /** Defaults to empty. Content-Length is written from the body when the message is serialized. */
  readonly body?: Buffer;
  /** Defaults to "SIP/2.0". */
  readonly version?: string;
  /** The Request-URI as received, written back verbatim until `uri` is reassigned. */
  readonly uriText?: string;
}

/** A SIP request (RFC 3261 §7.1). Throws `SipMessageError` if a core header is missing or invalid. */
export class SipRequest extends MessageBase {
  readonly kind = 'request';
  readonly #method: string;
  #uri: Uri;
  #uriText: string | undefined;

  constructor(init: SipRequestInit) {
    super(init.headers, init.body ?? Buffer.alloc(0), init.version ?? 'SIP/2.0');
    if (!isToken(init.method)) throw new TypeError(`"${init.method}" is not a method`);
    this.#method = init.method;
    this.#uri = init.uri;
    this.#uriText = init.uriText;
  }

  get method(): string {
    return this.#method;
  }

  /** The Request-URI. Assigning it retargets the request (RFC 3261 §16.5). */
  get uri(): Uri {
    return this.#uri;
  }

  set uri(uri: Uri) {
    this.#uri = uri;
    this.#uriText = undefined;
  }

  /** The Request-URI's text as it goes on the wire. */
  get uriText(): string {
    this.#uriText ??= formatUri(this.#uri);
    return this.#uriText;
  }

  clone(): SipRequest {
    return new SipRequest({
      method: this.#method,
      uri: this.#uri,
      uriText: this.#uriText,
      headers: this.cloneHeaders(),
      body: this.body,
      version: this.version,
    });
  }
}
