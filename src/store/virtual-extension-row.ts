import type { Selectable } from 'kysely';
import type { VirtualExtension } from '../domain/dial-plan.ts';
import type { LocationId, OrganizationId, VirtualExtensionId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { VirtualExtensionTable } from './schema.ts';
import type { VirtualExtensionView } from './store.ts';

/** Rows of `virtual_extensions` ↔ records. */

export const virtualExtensionColumns = [
  've.seq',
  've.id',
  've.organization_id',
  've.display_name',
  've.first_name',
  've.last_name',
  've.extension',
  've.phone_number',
  've.location_id',
  've.version',
  've.created_at',
  've.updated_at',
] as const;

export type VirtualExtensionRow = Pick<
  Selectable<VirtualExtensionTable>,
  'seq' | 'id' | 'organization_id' | 'display_name' | 'first_name' | 'last_name' | 'extension' | 'phone_number' | 'location_id' | 'version' | 'created_at' | 'updated_at'
>;

/** A row joined with its location's name and routing prefix (null at organization level). */
export type VirtualExtensionViewRow = VirtualExtensionRow & { location_name: string | null; routing_prefix: string | null };

export function toVirtualExtension(row: VirtualExtensionRow): VirtualExtension {
  return {
    id: row.id as VirtualExtensionId,
    organizationId: row.organization_id as OrganizationId,
    displayName: row.display_name,
    firstName: row.first_name,
    lastName: row.last_name,
    extension: row.extension,
    // Written by this code from numbers parsePhoneNumber returned.
    phoneNumber: row.phone_number as E164,
    locationId: row.location_id as LocationId | null,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toVirtualExtensionView(row: VirtualExtensionViewRow): VirtualExtensionView {
  const location = row.location_name !== null && row.routing_prefix !== null ? { name: row.location_name, routingPrefix: row.routing_prefix } : null;
  return { ...toVirtualExtension(row), location };
}
