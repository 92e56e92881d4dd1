import type { OrganizationId, UserId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { ReadRepositories } from '../store/store.ts';

/**
 * The number emergency services see, and call back, for an emergency call from a user's phone: their
 * location's emergency callback number, else the organization's first business number; null when the
 * organization has neither (the call then shows the caller's ESN, the only identity there is).
 */
export async function emergencyCallbackOf(
  reads: Pick<ReadRepositories, 'users' | 'locations' | 'numbers'>,
  organizationId: OrganizationId,
  userId: UserId,
): Promise<E164 | null> {
  const user = await reads.users.get(organizationId, userId);
  const location = user ? await reads.locations.get(organizationId, user.locationId) : null;
  if (location?.emergencyCallbackNumber) return location.emergencyCallbackNumber;
  const [first] = await reads.numbers.listAll(organizationId);
  return first?.phoneNumber ?? null;
}
