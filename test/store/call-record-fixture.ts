import type { CallRecord } from '../../src/domain/call-record.ts';
import { newId, type NumberId, type OrganizationId } from '../../src/domain/ids.ts';

/**
 * A finished call as call control would record it: answered by the first leg after 5 s, 60 s of talk.
 * `overrides` replaces fields; `startedAt` moves the whole call.
 */
export function callRecord(organizationId: OrganizationId, overrides: Partial<CallRecord> = {}): CallRecord {
  const startedAt = overrides.startedAt ?? '2026-03-02T09:00:00.000Z';
  const at = (seconds: number) => new Date(Date.parse(startedAt) + seconds * 1000).toISOString();
  return {
    id: newId('call', Date.parse(startedAt)),
    organizationId,
    numberId: 'num_0000000000aaaaaaaaaaaa' as NumberId,
    dialledNumber: '+31201234567',
    caller: { number: '+31612345678', kind: 'number', raw: '0612345678' },
    trunkId: null,
    sipCallId: `${Math.random().toString(36).slice(2)}@carrier.example`,
    startedAt,
    answeredAt: at(5),
    endedAt: at(65),
    durationSeconds: 60,
    result: 'answered',
    endCause: 'caller hung up',
    hungUpBy: 'caller',
    answeredBy: { legId: 'leg-1', destination: '+31687654321', label: 'Mobile' },
    legs: [
      { legId: 'leg-1', destination: '+31687654321', label: 'Mobile', startedAt, answeredAt: at(5), endedAt: at(65), result: 'answered', status: 200 },
      {
        legId: 'leg-2',
        destination: '+442079460958',
        startedAt,
        answeredAt: null,
        endedAt: startedAt,
        result: 'refused',
        reason: 'country GB is not allowed for this organization',
      },
    ],
    timeline: [
      { atSeconds: 0, at: startedAt, event: 'ringing', legId: 'leg-1', destination: '+31687654321', label: 'Mobile' },
      { atSeconds: 0, at: startedAt, event: 'refused', legId: 'leg-2', destination: '+442079460958', reason: 'country GB is not allowed' },
      { atSeconds: 5, at: at(5), event: 'answered', legId: 'leg-1', destination: '+31687654321', label: 'Mobile' },
      { atSeconds: 5, at: at(5), event: 'connected', legId: 'leg-1', destination: '+31687654321', label: 'Mobile' },
      { atSeconds: 65, at: at(65), event: 'hungUp', reason: 'caller' },
    ],
    ...overrides,
  };
}
