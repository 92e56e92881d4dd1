import { createHash } from 'node:crypto';
import type { VirtualExtensionPosition, VirtualExtensionSort } from '../store/store.ts';
import { virtualExtensionSortValues } from './schemas/virtual-extensions.ts';

/**
 * The `cursor` of GET /v1/virtual-extensions: a row's position in one sort order (its sort key and
 * seq), as base64url JSON, then a dot and a check of that JSON. Clients treat it as opaque. The check
 * is no secret: it tells a cursor that was cut short, mistyped or edited by hand from one this API gave
 * out, so such a cursor is refused instead of silently starting somewhere else. A forged one could
 * only start a page elsewhere in the caller's own organization's list, which the caller may read anyway.
 */

/** Bumped when the payload's meaning changes; an older cursor is then refused, never misread. */
const formatVersion = 1;
/** A folded display name is at most a few hundred characters; anything longer was not made here. */
const maxKeyLength = 1_000;

interface CursorPayload {
  readonly v: number;
  readonly s: VirtualExtensionSort;
  readonly k?: string;
  readonly q: number;
}

export function encodeCursor(position: VirtualExtensionPosition): string {
  const payload: CursorPayload = 'key' in position ? { v: formatVersion, s: position.sort, k: position.key, q: position.seq } : { v: formatVersion, s: position.sort, q: position.seq };
  const json = JSON.stringify(payload);
  return `${Buffer.from(json, 'utf8').toString('base64url')}.${checkOf(json)}`;
}

/** The position a cursor holds, or null when the text is not a cursor this API made (whatever the reason). */
export function decodeCursor(cursor: string): VirtualExtensionPosition | null {
  const [body, check, ...rest] = cursor.split('.');
  if (body === undefined || check === undefined || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const bytes = Buffer.from(body, 'base64url');
  // Only the one spelling this API writes: a last character differing in bits base64 leaves unused
  // would otherwise decode to the same cursor.
  if (bytes.toString('base64url') !== body) return null;
  const json = bytes.toString('utf8');
  if (check !== checkOf(json)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    return null;
  }
  return positionFrom(payload);
}

function positionFrom(payload: unknown): VirtualExtensionPosition | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { v, s, k, q } = payload as Record<string, unknown>;
  if (v !== formatVersion || typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) return null;
  const sort = virtualExtensionSortValues.find((value) => value === s);
  switch (sort) {
    case undefined:
      return null;
    case 'createdAt':
    case '-createdAt':
      return k === undefined ? { sort, seq: q } : null;
    default:
      return typeof k === 'string' && k.length <= maxKeyLength ? { sort, key: k, seq: q } : null;
  }
}

/** 72 bits of SHA-256 over the JSON: enough that a damaged cursor passing it by chance does not happen. */
function checkOf(json: string): string {
  return createHash('sha256').update(`ringroute virtual-extension cursor\n${json}`).digest('base64url').slice(0, 12);
}
