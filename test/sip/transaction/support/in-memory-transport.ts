import {
  parseMessage,
  serializeMessage,
  stampReceived,
  TransportError,
  type MessageSource,
  type MessageTransport,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type TransportAddress,
  type TransportDelegate,
  type VirtualClock,
} from '../../../../src/sip/index.ts';

export interface SentMessage {
  readonly message: SipMessage;
  /** Where it went: the destination of a request, the source a response answered. */
  readonly to: TransportAddress | undefined;
  /** Virtual time of sending. */
  readonly at: number;
}

/**
 * A transport without sockets: what the layer sends is recorded (serialized and parsed again, as
 * on a wire); what a test injects reaches the delegate as a real transport would hand it over,
 * with received/rport stamped on requests. Two can be linked to carry messages between layers.
 */
export class InMemoryTransport implements MessageTransport {
  readonly sent: SentMessage[] = [];
  readonly address: TransportAddress;
  #delegate: TransportDelegate | undefined;
  #peer: InMemoryTransport | undefined;
  /** When set, every send fails with this code. */
  failWith: 'send_failed' | 'connect_failed' | undefined;
  readonly #clock: VirtualClock;

  constructor(clock: VirtualClock, address: TransportAddress) {
    this.#clock = clock;
    this.address = address;
  }

  attach(delegate: TransportDelegate): void {
    this.#delegate = delegate;
  }

  /** Links two transports: whatever one sends reaches the other. */
  static pair(a: InMemoryTransport, b: InMemoryTransport): void {
    a.#peer = b;
    b.#peer = a;
  }

  send(request: SipRequest, destination: TransportAddress): Promise<void> {
    return this.#record(request, destination);
  }

  sendResponse(response: SipResponse, source?: MessageSource): Promise<void> {
    return this.#record(response, source);
  }

  /** Hands a message to the delegate as if it arrived from `source`. */
  inject(message: SipMessage, source: MessageSource): void {
    const copy = wireCopy(message);
    if (copy.kind === 'request') stampReceived(copy, source);
    this.#delegate?.onMessage(copy, source);
  }

  /** The messages sent so far that satisfy `filter`, and forgets none. */
  sentWhere(filter: (message: SipMessage) => boolean): SentMessage[] {
    return this.sent.filter((entry) => filter(entry.message));
  }

  #record(message: SipMessage, to: TransportAddress | undefined): Promise<void> {
    if (this.failWith) return Promise.reject(new TransportError(this.failWith, 'simulated failure'));
    const copy = wireCopy(message);
    this.sent.push({ message: copy, to, at: this.#clock.now() });
    const peer = this.#peer;
    if (peer) {
      const from: MessageSource = { ...this.address, transport: to?.transport ?? this.address.transport };
      queueMicrotask(() => peer.inject(copy, from));
    }
    return Promise.resolve();
  }
}

function wireCopy(message: SipMessage): SipMessage {
  const parsed = parseMessage(serializeMessage(message));
  if (!parsed.ok) throw new Error(`sent an unparsable message: ${parsed.error.reason}`);
  return parsed.message;
}

/** Lets queued microtasks (transport promises, linked deliveries) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
