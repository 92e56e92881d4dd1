import { isAllDigits } from '../grammar/char-classes.ts';

/** 2**32 - 1: the bound of CSeq numbers (RFC 3261 §8.1.1.5) and of delta-seconds and lengths. */
export const uint32Max = 4294967295;

/**
 * `1*DIGIT` as a number no greater than `max`, or undefined. Leading zeros are allowed ("0068" is
 * 68, RFC 4475 §3.1.1.1); any number of them, without the digit string ever being converted whole,
 * so a 100-digit value (RFC 4475 §3.1.2.4) is simply out of range.
 */
export function parseUnsigned(text: string, max: number): number | undefined {
  if (!isAllDigits(text)) return undefined;
  let start = 0;
  while (start < text.length - 1 && text.charCodeAt(start) === 48) start++;
  if (text.length - start > 15) return undefined;
  const value = Number(text.slice(start));
  return value <= max ? value : undefined;
}
