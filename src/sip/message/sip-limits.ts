/**
 * Bounds on what the parser and the stream framer accept, so that a hostile peer costs bounded
 * memory and time. Exceeding one is a typed error (`too_large`, `too_many_headers`,
 * `line_too_long`), never a hang.
 */
export interface SipLimits {
  /** Whole message, start line to end of body. A UDP datagram cannot exceed 65,535 anyway. */
  readonly maxMessageBytes: number;
  /** Header fields after unfolding. */
  readonly maxHeaderFields: number;
  /** One physical line of the start line or header section, without its line break. */
  readonly maxLineLength: number;
}

export const defaultSipLimits: SipLimits = {
  maxMessageBytes: 65_536,
  maxHeaderFields: 256,
  maxLineLength: 8_192,
};

export function resolveLimits(limits: Partial<SipLimits> | undefined): SipLimits {
  return limits ? { ...defaultSipLimits, ...limits } : defaultSipLimits;
}
