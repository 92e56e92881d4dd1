import type { ConnectStep } from '../../routing/index.ts';
import type { StepHost } from './step-host.ts';

/**
 * The `connect` step: the caller is answered with the destination's SDP answer (the offer travelled
 * in the INVITEs, so the answer closes it, RFC 3264 §6) and from now on the two legs are bridged.
 */
export function connectLeg(host: StepHost, step: ConnectStep): void {
  if (host.connect(step.legId)) return;
  // The caller left while the answer was on its way (a CANCEL crossed it): hang up the destination.
  host.legs.get(step.legId)?.sip.hangUp();
  host.end({ kind: 'hungUp', reason: 'the caller hung up as the destination answered' });
}
