import { parsePhoneNumber as parseLib } from 'libphonenumber-js/max';
import type { AuditEntry } from '../domain/audit.ts';
import type { BusinessNumber } from '../domain/business-number.ts';
import type { CallRecord } from '../domain/call-record.ts';
import { destinationKey } from '../domain/destination.ts';
import type { Organization } from '../domain/organization.ts';
import type { Queue } from '../domain/queue.ts';
import { queueToOutput } from '../domain/queue-input.ts';
import type { Roster } from '../domain/roster.ts';
import { rosterToOutput } from '../domain/roster-input.ts';
import type { Schedule } from '../domain/schedule.ts';
import type { OnCall } from '../routing/roster-evaluator.ts';
import type { ScheduleState } from '../routing/schedule-evaluator.ts';
import type { ApiToken } from '../domain/token.ts';
import type { Trunk } from '../domain/trunk.ts';

/** Records as the API shows them. One function per resource, used by routes and tests alike. */

export function presentOrganization(o: Organization) {
  return {
    id: o.id,
    name: o.name,
    country: o.country,
    allowedCountries: o.allowedCountries === null ? null : [...o.allowedCountries],
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function presentToken(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    platformAdmin: t.platformAdmin,
    prefix: t.prefix,
    createdAt: t.createdAt,
    revokedAt: t.revokedAt,
    lastUsedAt: t.lastUsedAt,
  };
}

export function presentNumber(n: BusinessNumber) {
  const parsed = parseLib(n.phoneNumber);
  return {
    id: n.id,
    phoneNumber: n.phoneNumber,
    phoneNumberFormatted: parsed.formatInternational(),
    country: parsed.country ?? null,
    label: n.label,
    version: n.version,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

/** The password never leaves: only whether there is one. Fields are listed, so a new one is a choice. */
export function presentTrunk(t: Trunk) {
  return {
    id: t.id,
    name: t.name,
    host: t.host,
    port: t.port,
    transport: t.transport,
    username: t.username,
    hasPassword: t.password !== null,
    sourceAddresses: [...t.sourceAddresses],
    enabled: t.enabled,
    maxCallsPerSecond: t.maxCallsPerSecond,
    version: t.version,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export function presentAudit(a: AuditEntry) {
  return {
    id: a.id,
    at: a.at,
    actorTokenId: a.actorTokenId,
    action: a.action,
    resourceType: a.resourceType,
    resourceId: a.resourceId,
    before: a.before ?? null,
    after: a.after ?? null,
  };
}

/** A call record as the API shows it: everything but the organization, which is the caller's own. */
export function presentCall(c: CallRecord) {
  return {
    id: c.id,
    numberId: c.numberId,
    dialledNumber: c.dialledNumber,
    caller: { number: c.caller.number, kind: c.caller.kind, raw: c.caller.raw, ...(c.caller.presentedAs ? { presentedAs: c.caller.presentedAs } : {}) },
    trunkId: c.trunkId,
    sipCallId: c.sipCallId,
    startedAt: c.startedAt,
    answeredAt: c.answeredAt,
    endedAt: c.endedAt,
    durationSeconds: c.durationSeconds,
    result: c.result,
    endCause: c.endCause,
    hungUpBy: c.hungUpBy,
    answeredBy: c.answeredBy,
    legs: c.legs,
    timeline: c.timeline,
  };
}

export function presentSchedule(s: Schedule) {
  return {
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    weekly: s.weekly,
    exceptions: s.exceptions,
    override: s.override,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** Instants as ISO strings; `at` says which moment was asked about (the default is now). */
export function presentScheduleState(state: ScheduleState, at: number) {
  return {
    at: new Date(at).toISOString(),
    open: state.open,
    reason: state.reason,
    source: state.source,
    ...(state.changesAt !== undefined ? { changesAt: new Date(state.changesAt).toISOString() } : {}),
  };
}

/** Destinations as canonical text (E.164 or SIP URI), as the roster was written. */
export function presentRoster(r: Roster) {
  return { id: r.id, ...rosterToOutput(r), version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/** Every setting with its default filled in; members as canonical text (E.164 or SIP URI). */
export function presentQueue(q: Queue) {
  return { id: q.id, ...queueToOutput(q), version: q.version, createdAt: q.createdAt, updatedAt: q.updatedAt };
}

export function presentOnCall(roster: Roster, onCall: OnCall, at: number) {
  const { member } = onCall;
  const override = onCall.override ? rosterToOutput({ ...roster, overrides: [onCall.override] }).overrides[0] : undefined;
  return {
    at: new Date(at).toISOString(),
    member: {
      destination: destinationKey(member.destination),
      kind: member.destination.kind,
      ...(member.label !== undefined ? { label: member.label } : {}),
    },
    memberIndex: onCall.memberIndex,
    shiftStart: new Date(onCall.shiftStart).toISOString(),
    shiftEnd: new Date(onCall.shiftEnd).toISOString(),
    reason: onCall.reason,
    ...(override ? { override } : {}),
  };
}
