import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Destination } from '../domain/destination.ts';
import type { E164 } from '../domain/phone-number.ts';
import { BoundedMemo } from './bounded-memo.ts';
import type { CallerId } from './call-facts.ts';

/** `+31201234567` → `+31 20 123 4567`, the way people write it; the text as given if it cannot be read. */
function formatPhoneNumber(text: string): string {
  return parsePhoneNumberFromString(text)?.formatInternational() ?? text;
}

/*
 * Formatting a number with libphonenumber costs microseconds, more than the rest of a routing
 * decision, and the same numbers come up again and again, so results are remembered. Numbers of the
 * configuration (business numbers, destinations) and numbers from outside (callers, dialled numbers
 * nobody has) have separate memories: a flood of outside numbers must not push out the
 * configuration's.
 */
const configurationNumbers = new BoundedMemo(formatPhoneNumber, 100_000);
const outsideNumbers = new BoundedMemo(formatPhoneNumber, 10_000);

/** A number of the configuration, readably. */
export function readablePhoneNumber(e164: E164): string {
  return configurationNumbers.get(e164);
}

/** A number that came with a call (dialled, calling), readably. */
export function readableOutsideNumber(text: string): string {
  return outsideNumbers.get(text);
}

/**
 * `Office (+31 20 123 4567)`, or just the number or SIP URI when there is no label. A user is named
 * by the label alone (`Alice`), else `user usr_…`: their id says nothing more to a reader.
 */
export function readableDestination(destination: Destination, label?: string): string {
  if (destination.kind === 'user') return label ?? `user ${destination.userId}`;
  if (destination.kind === 'emergency') return `the emergency number ${destination.number}`;
  if (destination.kind === 'private') return label ? `${label} (private number ${destination.esn})` : `private number ${destination.esn}`;
  const address = destination.kind === 'phone' ? readablePhoneNumber(destination.e164) : destination.uri;
  return label ? `${label} (${address})` : address;
}

export function readableCaller(caller: CallerId): string {
  switch (caller.kind) {
    case 'number':
      return readableOutsideNumber(caller.e164);
    case 'anonymous':
      return 'an anonymous caller';
    case 'unknown':
      return `an unrecognised caller (${JSON.stringify(caller.raw)})`;
  }
}

/** `20 s`, `1.5 s`. */
export function readableSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(2))} s`;
}
