import type { OrganizationId, QueueId } from '../domain/ids.ts';
import type { Queue, QueueSettings } from '../domain/queue.ts';
import { documentId, type DocumentKind, type DocumentRow } from './document-repository.ts';

/** Queues as documents in the `queues` table. */
export const queueKind: DocumentKind<QueueId, QueueSettings, Queue> = {
  table: 'queues',
  idKind: 'queue',
  resourceType: 'queue',
  newId: documentId<QueueId>('queue'),
  settingsOf: ({ name, members, strategy, ringSeconds, wrapUpSeconds, retrySeconds, maxCallers, maxWaitSeconds, whenNoMember, announcements }) => ({
    name,
    members,
    strategy,
    ringSeconds,
    wrapUpSeconds,
    retrySeconds,
    maxCallers,
    maxWaitSeconds,
    whenNoMember,
    announcements,
  }),
  toItem: (row: DocumentRow): Queue => ({
    // Written by this code from settings `queueFromInput` validated.
    ...(JSON.parse(row.document) as QueueSettings),
    id: row.id as QueueId,
    organizationId: row.organization_id as OrganizationId,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }),
};
