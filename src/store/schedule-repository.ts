import type { OrganizationId, ScheduleId } from '../domain/ids.ts';
import type { Schedule, ScheduleSettings } from '../domain/schedule.ts';
import { documentId, type DocumentKind, type DocumentRow } from './document-repository.ts';

/** Schedules as documents in the `schedules` table. */
export const scheduleKind: DocumentKind<ScheduleId, ScheduleSettings, Schedule> = {
  table: 'schedules',
  idKind: 'schedule',
  resourceType: 'schedule',
  newId: documentId<ScheduleId>('schedule'),
  settingsOf: ({ name, timeZone, weekly, exceptions, override }) => ({ name, timeZone, weekly, exceptions, override }),
  toItem: (row: DocumentRow): Schedule => ({
    // Written by this code from settings `scheduleFromInput` validated.
    ...(JSON.parse(row.document) as ScheduleSettings),
    id: row.id as ScheduleId,
    organizationId: row.organization_id as OrganizationId,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }),
};
