import type { LegId, Step } from '../../routing/index.ts';
import { cancelLegs } from './cancel-legs.ts';
import { cancelTimer } from './cancel-timer.ts';
import { connectLeg } from './connect-leg.ts';
import { hangUpCall } from './hang-up-call.ts';
import { rejectCall } from './reject-call.ts';
import { ringLegs } from './ring-legs.ts';
import { startTimer } from './start-timer.ts';
import type { StepHost } from './step-host.ts';
import { refuseWithoutMedia, skipWhisper } from './without-media.ts';

/** Runs one step of the engine's plan with real SIP legs and timers; one file per kind of step. */
export function executeStep(host: StepHost, step: Step, refusals: ReadonlyMap<LegId, string>): void {
  // Exhaustive: a step kind the engine adds must be handled here before this compiles.
  switch (step.type) {
    case 'ring':
      return ringLegs(host, step, refusals);
    case 'cancel':
      return cancelLegs(host, step);
    case 'connect':
      return connectLeg(host, step);
    case 'startTimer':
      return startTimer(host, step);
    case 'cancelTimer':
      return cancelTimer(host, step);
    case 'reject':
      return rejectCall(host, step);
    case 'hangup':
      return hangUpCall(host, step);
    case 'whisper':
      return skipWhisper(host, step);
    case 'answer':
    case 'play':
    case 'watchQueue':
    case 'joinQueue':
    case 'leaveQueue':
      return refuseWithoutMedia(host, step);
  }
}
