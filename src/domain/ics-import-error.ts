import { ValidationError } from './errors.ts';

/**
 * An `.ics` file that cannot be read as iCalendar (RFC 5545). It is a validation error (HTTP 400) with
 * one issue of code `invalid_ics` whose message names what is wrong and where.
 */
export class IcsImportError extends ValidationError {
  readonly detail: string;

  constructor(detail: string, field = '') {
    super([{ field, code: 'invalid_ics', message: detail }], `invalid_ics: ${detail}`);
    this.name = 'IcsImportError';
    this.detail = detail;
  }
}
