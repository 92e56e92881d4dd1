import type { BusinessNumber } from '../domain/business-number.ts';
import type { CallFilter } from '../domain/call-filter.ts';
import type { Organization } from '../domain/organization.ts';
import type { Queue } from '../domain/queue.ts';
import type { Roster } from '../domain/roster.ts';
import type { Schedule } from '../domain/schedule.ts';
import { compileFilter, compileFlow } from './compile-flow.ts';
import type { CompiledTarget } from './compiled-target.ts';
import { RoutingError } from './routing-error.ts';

/** An organization and every number it owns, as the store holds them. */
export interface OrganizationConfig {
  readonly organization: Organization;
  readonly numbers: readonly BusinessNumber[];
  /** The organization's schedules, for flow rules (absent: none). */
  readonly schedules?: readonly Schedule[];
  /** The organization's rosters, for ring destinations that name one (absent: none). */
  readonly rosters?: readonly Roster[];
  /** The organization's queues, for queue targets (absent: none). */
  readonly queues?: readonly Queue[];
  /** The organization-wide call filter, applied before each number's own (absent or null: none). */
  readonly filter?: CallFilter | null;
}

/** A number with its flow compiled. `number` is the stored record itself, not a copy. */
export interface CompiledNumber {
  readonly number: BusinessNumber;
  readonly target: CompiledTarget;
  readonly rules: readonly CompiledRule[];
  readonly filter: CompiledFilter | null;
}

export interface CompiledRule {
  readonly name?: string;
  readonly scheduleId: string;
  readonly when: 'open' | 'closed';
  readonly target: CompiledTarget;
}

/** A call filter with the targets its `reroute` entries send calls to, compiled, by entry index. */
export interface CompiledFilter {
  readonly filter: CallFilter;
  readonly reroutes: ReadonlyMap<number, CompiledTarget>;
}

export interface CompiledOrganization {
  readonly organization: Organization;
  readonly numbers: readonly CompiledNumber[];
  /** The same numbers by id, for `number` targets. */
  readonly numbersById: ReadonlyMap<string, CompiledNumber>;
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly rosters: ReadonlyMap<string, Roster>;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly filter: CompiledFilter | null;
}

/**
 * Compiles one organization. `previous` lets a re-compile reuse the work for numbers whose stored
 * record is the very same object as before (nothing about them can have changed).
 */
export function compileOrganization(config: OrganizationConfig, previous?: CompiledOrganization): CompiledOrganization {
  const { organization } = config;
  const reusable = new Map<BusinessNumber, CompiledNumber>();
  for (const compiled of previous?.numbers ?? []) reusable.set(compiled.number, compiled);

  const seen = new Set<string>();
  const numbers = config.numbers.map((number): CompiledNumber => {
    if (number.organizationId !== organization.id) {
      throw new RoutingError(
        'number_organization_mismatch',
        `Number ${number.id} (${number.phoneNumber}) belongs to ${number.organizationId}, not to ${organization.id}`,
      );
    }
    if (seen.has(number.phoneNumber)) {
      throw new RoutingError('duplicate_number', `${number.phoneNumber} appears twice in organization ${organization.id}`);
    }
    seen.add(number.phoneNumber);
    return reusable.get(number) ?? compileFlow(number);
  });
  return Object.freeze({
    organization,
    numbers: Object.freeze(numbers),
    numbersById: new Map(numbers.map((compiled) => [compiled.number.id, compiled])),
    schedules: new Map((config.schedules ?? []).map((schedule) => [schedule.id, schedule])),
    rosters: new Map((config.rosters ?? []).map((roster) => [roster.id, roster])),
    queues: new Map((config.queues ?? []).map((queue) => [queue.id, queue])),
    filter: config.filter ? compileFilter(config.filter, `organization ${organization.id}`) : null,
  });
}
