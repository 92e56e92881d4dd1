/**
 * Errors with stable codes. The code is the contract (API clients switch on it); the message is
 * for people and may be reworded.
 */
export const errorCodes = {
  validation_failed: 400,
  bad_request: 400,
  invalid_ics: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  number_taken: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** One problem with one field of the input. `field` is a JSON pointer into the request body or query. */
export interface FieldIssue {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: readonly FieldIssue[];

  constructor(code: ErrorCode, message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCodes[code];
    this.issues = issues;
  }
}

export class ValidationError extends AppError {
  constructor(issues: readonly FieldIssue[], message?: string) {
    super('validation_failed', message ?? summarize(issues), issues);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} does not exist`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  /** The record the input collides with, named so the caller can find it. */
  readonly conflictsWith: { readonly type: string; readonly id: string } | undefined;

  constructor(
    code: 'conflict' | 'number_taken',
    message: string,
    conflictsWith?: { type: string; id: string },
    issues: readonly FieldIssue[] = [],
  ) {
    super(code, message, issues);
    this.name = 'ConflictError';
    this.conflictsWith = conflictsWith;
  }
}

function summarize(issues: readonly FieldIssue[]): string {
  if (issues.length === 0) return 'The input is not valid';
  const first = issues[0]!;
  const rest = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.field || 'input'}: ${first.message}${rest}`;
}

/** Collects field issues while validating a document, then throws them all at once. */
export class IssueCollector {
  readonly issues: FieldIssue[] = [];

  add(field: string, code: string, message: string): void {
    this.issues.push({ field, code, message });
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}
