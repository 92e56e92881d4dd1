import type { BusinessNumber } from '../domain/business-number.ts';
import { ConflictError } from '../domain/errors.ts';
import type { NumberId, OrganizationId, QueueId, RosterId, ScheduleId } from '../domain/ids.ts';
import type { ReadRepositories } from '../store/store.ts';

export type FlowReference =
  | { readonly scheduleId: ScheduleId }
  | { readonly rosterId: RosterId }
  | { readonly numberId: NumberId }
  | { readonly queueId: QueueId };

/**
 * The organization's numbers whose flow names a schedule, roster, number or queue, so deleting it can be refused
 * while a number still routes by it. Ids are unique and prefixed (`sch_…`, `ros_…`), so finding the id's
 * text anywhere in the flow document is exact, wherever the flow nests it (rules, ring destinations,
 * menu keys, reroute targets), whatever shape the flow takes next. Pass the transaction's repositories so the
 * answer holds until the delete commits.
 */
export async function numbersUsing(reads: ReadRepositories, organizationId: OrganizationId, reference: FlowReference): Promise<BusinessNumber[]> {
  const id = referencedId(reference);
  const quoted = JSON.stringify(id);
  const numbers = await reads.numbers.listAll(organizationId);
  return numbers.filter((number) => JSON.stringify(number.flow).includes(quoted));
}

/**
 * Refuses (409 `conflict`) to delete a schedule, roster, number or queue while a number's flow, or the organization's
 * call filter, still names it: the next call would otherwise meet a rule or destination that is gone.
 * The problem names each number, so the person can change those flows first.
 */
export async function refuseDeleteInUse(reads: ReadRepositories, organizationId: OrganizationId, reference: FlowReference): Promise<void> {
  const id = referencedId(reference);
  const what = 'scheduleId' in reference ? 'schedule' : 'rosterId' in reference ? 'roster' : 'queueId' in reference ? 'queue' : 'number';
  const numbers = await numbersUsing(reads, organizationId, reference);
  const filter = await reads.organizations.callFilter(organizationId);
  const inFilter = filter !== null && JSON.stringify(filter).includes(JSON.stringify(id));
  if (numbers.length === 0 && !inFilter) return;
  const issues = numbers.map((n) => ({ field: '', code: 'in_use', message: `the flow of ${n.phoneNumber} (${n.id}, "${n.label}") uses it` }));
  if (inFilter) issues.push({ field: '', code: 'in_use', message: "the organization's call filter (/v1/organization/filter) uses it" });
  const users = [...numbers.map((n) => n.phoneNumber), ...(inFilter ? ['the organization call filter'] : [])];
  const first = numbers[0];
  throw new ConflictError(
    'conflict',
    `${what} ${id} is still used by ${users.join(', ')}: change ${users.length === 1 ? 'it' : 'them'} first`,
    first ? { type: 'number', id: first.id } : { type: 'organization', id: organizationId },
    issues,
  );
}

function referencedId(reference: FlowReference): string {
  if ('scheduleId' in reference) return reference.scheduleId;
  if ('rosterId' in reference) return reference.rosterId;
  if ('queueId' in reference) return reference.queueId;
  return reference.numberId;
}
