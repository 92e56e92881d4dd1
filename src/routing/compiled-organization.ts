import type { BusinessNumber } from '../domain/business-number.ts';
import type { CallFilter } from '../domain/call-filter.ts';
import type { Organization } from '../domain/organization.ts';
import type { Roster } from '../domain/roster.ts';
import type { Schedule } from '../domain/schedule.ts';
import { compileFlow } from './compile-flow.ts';
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
  /** The organization-wide call filter, applied before each number's own (absent or null: none). */
  readonly filter?: CallFilter | null;
}

/** A number with its flow compiled. `number` is the stored record itself, not a copy. */
export interface CompiledNumber {
  readonly number: BusinessNumber;
  readonly target: CompiledTarget;
}

export interface CompiledOrganization {
  readonly organization: Organization;
  readonly numbers: readonly CompiledNumber[];
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
    return reusable.get(number) ?? { number, target: compileFlow(number.flow, number.id) };
  });
  return Object.freeze({ organization, numbers: Object.freeze(numbers) });
}
