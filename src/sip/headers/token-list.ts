import { isToken } from '../grammar/char-classes.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';

/**
 * One element of the token-list headers: Allow (methods, RFC 3261 §20.5), Supported, Require,
 * Proxy-Require, Unsupported (option-tags, §20.37, §20.32, §20.29, §20.40). Kept as written.
 */
export function parseTokenElement(text: string): Parsed<string> {
  return isToken(text) ? ok(text) : fail(`"${text}" is not a token`);
}

export function formatToken(value: string): string {
  return value;
}
