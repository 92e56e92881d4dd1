import type { OrganizationId } from './ids.ts';
import type { Country } from './phone-number.ts';

export interface Organization {
  readonly id: OrganizationId;
  readonly name: string;
  /** Home country: numbers typed without a country code are read as this country's. */
  readonly country: Country;
  readonly createdAt: string;
  readonly updatedAt: string;
}
