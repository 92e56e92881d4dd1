import type { CancelStep } from '../../routing/index.ts';
import { stopRingTimer } from './ring-legs.ts';
import type { StepHost } from './step-host.ts';

const reasonWords: Record<CancelStep['reason'], string> = {
  'answered-elsewhere': 'Call completed elsewhere',
  'caller-hung-up': 'the caller hung up',
  superseded: 'replaced by the next step of the flow',
};

/**
 * The `cancel` step: stops ringing legs. Legs that lost to another answer get a CANCEL with
 * `Reason: SIP;cause=200;text="Call completed elsewhere"` (RFC 3326 §2), so a phone shows no missed
 * call; other cancels carry no Reason.
 */
export function cancelLegs(host: StepHost, step: CancelStep): void {
  const headers = step.reason === 'answered-elsewhere' ? [host.completedElsewhere] : [];
  for (const legId of step.legIds) {
    const placed = host.legs.get(legId);
    host.ledger.legEnded(legId, 'cancelled', { reason: reasonWords[step.reason] });
    if (!placed) continue;
    stopRingTimer(host, placed);
    placed.sip.cancel(headers);
  }
}
