import type { AuditEntryId, OrganizationId, TokenId } from './ids.ts';

export type AuditAction = 'create' | 'update' | 'delete';

/** One configuration change: who, what, when, and the record before and after. */
export interface AuditEntry {
  readonly id: AuditEntryId;
  readonly organizationId: OrganizationId;
  readonly at: string;
  /** The token that made the change; null for changes the system made itself (first start). */
  readonly actorTokenId: TokenId | null;
  readonly action: AuditAction;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly before: unknown;
  readonly after: unknown;
}
