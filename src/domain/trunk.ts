import { formatCidr, parseCidr } from './cidr.ts';
import { IssueCollector } from './errors.ts';
import type { OrganizationId, TrunkId } from './ids.ts';
import { parseTrunkHost } from './trunk-host.ts';

export const trunkTransports = ['udp', 'tcp'] as const;
export type TrunkTransport = (typeof trunkTransports)[number];

export const trunkDefaults = {
  port: 5060, // RFC 3261 §19.1.2: the default port for sip: over UDP and TCP
  transport: 'udp',
  enabled: true,
  maxSourceAddresses: 100,
  maxCallsPerSecond: 100,
} as const satisfies { port: number; transport: TrunkTransport; enabled: boolean; maxSourceAddresses: number; maxCallsPerSecond: number };

/** The bounds of `maxCallsPerSecond`: at least one call, and no more than one node could take. */
export const maxCallsPerSecondRange = { min: 1, max: 10_000 } as const;

/** What an organization configures about a trunk. */
export interface TrunkSettings {
  readonly name: string;
  /** Canonical: lower-case DNS name, or an IP address without brackets. */
  readonly host: string;
  readonly port: number;
  readonly transport: TrunkTransport;
  /** Digest credentials (RFC 3261 §22) for our outbound requests: both set, or both null. */
  readonly username: string | null;
  /**
   * Kept in clear text because answering a digest challenge needs it. Never leaves ringroute: the API
   * and the audit log see `hasPassword` instead (see `redactTrunk`).
   */
  readonly password: string | null;
  /** Canonical CIDRs (`192.0.2.0/24`): calls from the phone network are accepted only from these. */
  readonly sourceAddresses: readonly string[];
  readonly enabled: boolean;
  /**
   * New calls (INVITEs) per second the trunk's sources may send; call control answers the excess with
   * 503, so a flood from one carrier (or one spoofing it) cannot take the node from the others.
   */
  readonly maxCallsPerSecond: number;
}

/** A SIP peer that connects the organization to the public phone network. */
export interface Trunk extends TrunkSettings {
  readonly id: TrunkId;
  readonly organizationId: OrganizationId;
  /** Increases by one with every change. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A trunk as it may be shown or logged: the password replaced by whether there is one. */
export type RedactedTrunk = Omit<Trunk, 'password'> & { readonly hasPassword: boolean };

export function redactTrunk(trunk: Trunk): RedactedTrunk {
  const { password, ...rest } = trunk;
  return { ...rest, hasPassword: password !== null };
}

/**
 * Trunk fields as people send them. On create, absent fields take their defaults; on a change, absent
 * fields keep their current value and `null` removes the credentials.
 */
export interface TrunkInput {
  readonly name?: string;
  readonly host?: string;
  readonly port?: number;
  readonly transport?: string;
  readonly username?: string | null;
  readonly password?: string | null;
  readonly sourceAddresses?: readonly string[];
  readonly enabled?: boolean;
  readonly maxCallsPerSecond?: number;
}

/**
 * Validates and normalises a trunk (`current` null) or a change to one (`current` its settings now).
 * The result is checked as a whole, so a change cannot leave an enabled trunk without source addresses
 * or a password without a username. Every problem is reported with its JSON pointer; nothing is
 * half-accepted.
 */
export function trunkSettingsFromInput(input: TrunkInput, current: TrunkSettings | null): TrunkSettings {
  const issues = new IssueCollector();
  const name = readName(input.name, current, issues);
  const host = readHost(input.host, current, issues);
  const port = input.port ?? current?.port ?? trunkDefaults.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) issues.add('/port', 'out_of_range', 'must be a whole number from 1 to 65535');
  const transport = readTransport(input.transport, current, issues);
  const username = readCredential(input.username, current?.username ?? null, '/username', issues);
  const password = readCredential(input.password, current?.password ?? null, '/password', issues);
  if (password !== null && username === null) {
    issues.add('/username', 'required', 'is required with a password: digest authentication sends both');
  }
  if (username !== null && password === null) {
    issues.add('/password', 'required', 'is required with a username: digest authentication sends both');
  }
  const enabled = input.enabled ?? current?.enabled ?? trunkDefaults.enabled;
  const sourceAddresses = readSourceAddresses(input.sourceAddresses, current, issues);
  if (enabled && sourceAddresses.length === 0 && !issues.issues.some((i) => i.field.startsWith('/sourceAddresses'))) {
    issues.add('/sourceAddresses', 'required', 'an enabled trunk needs at least one source address: calls are accepted only from them');
  }
  const maxCallsPerSecond = input.maxCallsPerSecond ?? current?.maxCallsPerSecond ?? trunkDefaults.maxCallsPerSecond;
  const { min, max } = maxCallsPerSecondRange;
  if (!Number.isInteger(maxCallsPerSecond) || maxCallsPerSecond < min || maxCallsPerSecond > max) {
    issues.add('/maxCallsPerSecond', 'out_of_range', `must be a whole number from ${min} to ${max}`);
  }
  issues.throwIfAny();
  return { name, host, port, transport, username, password, sourceAddresses, enabled, maxCallsPerSecond };
}

function readName(raw: string | undefined, current: TrunkSettings | null, issues: IssueCollector): string {
  if (raw === undefined) {
    if (current) return current.name;
    issues.add('/name', 'required', 'is required');
    return '';
  }
  const name = raw.trim();
  if (name.length === 0 || name.length > 100 || /\p{Cc}/u.test(name)) {
    issues.add('/name', 'invalid_name', 'must be 1 to 100 characters without control characters');
  }
  return name;
}

function readHost(raw: string | undefined, current: TrunkSettings | null, issues: IssueCollector): string {
  if (raw === undefined) {
    if (current) return current.host;
    issues.add('/host', 'required', 'is required');
    return '';
  }
  const parsed = parseTrunkHost(raw);
  if (!parsed.ok) {
    issues.add('/host', parsed.code, parsed.message);
    return '';
  }
  return parsed.host;
}

function readTransport(raw: string | undefined, current: TrunkSettings | null, issues: IssueCollector): TrunkTransport {
  if (raw === undefined) return current?.transport ?? trunkDefaults.transport;
  const transport = trunkTransports.find((t) => t === raw);
  if (!transport) {
    issues.add('/transport', 'unknown_transport', `must be one of ${trunkTransports.map((t) => `"${t}"`).join(', ')}`);
    return trunkDefaults.transport;
  }
  return transport;
}

/** Absent keeps the current value; null (or an empty string) removes it. */
function readCredential(raw: string | null | undefined, current: string | null, field: string, issues: IssueCollector): string | null {
  if (raw === undefined) return current;
  if (raw === null || raw === '') return null;
  // Digest parameters are quoted strings (RFC 3261 §25.1 `quoted-string`): no control characters.
  if (raw.length > 255 || /\p{Cc}/u.test(raw)) {
    issues.add(field, 'invalid_credential', 'must be at most 255 characters without control characters');
  }
  return raw;
}

function readSourceAddresses(raw: readonly string[] | undefined, current: TrunkSettings | null, issues: IssueCollector): readonly string[] {
  if (raw === undefined) return current?.sourceAddresses ?? [];
  if (raw.length > trunkDefaults.maxSourceAddresses) {
    issues.add('/sourceAddresses', 'too_many', `may hold at most ${trunkDefaults.maxSourceAddresses} networks`);
  }
  const result: string[] = [];
  raw.forEach((text, i) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) {
      issues.add(`/sourceAddresses/${i}`, parsed.code, parsed.message);
      return;
    }
    const cidr = formatCidr(parsed.cidr);
    // The same network twice (perhaps spelt differently) is kept once, in the order first given.
    if (!result.includes(cidr)) result.push(cidr);
  });
  return result;
}
