import { deviceHa1, type DeviceHa1 } from './device-credentials.ts';
import type { Device, User } from './dial-plan.ts';
import { readName } from './dial-plan-text.ts';
import { IssueCollector } from './errors.ts';
import type { DeviceId, LocationId } from './ids.ts';

/** A user as stored, once `userFromInput` accepted it; the extension is checked by the dial plan after. */
export interface UserFields {
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
  readonly locationId: LocationId;
  readonly extension: string | null;
  readonly email: string | null;
  readonly devices: readonly DeviceFields[];
}

/** A device to store: `id` null for a new one; the HA1 pair, never the password. */
export interface DeviceFields {
  readonly id: DeviceId | null;
  readonly name: string;
  readonly username: string;
  readonly ha1: DeviceHa1;
}

export interface DeviceInput {
  readonly id?: string;
  readonly name?: string;
  readonly username: string;
  readonly password?: string;
}

export interface UserInput {
  readonly firstName: string;
  readonly lastName?: string;
  readonly displayName?: string;
  readonly locationId: string;
  readonly extension?: string | null;
  readonly email?: string | null;
  readonly devices?: readonly DeviceInput[];
}

export const maxDevicesPerUser = 20;
export const passwordLimits = { min: 8, max: 128 } as const;

/**
 * A device user name: the user part of the device's SIP URI and its digest user name. Letters,
 * digits and `. _ ~ -` (RFC 3986 unreserved, which RFC 3261 §25.1 allows in a user part unescaped),
 * 1–64 characters, starting with a letter or digit. Compared exactly, as SIP compares user parts
 * (RFC 3261 §19.1.4).
 */
const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;
const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/** The display name a user gets when the input gives none: first and last name. */
export function defaultDisplayName(firstName: string, lastName: string): string {
  return `${firstName} ${lastName}`.trim();
}

/**
 * Checks and normalises a user. `current` is the stored user for an update: a device given with its
 * `id`, or with the user name of one of the user's devices, is that device, and keeps its password
 * when the input leaves it out (unless the user name changes: the digest hash includes it). A new
 * device needs a password. The password leaves here only as HA1 hashes for `realm`.
 */
export function userFromInput(input: UserInput, current: User | null, realm?: string): UserFields {
  const issues = new IssueCollector();
  const firstName = readName(issues, '/firstName', input.firstName, { min: 1, max: 100 });
  const lastName = readName(issues, '/lastName', input.lastName ?? '', { min: 0, max: 100 });
  const displayName =
    input.displayName === undefined
      ? defaultDisplayName(firstName ?? '', lastName ?? '')
      : readName(issues, '/displayName', input.displayName, { min: 1, max: 100 });

  let extension: string | null = null;
  if (input.extension !== undefined && input.extension !== null) extension = input.extension.trim();

  let email: string | null = null;
  if (input.email !== undefined && input.email !== null) {
    email = input.email.trim();
    if (email.length > 254 || !emailPattern.test(email)) issues.add('/email', 'invalid_email', `${JSON.stringify(input.email)} is not an e-mail address`);
  }

  const devices = devicesFromInput(issues, input.devices ?? [], current?.devices ?? [], realm);
  issues.throwIfAny();
  return {
    firstName: firstName ?? '',
    lastName: lastName ?? '',
    displayName: displayName ?? '',
    // Whether the location exists in the organization is the dial plan's check (`unknown_location`).
    locationId: input.locationId.trim() as LocationId,
    extension,
    email,
    devices,
  };
}

function devicesFromInput(issues: IssueCollector, inputs: readonly DeviceInput[], stored: readonly Device[], realm: string | undefined): DeviceFields[] {
  if (inputs.length > maxDevicesPerUser) {
    issues.add('/devices', 'too_many_devices', `A user has at most ${maxDevicesPerUser} devices, got ${inputs.length}`);
    return [];
  }
  const seenNames = new Set<string>();
  const seenIds = new Set<string>();
  const devices: DeviceFields[] = [];
  inputs.forEach((input, i) => {
    const field = `/devices/${i}`;
    const username = input.username.trim();
    if (!usernamePattern.test(username)) {
      issues.add(`${field}/username`, 'invalid_username', 'must be 1 to 64 letters, digits, ".", "_", "~" or "-", starting with a letter or digit');
      return;
    }
    if (seenNames.has(username)) {
      issues.add(`${field}/username`, 'duplicate_username', `${username} is the user name of another device in this request`);
      return;
    }
    seenNames.add(username);

    let existing: Device | undefined;
    if (input.id !== undefined) {
      existing = stored.find((d) => d.id === input.id);
      if (!existing || seenIds.has(existing.id)) {
        issues.add(`${field}/id`, 'unknown_device', `${input.id} is not a device of this user; leave the id out for a new device`);
        return;
      }
    } else {
      existing = stored.find((d) => d.username === username && !seenIds.has(d.id));
    }
    if (existing) seenIds.add(existing.id);

    const name = readName(issues, `${field}/name`, input.name ?? username, { min: 1, max: 100 });
    let ha1: DeviceHa1 | null = null;
    if (input.password !== undefined) {
      const length = [...input.password].length;
      if (length < passwordLimits.min || length > passwordLimits.max) {
        issues.add(`${field}/password`, 'invalid_password', `must have ${passwordLimits.min} to ${passwordLimits.max} characters`);
        return;
      }
      ha1 = deviceHa1(username, input.password, realm);
    } else if (existing && existing.username === username) {
      ha1 = existing.ha1;
    } else {
      const why = existing ? 'a changed user name needs the password again (the stored digest hash includes the user name)' : 'a new device needs a password';
      issues.add(`${field}/password`, 'password_required', why);
      return;
    }
    if (name === null) return;
    devices.push({ id: existing ? existing.id : null, name, username, ha1 });
  });
  return devices;
}

/** A stored user as input again (devices by id, passwords left out), for PATCH to lay fields over. */
export function userToInput(user: User): UserInput & { readonly displayName: string } {
  return {
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: user.displayName,
    locationId: user.locationId,
    extension: user.extension,
    email: user.email,
    devices: user.devices.map((d) => ({ id: d.id, name: d.name, username: d.username })),
  };
}
