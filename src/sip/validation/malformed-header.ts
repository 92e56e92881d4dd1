import { typedHeaders, type TypedHeaderName } from '../headers/typed-headers.ts';
import type { SipMessage } from '../message/sip-message.ts';

const names = Object.keys(typedHeaders) as TypedHeaderName[];

/**
 * The first typed header of the message whose value is malformed, with why; undefined when all of
 * them parse. Parsing here fills the message's cache, so later typed reads are free and cannot fail.
 */
export function findMalformedHeader(message: SipMessage): { header: string; reason: string } | undefined {
  for (const name of names) {
    if (!message.hasHeader(name)) continue;
    const parsed = message.parseHeader(name);
    if (!parsed.ok) return { header: name, reason: parsed.reason };
  }
  return undefined;
}
