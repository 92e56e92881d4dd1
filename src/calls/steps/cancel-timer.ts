import type { CancelTimerStep } from '../../routing/index.ts';
import type { StepHost } from './step-host.ts';

/** The `cancelTimer` step: a timer the engine no longer needs never fires. */
export function cancelTimer(host: StepHost, step: CancelTimerStep): void {
  const handle = host.timers.get(step.timerId);
  if (handle) host.endpoint.clock.clear(handle);
  host.timers.delete(step.timerId);
}
