import type { Selectable } from 'kysely';
import type { AuditAction, AuditEntry } from '../domain/audit.ts';
import type { BusinessNumber } from '../domain/business-number.ts';
import type { Flow } from '../domain/flow.ts';
import type { AuditEntryId, NumberId, OrganizationId, TokenId } from '../domain/ids.ts';
import type { Organization } from '../domain/organization.ts';
import type { Country, E164 } from '../domain/phone-number.ts';
import { tokenRoles, type ApiToken, type TokenRole } from '../domain/token.ts';
import type { AuditLogTable, NumberTable, OrganizationTable, TokenTable } from './schema.ts';

/*
 * Rows ↔ domain records. The columns each read selects are listed here, next to the mapping that
 * needs them, so no query selects more than the record holds (a token's secret hash never leaves
 * the table through a read).
 */

export const organizationColumns = ['id', 'name', 'country', 'allowed_countries', 'created_at', 'updated_at'] as const;
export type OrganizationRow = Pick<Selectable<OrganizationTable>, (typeof organizationColumns)[number]>;

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id as OrganizationId,
    name: row.name,
    country: row.country as Country,
    // Written by this code from codes `allowedCountriesFromInput` checked.
    allowedCountries: row.allowed_countries === null ? null : (JSON.parse(row.allowed_countries) as Country[]),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const tokenColumns = [
  'id',
  'organization_id',
  'name',
  'role',
  'platform_admin',
  'prefix',
  'created_at',
  'revoked_at',
  'last_used_at',
] as const;
export type TokenRow = Pick<Selectable<TokenTable>, (typeof tokenColumns)[number]>;

export function toToken(row: TokenRow): ApiToken {
  return {
    id: row.id as TokenId,
    organizationId: row.organization_id as OrganizationId,
    name: row.name,
    role: asRole(row.role),
    platformAdmin: row.platform_admin === 1,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

function asRole(value: string): TokenRole {
  const role = tokenRoles.find((r) => r === value);
  // Only this code writes the column, so another value means the database was edited by hand.
  if (!role) throw new Error(`api_tokens.role holds ${JSON.stringify(value)}, which is not a token role`);
  return role;
}

export const numberColumns = [
  'id',
  'organization_id',
  'phone_number',
  'label',
  'flow',
  'version',
  'created_at',
  'updated_at',
] as const;
export type NumberRow = Pick<Selectable<NumberTable>, (typeof numberColumns)[number]>;

export function toBusinessNumber(row: NumberRow): BusinessNumber {
  return {
    id: row.id as NumberId,
    organizationId: row.organization_id as OrganizationId,
    phoneNumber: row.phone_number as E164,
    label: row.label,
    // Written by this code from a validated Flow; read back as the same document.
    flow: JSON.parse(row.flow) as Flow,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const auditColumns = [
  'id',
  'organization_id',
  'at',
  'actor_token_id',
  'action',
  'resource_type',
  'resource_id',
  'before',
  'after',
] as const;
export type AuditRow = Pick<Selectable<AuditLogTable>, (typeof auditColumns)[number]>;

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id as AuditEntryId,
    organizationId: row.organization_id as OrganizationId,
    at: row.at,
    actorTokenId: row.actor_token_id as TokenId | null,
    action: row.action as AuditAction,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    before: fromJsonText(row.before),
    after: fromJsonText(row.after),
  };
}

/** A JSON document as a text column; absent (null or undefined) is SQL NULL. */
export function toJsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function fromJsonText(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

/** An instant as stored: ISO-8601 UTC with milliseconds, which sorts as time does. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** `count(*)`: a number from SQLite, a bigint rendered as a string by node-postgres. */
export function toCount(value: string | number | bigint): number {
  return Number(value);
}
