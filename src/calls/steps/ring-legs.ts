import type { LegId, RingStep } from '../../routing/index.ts';
import type { LegTarget, UserLegTarget } from '../leg-target.ts';
import { OutboundLeg, type OutboundLegEvents } from '../outbound-leg.ts';
import { UserLeg } from '../user-leg.ts';
import type { PlacedLeg, StepHost } from './step-host.ts';

/**
 * The `ring` step: places one outbound leg per destination, each with its own ring time. A leg the
 * toll-fraud guard refused (`refusals`) or that cannot be addressed is never sent; the engine hears
 * `refused` or `unreachable` for it at once. A leg to a user is one `UserLeg` that rings all their
 * devices; the engine hears from it only once a device answered or all failed. The driver owns the
 * ring time (for a user's leg, from before the devices are looked up): when it is over, the leg is
 * cancelled and the engine hears `noAnswer`.
 */
export function ringLegs(host: StepHost, step: RingStep, refusals: ReadonlyMap<LegId, string>): void {
  for (const spec of step.legs) {
    const refusal = refusals.get(spec.legId);
    if (refusal !== undefined) {
      host.ledger.legStarted(spec, false);
      host.ledger.legEnded(spec.legId, 'refused', { reason: refusal });
      host.deliver({ type: 'refused', legId: spec.legId, reason: refusal });
      continue;
    }
    const target = host.targetOf(spec.legId);
    host.ledger.legStarted(spec, typeof target !== 'string');
    if (typeof target === 'string') {
      host.ledger.legEnded(spec.legId, 'unreachable', { reason: target });
      host.deliver({ type: 'unreachable', legId: spec.legId });
      continue;
    }
    const legId = spec.legId;
    const events: OutboundLegEvents = {
      onProgress: (response) => host.legProgress(legId, response),
      onAnswered: (response) => {
        stopRingTimer(host, placed);
        placed.answer = response;
        host.ledger.legAnswered(legId);
        host.legAnswered(legId, response);
      },
      onFailed: (failure) => {
        stopRingTimer(host, placed);
        host.ledger.legEnded(legId, failure.kind, { ...(failure.status ? { status: failure.status } : {}), reason: failure.reason });
        host.deliver(
          failure.kind === 'rejected'
            ? { type: 'rejected', legId, ...(failure.status ? { status: failure.status } : {}) }
            : { type: failure.kind, legId },
        );
      },
      onHungUp: () => host.legHungUp(legId),
      onDialogRequest: (transaction) => host.relayFromLeg(legId, transaction),
    };
    const sip = sipLeg(host, target, events);
    const placed: PlacedLeg = { legId, sip, ringTimer: undefined, answer: undefined };
    host.legs.set(legId, placed);
    placed.ringTimer = host.endpoint.clock.setTimer(spec.ringSeconds * 1000, () => {
      placed.ringTimer = undefined;
      if (sip.state !== 'starting' && sip.state !== 'inviting') return;
      sip.cancel();
      host.ledger.legEnded(legId, 'noAnswer', { reason: `no answer within ${spec.ringSeconds} s` });
      host.deliver({ type: 'noAnswer', legId });
    });
    void sip.start().then(() => {
      if (sip.state === 'inviting') host.inviteSent();
    });
  }
}

export function stopRingTimer(host: StepHost, placed: PlacedLeg): void {
  if (placed.ringTimer) host.endpoint.clock.clear(placed.ringTimer);
  placed.ringTimer = undefined;
}

/** The SIP side of one leg: a single INVITE, or for a user one INVITE to each registered device. */
function sipLeg(host: StepHost, target: LegTarget | UserLegTarget, events: OutboundLegEvents): OutboundLeg | UserLeg {
  const request = host.inbound.request;
  const offer = {
    // A B2BUA starts a new request, but a loop through it must still end (§8.1.1.6, §16.6 step 3).
    maxForwards: Math.max(0, Math.min(70, (request.maxForwards ?? 70) - 1)),
    body: request.body,
    contentType: request.rawHeader('Content-Type'),
  };
  if ('userId' in target) {
    const { userId } = target;
    return new UserLeg(
      host.endpoint,
      host.dialogs,
      {
        from: target.from,
        headers: target.headers,
        ...offer,
        contacts: () => host.contactsOf(userId),
        newCallId: () => host.newCallId(),
        completedElsewhere: host.completedElsewhere,
      },
      events,
    );
  }
  return new OutboundLeg(
    host.endpoint,
    host.dialogs,
    {
      requestUri: target.requestUri,
      from: target.from,
      to: target.to,
      headers: target.headers,
      ...offer,
      ...(target.credentials ? { credentials: target.credentials } : {}),
    },
    events,
    host.newCallId(),
  );
}
