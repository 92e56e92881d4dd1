import type { VirtualExtensionId } from '../domain/ids.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { DialPlanIndex } from './dial-plan-index.ts';

/** How an inbound caller is shown on the phone that rings: "Ana Silva — 5001" instead of a bare foreign number. */
export interface CallerPresentation {
  readonly displayName: string;
  readonly esn: string;
  readonly extension: string;
  readonly virtualExtensionId: VirtualExtensionId;
}

/**
 * The presentation of a caller whose number (already parsed to E.164 from whatever the trunk sent)
 * is a virtual extension's phone number; null for any other caller. The call record keeps the real
 * number; this only changes what is displayed. One map lookup.
 */
export function presentCaller(index: DialPlanIndex, e164: E164): CallerPresentation | null {
  const entry = index.virtualExtensionByPhoneNumber(e164);
  if (!entry) return null;
  return { displayName: entry.displayName, esn: entry.esn, extension: entry.extension, virtualExtensionId: entry.id };
}
