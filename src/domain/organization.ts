import type { OrganizationId } from './ids.ts';
import type { Country } from './phone-number.ts';

export interface Organization {
  readonly id: OrganizationId;
  readonly name: string;
  /** Home country: numbers typed without a country code are read as this country's. */
  readonly country: Country;
  /**
   * The countries outbound legs to phone numbers may go to (a toll-fraud guard), upper-case and without
   * duplicates. null: only `country`, so the default follows a change of the home country. See
   * `effectiveAllowedCountries`.
   */
  readonly allowedCountries: readonly Country[] | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}
