import type { HangupStep } from '../../routing/index.ts';
import type { StepHost } from './step-host.ts';

/** The `hangup` step: ends a call whose caller was already answered (after a prompt), with a BYE. */
export function hangUpCall(host: StepHost, step: HangupStep): void {
  host.end({ kind: 'hungUp', reason: step.reason });
}
