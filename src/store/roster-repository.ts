import type { OrganizationId, RosterId } from '../domain/ids.ts';
import type { Roster, RosterSettings } from '../domain/roster.ts';
import { documentId, type DocumentKind, type DocumentRow } from './document-repository.ts';

/** Rosters as documents in the `rosters` table. */
export const rosterKind: DocumentKind<RosterId, RosterSettings, Roster> = {
  table: 'rosters',
  idKind: 'roster',
  resourceType: 'roster',
  newId: documentId<RosterId>('roster'),
  settingsOf: ({ name, timeZone, members, rotation, overrides }) => ({ name, timeZone, members, rotation, overrides }),
  toItem: (row: DocumentRow): Roster => ({
    // Written by this code from settings `rosterFromInput` validated.
    ...(JSON.parse(row.document) as RosterSettings),
    id: row.id as RosterId,
    organizationId: row.organization_id as OrganizationId,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }),
};
