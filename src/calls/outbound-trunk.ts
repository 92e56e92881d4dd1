import type { OrganizationId } from '../domain/ids.ts';
import type { Trunk } from '../domain/trunk.ts';
import type { ReadRepositories } from '../store/store.ts';

/**
 * The trunk calls from an organization's phones leave through: the dial plan's `outboundTrunkId`
 * when set, else the organization's first enabled trunk (in creation order). Null when that trunk is
 * disabled or the organization has none; the leg then fails saying there is no enabled trunk.
 */
export async function outboundTrunkOf(reads: Pick<ReadRepositories, 'trunks' | 'dialPlanSettings'>, organizationId: OrganizationId): Promise<Trunk | null> {
  const chosen = (await reads.dialPlanSettings.get(organizationId))?.outboundTrunkId ?? null;
  if (chosen !== null) {
    const trunk = await reads.trunks.get(organizationId, chosen);
    return trunk?.enabled ? trunk : null;
  }
  const page = await reads.trunks.list(organizationId, { limit: 100, offset: 0 });
  return page.items.find((trunk) => trunk.enabled) ?? null;
}
