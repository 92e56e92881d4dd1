import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMessage, type NameAddr, type SipMessage, type SipRequest, type SipResponse } from '../../../src/sip/index.ts';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The torture messages live beside the repository (`../shared/fixtures/sip/`), as in CI. */
export const tortureDirectory = resolve(repositoryRoot, '../shared/fixtures/sip');

/** An RFC 4475 message by its archive name ("wsinv"), byte-exact. */
export function rfc4475(name: string): Buffer {
  return readFileSync(resolve(tortureDirectory, 'rfc4475', `${name}.dat`));
}

/** An RFC 5118 message by its archive name ("ipv6-good"), byte-exact (LF line ends, as archived). */
export function rfc5118(name: string): Buffer {
  return readFileSync(resolve(tortureDirectory, 'rfc5118', `${name}.sip`));
}

/** One of the project's own raw messages in test/fixtures/sip/. */
export function ownFixture(name: string): Buffer {
  return readFileSync(resolve(repositoryRoot, 'test/fixtures/sip', name));
}

/** Parses bytes that must be a message; fails the test with the parse error otherwise. */
export function parsed(bytes: Buffer): SipMessage {
  const result = parseMessage(bytes);
  if (!result.ok) throw new Error(`expected a message, got ${result.error.code}: ${result.error.reason}`);
  return result.message;
}

export function parsedRequest(bytes: Buffer): SipRequest {
  const message = parsed(bytes);
  if (message.kind !== 'request') throw new Error('expected a request');
  return message;
}

export function parsedResponse(bytes: Buffer): SipResponse {
  const message = parsed(bytes);
  if (message.kind !== 'response') throw new Error('expected a response');
  return message;
}

/** Map → plain object, for readable deep equality on parameter maps. */
export function entries<V>(map: ReadonlyMap<string, V>): Record<string, V> {
  return Object.fromEntries(map);
}

/** The Contact addresses of a message (failing the test on "Contact: *"). */
export function contactsOf(message: SipMessage): readonly NameAddr[] {
  const contacts = message.header('Contact');
  if (contacts === '*') throw new Error('expected Contact addresses, got *');
  return contacts;
}
