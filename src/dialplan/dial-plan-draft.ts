import type { VirtualExtensionId } from '../domain/ids.ts';
import type { DialPlanVirtualExtensionData } from './dial-plan-data.ts';
import { DialPlanIndex } from './dial-plan-index.ts';

/**
 * A writable copy of an index for bulk work (a CSV import of 100,000 rows): check a row with
 * `conflictsOfVirtualExtension(draft, …)`, then `put` it, so the next row is checked against the
 * rows before it without recompiling the whole plan per row. The index it came from is unchanged.
 */
export class DialPlanDraft extends DialPlanIndex {
  static from(index: DialPlanIndex): DialPlanDraft {
    return new DialPlanDraft(index);
  }

  private constructor(index: DialPlanIndex) {
    super(index.organizationId, index.settings, index.country, DialPlanIndex.copyStateOf(index));
  }

  /** Adds the virtual extension, or replaces the one with its id (its old extension and number are freed). */
  putVirtualExtension(data: DialPlanVirtualExtensionData): void {
    this.unplace(data.id);
    this.place(data);
  }

  removeVirtualExtension(id: VirtualExtensionId): void {
    this.unplace(id);
  }
}
