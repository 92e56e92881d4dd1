import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ConflictError, errorCodes, type ErrorCode, type FieldIssue } from '../domain/errors.ts';
import type { ProblemBody } from './schemas/common.ts';

const titles: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  bad_request: 'Bad request',
  invalid_ics: 'The file is not an iCalendar file',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  number_taken: 'Phone number already in use',
  payload_too_large: 'Request body too large',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export function problemBody(code: ErrorCode, detail: string, instance: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  return {
    type: `urn:ringroute:problem:${code}`,
    title: titles[code],
    status: errorCodes[code],
    detail,
    code,
    instance,
    ...extra,
  };
}

/** Sends an RFC 9457 problem document. */
export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="ringroute"');
  return reply.code(body.status).type('application/problem+json').send(body);
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns Ajv's schema errors into one entry per field, with the field's JSON pointer and the rule broken. */
export function issuesFromSchemaErrors(errors: readonly AjvIssue[], part: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // A union reports every branch's error; the branch list itself is noise once we have specifics.
    if (e.keyword === 'anyOf' && errors.length > 1) continue;
    let field = e.instancePath;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'required' && typeof e.params['missingProperty'] === 'string') {
      field = `${field}/${e.params['missingProperty']}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') {
      field = `${field}/${e.params['additionalProperty']}`;
      message = 'is not a known field';
    } else if (e.keyword === 'const' && e.params['allowedValue'] !== undefined) {
      message = `must be ${JSON.stringify(e.params['allowedValue'])}`;
    }
    const pointer = part === 'body' ? field : `${part}${field ? field : ''}`;
    const key = `${pointer}|${e.keyword}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ field: pointer, code: e.keyword, message });
  }
  return issues;
}

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const instance = request.url;
  if (error instanceof AppError) {
    const extra: Partial<ProblemBody> = {};
    if (error.issues.length > 0) extra.errors = [...error.issues];
    if (error instanceof ConflictError && error.conflictsWith) extra.conflictsWith = error.conflictsWith;
    return sendProblem(reply, problemBody(error.code, error.message, instance, extra));
  }
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) {
    const issues = issuesFromSchemaErrors(fe.validation, fe.validationContext ?? 'body');
    const first = issues[0];
    const detail = first ? `${first.field || fe.validationContext}: ${first.message}` : fe.message;
    return sendProblem(reply, problemBody('validation_failed', detail, instance, { errors: issues }));
  }
  const status = fe.statusCode ?? 500;
  if (status === 413) return sendProblem(reply, problemBody('payload_too_large', fe.message, instance));
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: bad JSON, wrong content type, empty body, ...
    return sendProblem(reply, problemBody('bad_request', fe.message, instance));
  }
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, problemBody('internal', 'Something went wrong on our side; the request may be retried', instance));
}
