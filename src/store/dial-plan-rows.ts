import type { Selectable } from 'kysely';
import type { Device, Location, User, VirtualExtensionRange } from '../domain/dial-plan.ts';
import type { DeviceId, LocationId, OrganizationId, UserId, VirtualExtensionRangeId } from '../domain/ids.ts';
import type { Country, E164 } from '../domain/phone-number.ts';
import type { DeviceTable, LocationTable, UserTable, VirtualExtensionRangeTable } from './schema.ts';

/* Rows ↔ dial-plan records (migration 0006). Each read selects exactly the columns its mapping needs. */

export const locationColumns = [
  'id',
  'organization_id',
  'name',
  'time_zone',
  'routing_prefix',
  'outside_dial_digit',
  'country',
  'emergency_callback_number',
  'version',
  'created_at',
  'updated_at',
] as const;
export type LocationRow = Pick<Selectable<LocationTable>, (typeof locationColumns)[number]>;

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id as LocationId,
    organizationId: row.organization_id as OrganizationId,
    name: row.name,
    timeZone: row.time_zone,
    routingPrefix: row.routing_prefix,
    outsideDialDigit: row.outside_dial_digit,
    // Written by this code from a code `asCountry` accepted.
    country: row.country as Country | null,
    // Written by this code from a number `parsePhoneNumber` accepted.
    emergencyCallbackNumber: row.emergency_callback_number as E164 | null,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const userColumns = [
  'id',
  'organization_id',
  'first_name',
  'last_name',
  'display_name',
  'location_id',
  'extension',
  'email',
  'version',
  'created_at',
  'updated_at',
] as const;
export type UserRow = Pick<Selectable<UserTable>, (typeof userColumns)[number]>;

export const deviceColumns = ['id', 'user_id', 'name', 'username', 'ha1_md5', 'ha1_sha256'] as const;
export type DeviceRow = Pick<Selectable<DeviceTable>, (typeof deviceColumns)[number]>;

export function toDevice(row: DeviceRow): Device {
  return { id: row.id as DeviceId, name: row.name, username: row.username, ha1: { md5: row.ha1_md5, sha256: row.ha1_sha256 } };
}

export function toUser(row: UserRow, devices: readonly DeviceRow[]): User {
  return {
    id: row.id as UserId,
    organizationId: row.organization_id as OrganizationId,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    locationId: row.location_id as LocationId,
    extension: row.extension,
    email: row.email,
    devices: devices.map(toDevice),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A user as the audit log keeps it: devices without their digest hashes, which are secrets. */
export function auditedUser(user: User): unknown {
  return { ...user, devices: user.devices.map((d) => ({ id: d.id, name: d.name, username: d.username, hasPassword: true })) };
}

export const rangeColumns = ['id', 'organization_id', 'name', 'prefix', 'patterns', 'location_id', 'version', 'created_at', 'updated_at'] as const;
export type RangeRow = Pick<Selectable<VirtualExtensionRangeTable>, (typeof rangeColumns)[number]>;

export function toRange(row: RangeRow): VirtualExtensionRange {
  return {
    id: row.id as VirtualExtensionRangeId,
    organizationId: row.organization_id as OrganizationId,
    name: row.name,
    prefix: row.prefix,
    // Written by this code from validated patterns.
    patterns: JSON.parse(row.patterns) as string[],
    locationId: row.location_id as LocationId | null,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
