import { ConflictError, type FieldIssue } from '../domain/errors.ts';
import type { OrganizationId, UserId } from '../domain/ids.ts';
import type { ReadContext } from './repository-context.ts';
import type { UniqueConstraint } from './unique-violation.ts';

/** The constraint that makes a device user name unique on the whole platform (migration 0006). */
export const deviceUsernameUnique: UniqueConstraint = { name: 'devices_username_unique', table: 'devices', columns: ['username'] };

/**
 * The `conflict` error for device user names another user's device already has, one issue per
 * device (`/devices/<i>/username`, `username_taken`), or null when all are free. A holder in the
 * writer's own organization is named; one in another organization is not: its ids and names are
 * none of the writer's business, only that the name is taken.
 */
export async function usernamesTakenError(
  context: ReadContext,
  organizationId: OrganizationId,
  userId: UserId | null,
  usernames: readonly string[],
): Promise<ConflictError | null> {
  if (usernames.length === 0) return null;
  let query = context
    .db()
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .select(['devices.username', 'devices.organization_id', 'users.id as user_id', 'users.display_name'])
    .where('devices.username', 'in', [...usernames]);
  if (userId !== null) query = query.where('devices.user_id', '!=', userId);
  const holders = await query.execute();
  if (holders.length === 0) return null;
  const issues: FieldIssue[] = [];
  let named: { type: string; id: string } | undefined;
  usernames.forEach((username, i) => {
    const holder = holders.find((h) => h.username === username);
    if (!holder) return;
    const own = holder.organization_id === organizationId;
    if (own) named ??= { type: 'user', id: holder.user_id };
    issues.push({
      field: `/devices/${i}/username`,
      code: 'username_taken',
      message: own
        ? `${username} is already the user name of a device of ${holder.display_name} (user ${holder.user_id})`
        : `${username} is already in use elsewhere: device user names are unique on the whole platform`,
    });
  });
  const first = issues[0];
  return new ConflictError('conflict', first ? first.message : 'A device user name is already in use', named, issues);
}
