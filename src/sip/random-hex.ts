import { randomBytes } from 'node:crypto';

const poolBytes = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * `bytes` cryptographically random bytes as hex, for tags, branches and Call-IDs (RFC 3261 §19.3
 * asks for at least 32 random bits in a tag; §8.1.1.7 for a unique branch). Drawn from a pool
 * refilled 4 KB at a time: one system call per few hundred ids instead of one per id.
 */
export function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(Math.max(poolBytes, bytes));
    offset = 0;
  }
  const text = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return text;
}
