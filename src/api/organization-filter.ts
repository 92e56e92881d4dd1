import type { CallFilter } from '../domain/call-filter.ts';
import type { CallFilterInput } from '../domain/call-filter-input.ts';
import { ValidationError } from '../domain/errors.ts';
import { defaultNoAnswer } from '../domain/flow.ts';
import { flowFromInput, flowToOutput, type FlowReferences } from '../domain/flow-input.ts';
import type { OrganizationId } from '../domain/ids.ts';
import type { Country } from '../domain/phone-number.ts';
import type { ReadRepositories } from '../store/store.ts';

/**
 * The organization-wide call filter is the same document as a number's own filter, so it is read and
 * shown by the flow's code: the entries by `callFilterFromInput`, the targets of `reroute` entries as
 * flow targets (which may name the organization's rosters). It is read as the filter of a flow that
 * otherwise only hangs up, and the flow's `/filter` prefix is taken off the field pointers, so a
 * problem is named as it sits in the request body (`/entries/2/match`).
 */
export function organizationFilterFromInput(raw: unknown, country: Country, references: FlowReferences): CallFilter {
  try {
    const flow = flowFromInput({ filter: raw, target: defaultNoAnswer }, country, references);
    if (!flow.filter) throw new ValidationError([{ field: '', code: 'invalid_type', message: 'must be a call filter object' }]);
    return flow.filter;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(error.issues.map((issue) => ({ ...issue, field: issue.field.replace(/^\/filter(?=\/|$)/, '') })));
  }
}

/** The filter as the API shows it: prefixes as people read them, reroute targets as flow targets. */
export function organizationFilterToOutput(filter: CallFilter): CallFilterInput {
  const output = flowToOutput({ filter, target: defaultNoAnswer }).filter;
  // flowToOutput shows any filter it is given; a missing one here would be a bug in it.
  if (!output) throw new Error('flowToOutput dropped the filter');
  return output;
}

/** The rosters, schedules, users and queues of the organization, which a reroute target may name; read in the saving transaction. */
export async function filterReferences(reads: ReadRepositories, organizationId: OrganizationId): Promise<FlowReferences> {
  const schedules = await reads.schedules.listAll(organizationId);
  const rosters = await reads.rosters.listAll(organizationId);
  const queues = await reads.queues.listAll(organizationId);
  const users = await reads.users.listAll(organizationId);
  return {
    scheduleIds: new Set(schedules.map((s) => s.id)),
    rosterIds: new Set(rosters.map((r) => r.id)),
    userIds: new Set(users.map((u) => u.id)),
    queueIds: new Set(queues.map((q) => q.id)),
  };
}
