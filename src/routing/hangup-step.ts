import type { DecisionBuilder } from './decision-builder.ts';
import type { CompiledHangup } from './compiled-target.ts';
import { ruleName } from './compiled-target.ts';
import type { RejectReason } from './step.ts';

/**
 * The SIP final response that refuses a call for each reason (RFC 3261 §21): 404 Not Found
 * (§21.4.5), 480 Temporarily Unavailable (§21.4.18), 486 Busy Here (§21.4.24), 603 Decline (§21.6.2).
 */
export function sipStatusFor(reason: RejectReason): number {
  switch (reason) {
    case 'not-found':
      return 404;
    case 'unavailable':
      return 480;
    case 'busy':
      return 486;
    case 'declined':
      return 603;
  }
}

const whatTheCallerHears: Record<CompiledHangup['reason'], string> = {
  unavailable: 'The call ends: the caller hears that nobody is available',
  busy: 'The call ends: the caller hears a busy signal',
  declined: 'The call is declined',
};

/**
 * A hang-up target. Before ringroute answered the caller, the call is refused with a SIP status; after
 * (a menu, an announcement, a queue answered it), it is hung up. `why` replaces the usual words.
 */
export function runHangup(builder: DecisionBuilder, target: CompiledHangup, path: readonly string[], answered: boolean, why?: string): void {
  const rule = ruleName(path);
  if (answered) {
    builder.step({ type: 'hangup', reason: target.reason });
    builder.note('call.hungUp', `${why ?? 'The flow ends here'}: ringroute hangs up.`, { rule });
    return;
  }
  const status = sipStatusFor(target.reason);
  builder.step({ type: 'reject', status, reason: target.reason });
  const words = why ? `${why}, so the call is refused` : whatTheCallerHears[target.reason];
  builder.note('call.rejected', `${words} (${status}).`, { rule, status });
}
