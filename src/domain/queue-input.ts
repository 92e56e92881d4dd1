import { destinationKey, parseDestination, type DirectDestination } from './destination.ts';
import { IssueCollector, ValidationError } from './errors.ts';
import type { Country } from './phone-number.ts';
import {
  queueDefaults,
  queueStrategies,
  type QueueAnnouncements,
  type QueueMember,
  type QueueSettings,
  type QueueStrategy,
  type WhenNoMember,
} from './queue.ts';

/**
 * A queue as people write it (REST `PUT /v1/queues/{id}`): members' destinations in any format a person
 * types, every setting but the name and the members optional. `queueFromInput` turns it into
 * `QueueSettings` with the defaults of `queueDefaults` filled in.
 */
export interface QueueInput {
  readonly name: string;
  readonly members: readonly { readonly to: string; readonly label?: string }[];
  readonly strategy?: QueueStrategy;
  readonly ringSeconds?: number;
  readonly wrapUpSeconds?: number;
  readonly retrySeconds?: number;
  readonly maxCallers?: number;
  readonly maxWaitSeconds?: number;
  readonly whenNoMember?: WhenNoMember;
  readonly announcements?: Partial<QueueAnnouncements>;
}

/** What the API returns: every setting, destinations as canonical text (E.164 or SIP URI) with their kind. */
export interface QueueOutput extends Omit<QueueSettings, 'members' | 'announcements'> {
  readonly members: readonly { readonly to: string; readonly kind: DirectDestination['kind']; readonly label?: string }[];
  readonly announcements: QueueAnnouncements;
}

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const whenNoMemberValues: readonly WhenNoMember[] = ['join', 'overflow'];

/**
 * Validates and normalises a whole queue read as untrusted JSON. Every problem is reported with its
 * JSON pointer (`/members/2/to`, `/announcements/everySeconds`) and a stable code, all at once; nothing
 * is half-accepted. Throws `ValidationError`.
 */
export function queueFromInput(raw: unknown, countryHint: Country | null): QueueSettings {
  if (!isObject(raw)) throw new ValidationError([{ field: '', code: 'invalid_type', message: 'must be an object' }]);
  const issues = new IssueCollector();
  const d = queueDefaults;
  const name = readText(raw.name, '/name', 100, issues, 'invalid_name') ?? '';
  const members = readMembers(raw.members, countryHint, issues);
  const strategy = readChoice(raw.strategy, '/strategy', queueStrategies, d.strategy, 'unknown_strategy', issues);
  const settings: QueueSettings = {
    name,
    members,
    strategy,
    ringSeconds: readWhole(raw.ringSeconds, '/ringSeconds', d.ringSeconds, d.minRingSeconds, d.maxRingSeconds, issues),
    wrapUpSeconds: readWhole(raw.wrapUpSeconds, '/wrapUpSeconds', d.wrapUpSeconds, 0, d.maxWrapUpSeconds, issues),
    retrySeconds: readWhole(raw.retrySeconds, '/retrySeconds', d.retrySeconds, d.minRetrySeconds, d.maxRetrySeconds, issues),
    maxCallers: readWhole(raw.maxCallers, '/maxCallers', d.maxCallers, 1, d.maxMaxCallers, issues),
    maxWaitSeconds: readWhole(raw.maxWaitSeconds, '/maxWaitSeconds', d.maxWaitSeconds, d.minMaxWaitSeconds, d.maxMaxWaitSeconds, issues),
    whenNoMember: readChoice(raw.whenNoMember, '/whenNoMember', whenNoMemberValues, d.whenNoMember, 'unknown_when_no_member', issues),
    announcements: readAnnouncements(raw.announcements, issues),
  };
  issues.throwIfAny();
  return settings;
}

/** Names and labels: trimmed, bounded, no control characters. Absent gives undefined (an issue when required). */
function readText(value: unknown, field: string, max: number, issues: IssueCollector, code: string, required = true): string | undefined {
  if (value === undefined) {
    if (required) issues.add(field, 'required', 'is required');
    return undefined;
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > max || /\p{Cc}/u.test(text)) {
    issues.add(field, code, `must be 1 to ${max} characters without control characters`);
    return undefined;
  }
  return text;
}

function readMembers(value: unknown, country: Country | null, issues: IssueCollector): QueueMember[] {
  if (!Array.isArray(value)) {
    issues.add('/members', value === undefined ? 'required' : 'invalid_type', 'must be a list of members');
    return [];
  }
  // A queue without members can only make callers wait for nobody; one with more cannot be rung fairly.
  if (value.length < 1 || value.length > queueDefaults.maxMembers) {
    issues.add('/members', 'member_count', `must hold 1 to ${queueDefaults.maxMembers} members`);
  }
  const members: QueueMember[] = [];
  const seen = new Map<string, number>();
  value.forEach((item: unknown, i) => {
    const field = `/members/${i}`;
    if (!isObject(item)) {
      issues.add(field, 'invalid_type', 'must be an object with "to"');
      return;
    }
    const destination = readDestination(item.to, `${field}/to`, country, issues);
    const label = readText(item.label, `${field}/label`, 100, issues, 'invalid_label', false);
    if (!destination) return;
    // Unlike a roster's turns, a member twice would be rung twice for one caller and counted twice as free.
    const key = destinationKey(destination);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.add(`${field}/to`, 'duplicate_member', `is ${key}, already /members/${earlier}`);
      return;
    }
    seen.set(key, i);
    members.push({ destination, ...(label !== undefined ? { label } : {}) });
  });
  return members;
}

function readDestination(value: unknown, field: string, country: Country | null, issues: IssueCollector): DirectDestination | null {
  if (typeof value !== 'string') {
    issues.add(field, value === undefined ? 'required' : 'invalid_type', 'must be a phone number or a SIP URI');
    return null;
  }
  const parsed = parseDestination(value, country);
  if (!parsed.ok) {
    issues.add(field, parsed.code, parsed.message);
    return null;
  }
  return parsed.destination;
}

function readChoice<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T, code: string, issues: IssueCollector): T {
  if (value === undefined) return fallback;
  const found = allowed.find((choice) => choice === value);
  if (found === undefined) {
    issues.add(field, code, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    return fallback;
  }
  return found;
}

function readWhole(value: unknown, field: string, fallback: number, min: number, max: number, issues: IssueCollector): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.add(field, 'out_of_range', `must be a whole number of ${field.endsWith('Seconds') ? 'seconds ' : ''}from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function readAnnouncements(value: unknown, issues: IssueCollector): QueueAnnouncements {
  const fallback: QueueAnnouncements = { everySeconds: queueDefaults.announceEverySeconds, position: true, expectedWait: true };
  if (value === undefined) return fallback;
  if (!isObject(value)) {
    issues.add('/announcements', 'invalid_type', 'must be an object with everySeconds, position and expectedWait');
    return fallback;
  }
  const { minAnnounceEverySeconds: min, maxAnnounceEverySeconds: max } = queueDefaults;
  let everySeconds = fallback.everySeconds;
  const every = value.everySeconds;
  if (every !== undefined) {
    // 0 turns announcements off; otherwise not so often that a caller hears nothing else.
    if (typeof every === 'number' && Number.isInteger(every) && (every === 0 || (every >= min && every <= max))) {
      everySeconds = every;
    } else {
      issues.add('/announcements/everySeconds', 'out_of_range', `must be 0 (never) or a whole number of seconds from ${min} to ${max}`);
    }
  }
  const flag = (name: 'position' | 'expectedWait'): boolean => {
    const raw = value[name];
    if (raw === undefined) return fallback[name];
    if (typeof raw !== 'boolean') {
      issues.add(`/announcements/${name}`, 'invalid_type', 'must be true or false');
      return fallback[name];
    }
    return raw;
  };
  return { everySeconds, position: flag('position'), expectedWait: flag('expectedWait') };
}

export function queueToOutput(settings: QueueSettings): QueueOutput {
  return {
    name: settings.name,
    members: settings.members.map((m) => ({
      to: destinationKey(m.destination),
      kind: m.destination.kind,
      ...(m.label !== undefined ? { label: m.label } : {}),
    })),
    strategy: settings.strategy,
    ringSeconds: settings.ringSeconds,
    wrapUpSeconds: settings.wrapUpSeconds,
    retrySeconds: settings.retrySeconds,
    maxCallers: settings.maxCallers,
    maxWaitSeconds: settings.maxWaitSeconds,
    whenNoMember: settings.whenNoMember,
    announcements: { ...settings.announcements },
  };
}
