import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../domain/errors.ts';

/**
 * Optimistic concurrency over HTTP (RFC 9110 §13.1.1): a record's ETag is its version, and a change
 * sent with `If-Match: "<version>"` applies only to that version (otherwise 409 `conflict`). Without
 * the header the change applies to whatever is stored. Weak tags (`W/"3"`) compare alike: the version
 * is all a tag says here.
 */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new ValidationError([{ field: 'headers/if-match', code: 'invalid_if_match', message: 'must be the version to change, e.g. "3"' }]);
  }
  return Number(match[1]);
}

export function setVersionTag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}
