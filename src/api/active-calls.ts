import type { CallRecord } from '../domain/call-record.ts';
import type { OrganizationId } from '../domain/ids.ts';

/**
 * The calls in progress right now. They live in call control's memory, not in the store (a record is
 * saved as a call changes and when it ends), so the API asks call control. Call control implements
 * this structurally; the API does not import it.
 */
export interface ActiveCallSource {
  activeCalls(organizationId: OrganizationId): readonly CallRecord[];
}

/** A node without call control (SIP off, tests): no call is ever in progress. */
export const noActiveCalls: ActiveCallSource = { activeCalls: () => [] };
