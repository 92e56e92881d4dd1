import type { DialPlanData } from '../dialplan/index.ts';
import { compileDialPlanIndex, type DialPlanIndex } from '../dialplan/index.ts';
import { dialPlanDefaults } from '../domain/dial-plan.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { OrganizationId } from '../domain/ids.ts';
import type { ReadRepositories, Repositories } from '../store/store.ts';

/**
 * An organization's dial plan as the store holds it now, as `DialPlanData`: settings, locations,
 * users' extensions, virtual extensions, ranges and business numbers. Inside a transaction pass the
 * transaction's repositories, so the data includes its own writes so far.
 */
export async function loadDialPlanData(reads: ReadRepositories, organizationId: OrganizationId): Promise<DialPlanData> {
  const organization = await reads.organizations.get(organizationId);
  if (!organization) throw new NotFoundError('Organization', organizationId);
  const [settings, locations, users, ranges, numbers, virtualExtensions] = await Promise.all([
    reads.dialPlanSettings.get(organizationId),
    reads.locations.listAll(organizationId),
    reads.users.listAll(organizationId),
    reads.virtualExtensionRanges.listAll(organizationId),
    reads.numbers.listAll(organizationId),
    reads.virtualExtensions.listForDialPlan(organizationId),
  ]);
  return {
    organizationId,
    settings: settings ?? dialPlanDefaults,
    country: organization.country,
    locations,
    users: users.map((u) => ({ id: u.id, locationId: u.locationId, extension: u.extension, displayName: u.displayName })),
    virtualExtensions,
    ranges,
    numbers: numbers.map((n) => ({ id: n.id, e164: n.phoneNumber })),
  };
}

/** The compiled index of the organization's dial plan as stored now. */
export async function loadDialPlanIndex(reads: ReadRepositories, organizationId: OrganizationId): Promise<DialPlanIndex> {
  return compileDialPlanIndex(await loadDialPlanData(reads, organizationId));
}

/**
 * For a change to the dial plan: locks the organization's dial plan for the rest of the transaction
 * (so no other write checks the conflict matrix against a plan that is about to change), then
 * compiles it as the transaction sees it. Every dial-plan write calls this first, then runs its
 * `conflictsOf…` check against the index, then writes.
 */
export async function lockDialPlanIndex(tx: Repositories, organizationId: OrganizationId): Promise<DialPlanIndex> {
  if (!(await tx.dialPlanSettings.lock(organizationId))) throw new NotFoundError('Organization', organizationId);
  return loadDialPlanIndex(tx, organizationId);
}
