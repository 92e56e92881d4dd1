import type { Flow } from './flow.ts';
import type { NumberId, OrganizationId } from './ids.ts';
import type { E164 } from './phone-number.ts';

/** A phone number an organization owns and callers dial. */
export interface BusinessNumber {
  readonly id: NumberId;
  readonly organizationId: OrganizationId;
  readonly phoneNumber: E164;
  readonly label: string;
  readonly flow: Flow;
  /** Increases by one with every change; lets clients detect concurrent edits. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
