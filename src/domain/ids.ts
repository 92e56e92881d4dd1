import { randomBytes } from 'node:crypto';
import type { Brand } from './brand.ts';

export type OrganizationId = Brand<string, 'OrganizationId'>;
export type TokenId = Brand<string, 'TokenId'>;
export type NumberId = Brand<string, 'NumberId'>;
export type AuditEntryId = Brand<string, 'AuditEntryId'>;
export type TrunkId = Brand<string, 'TrunkId'>;
export type CallId = Brand<string, 'CallId'>;
export type ScheduleId = Brand<string, 'ScheduleId'>;
export type RosterId = Brand<string, 'RosterId'>;
export type QueueId = Brand<string, 'QueueId'>;
export type LocationId = Brand<string, 'LocationId'>;
export type UserId = Brand<string, 'UserId'>;
export type DeviceId = Brand<string, 'DeviceId'>;
export type VirtualExtensionId = Brand<string, 'VirtualExtensionId'>;
export type VirtualExtensionRangeId = Brand<string, 'VirtualExtensionRangeId'>;
export type TaskId = Brand<string, 'TaskId'>;

/** Id prefixes make an id's kind visible in logs, URLs and support tickets. */
export const idPrefixes = {
  organization: 'org',
  token: 'tok',
  number: 'num',
  audit: 'aud',
  trunk: 'trk',
  call: 'cal',
  schedule: 'sch',
  roster: 'ros',
  queue: 'que',
  location: 'loc',
  user: 'usr',
  device: 'dev',
  virtualExtension: 'vex',
  virtualExtensionRange: 'vxr',
  task: 'tsk',
} as const;

export type IdKind = keyof typeof idPrefixes;

interface IdTypes {
  organization: OrganizationId;
  token: TokenId;
  number: NumberId;
  audit: AuditEntryId;
  trunk: TrunkId;
  call: CallId;
  schedule: ScheduleId;
  roster: RosterId;
  queue: QueueId;
  location: LocationId;
  user: UserId;
  device: DeviceId;
  virtualExtension: VirtualExtensionId;
  virtualExtensionRange: VirtualExtensionRangeId;
  task: TaskId;
}

let pool = Buffer.alloc(0);
let poolOffset = 0;

/** Random bytes from a 4 KB pool: ids are made per call at hundreds a second. */
function randomPool(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * A new id: prefix, underscore, 10 time-ordered characters (milliseconds) and 12 random ones,
 * so ids sort by creation time and never collide in practice.
 */
export function newId<K extends IdKind>(kind: K, now: number = Date.now()): IdTypes[K] {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomPool(12);
  let rand = '';
  for (const b of bytes) rand += alphabet[b % 32];
  return `${idPrefixes[kind]}_${time}${rand}` as IdTypes[K];
}

const idPattern = /^[a-z]{3}_[0-9a-z]{22}$/;

/** Accepts a string as an id of the given kind when it has that kind's shape; otherwise null. */
export function asId<K extends IdKind>(kind: K, value: string): IdTypes[K] | null {
  if (!idPattern.test(value) || !value.startsWith(`${idPrefixes[kind]}_`)) return null;
  return value as IdTypes[K];
}
