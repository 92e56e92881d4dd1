import { extensionLengthLimits } from '../domain/dial-plan.ts';

/**
 * Shape rules of the dial plan's digit strings, independent of any other record. Each check returns
 * null when the value is fine, else a sentence that completes "… must be" / "… is" for the message.
 */

const digitsOnly = /^[0-9]+$/;
const singleDigit = /^[0-9]$/;

export const routingPrefixLimits = { min: 2, max: 8 } as const;

export function isDigits(value: string): boolean {
  return digitsOnly.test(value);
}

/** Every extension in an organization has exactly `extensionLength` digits. */
export function extensionShapeProblem(extension: string, extensionLength: number): string | null {
  if (!isDigits(extension)) return `must be digits only, got ${JSON.stringify(extension)}`;
  if (extension.length !== extensionLength) {
    return `must have exactly ${extensionLength} digits, the organization's extension length; ${JSON.stringify(extension)} has ${extension.length}`;
  }
  return null;
}

/** A routing prefix: 2–8 digits starting with the steering digit. */
export function routingPrefixShapeProblem(prefix: string, steeringDigit: string): string | null {
  if (!isDigits(prefix)) return `must be digits only, got ${JSON.stringify(prefix)}`;
  if (prefix.length < routingPrefixLimits.min || prefix.length > routingPrefixLimits.max) {
    return `must have ${routingPrefixLimits.min} to ${routingPrefixLimits.max} digits, got ${prefix.length}`;
  }
  if (!prefix.startsWith(steeringDigit)) return `must start with the steering digit ${steeringDigit}, got ${prefix}`;
  return null;
}

/** An outside dial digit: one digit, or none; never the steering digit (a routing prefix starts with that). */
export function outsideDialDigitShapeProblem(digit: string | null, steeringDigit: string): string | null {
  if (digit === null) return null;
  if (!singleDigit.test(digit)) return `must be a single digit or null, got ${JSON.stringify(digit)}`;
  if (digit === steeringDigit) return `must differ from the steering digit ${steeringDigit}, which starts every routing prefix`;
  return null;
}

export function steeringDigitShapeProblem(digit: string): string | null {
  return singleDigit.test(digit) ? null : `must be a single digit, got ${JSON.stringify(digit)}`;
}

export function extensionLengthProblem(length: number): string | null {
  const { min, max } = extensionLengthLimits;
  return Number.isInteger(length) && length >= min && length <= max ? null : `must be a whole number from ${min} to ${max}, got ${length}`;
}

/** True when one of the two is a prefix of the other (equal included): dialling could not tell them apart. */
export function prefixesCollide(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

const e164Start = /^\+[1-9][0-9]*$/;
const privatePrefix = /^\+?[0-9]+$/;
/** E.164 numbers have at most 15 digits (ITU-T E.164 §6.1). */
const maxE164Digits = 15;

/**
 * A range prefix: in standard mode the start of an E.164 number, because a call to the range leaves
 * as an ordinary call to prefix + digits; in enhanced mode the provider routes the ESN, and the
 * prefix may be plain digits. Either way prefix + extension stays within E.164's 15 digits.
 */
export function rangePrefixProblem(prefix: string, mode: 'standard' | 'enhanced', extensionLength: number): string | null {
  if (mode === 'standard' && !e164Start.test(prefix)) {
    return `must be the start of an E.164 number (+ and the country code), got ${JSON.stringify(prefix)}`;
  }
  if (!privatePrefix.test(prefix)) return `must be digits, optionally after +, got ${JSON.stringify(prefix)}`;
  const digits = prefix.replace('+', '').length + extensionLength;
  if (digits > maxE164Digits) return `with ${extensionLength} extension digits makes ${digits} digits, more than E.164's ${maxE164Digits}`;
  return null;
}
