import type { StartTimerStep } from '../../routing/index.ts';
import type { StepHost } from './step-host.ts';

/** The `startTimer` step: the engine's own timer (the next group of a staggered ring), on the real clock. */
export function startTimer(host: StepHost, step: StartTimerStep): void {
  const previous = host.timers.get(step.timerId);
  if (previous) host.endpoint.clock.clear(previous);
  const handle = host.endpoint.clock.setTimer(step.seconds * 1000, () => {
    host.timers.delete(step.timerId);
    host.deliver({ type: 'timer', timerId: step.timerId });
  });
  host.timers.set(step.timerId, handle);
}
