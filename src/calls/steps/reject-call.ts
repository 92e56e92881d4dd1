import type { RejectStep } from '../../routing/index.ts';
import type { StepHost } from './step-host.ts';

/** The `reject` step: the unanswered caller gets the final status the flow chose (480, 486, 603, 404). */
export function rejectCall(host: StepHost, step: RejectStep): void {
  host.end({ kind: 'refused', status: step.status, reason: step.reason });
}
