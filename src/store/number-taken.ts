import { ConflictError } from '../domain/errors.ts';
import type { OrganizationId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { ReadContext } from './repository-context.ts';
import type { UniqueConstraint } from './unique-violation.ts';

/** The constraint that makes a phone number unique across the platform (see migration 0001). */
export const phoneNumberUnique: UniqueConstraint = {
  name: 'numbers_phone_number_unique',
  table: 'numbers',
  columns: ['phone_number'],
};

/**
 * The `number_taken` error for a write that collided with an existing phone number. When the holder
 * is in the writer's own organization the error names it, so the caller can open it; when it is in
 * another organization the error says only that the number is in use elsewhere: that organization's
 * ids are none of the caller's business.
 */
export async function numberTakenError(
  context: ReadContext,
  organizationId: OrganizationId,
  phoneNumber: E164,
): Promise<ConflictError> {
  const holder = await context
    .db()
    .selectFrom('numbers')
    .select(['id', 'organization_id', 'label'])
    .where('phone_number', '=', phoneNumber)
    .executeTakeFirst();
  if (holder && holder.organization_id === organizationId) {
    return new ConflictError(
      'number_taken',
      `${phoneNumber} is already number ${holder.id} (${JSON.stringify(holder.label)}) in this organization`,
      { type: 'number', id: holder.id },
    );
  }
  // Also the answer when the holder is gone by now (it was deleted after our write collided with
  // it): the write failed because the number was in use at that moment.
  return new ConflictError('number_taken', `${phoneNumber} is already in use elsewhere`);
}
