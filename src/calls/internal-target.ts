import type { DialResult } from '../dialplan/index.ts';
import type { Target } from '../domain/flow.ts';

/** How long a leg of an internal call rings before the call is refused as unanswered. */
const internalRingSeconds = 30;
/** An emergency call rings this long: as long as a ring may (flow-input's limit), the caller hangs up first. */
const emergencyRingSeconds = 600;

/**
 * What an internal call does with what the dial plan resolved: ring a user's phones, call a virtual
 * extension's (or a range's) number or an outside number through the organization's trunk, or run one
 * of the organization's numbers' flow. `null`: the digits reach nothing (404).
 *
 * In enhanced mode the dial plan gives a virtual extension or range a private number (the ESN with the
 * organization's `phone-context`, RFC 3966 §5.1.5), and that is what leaves through the trunk instead
 * of the E.164 number.
 */
export function internalTarget(result: DialResult): Target | null {
  switch (result.kind) {
    case 'user':
      return ringOne({ kind: 'user', userId: result.userId }, result.displayName);
    case 'virtualExtension':
      return ringOne(result.privateNumber ?? { kind: 'phone', e164: result.phoneNumber }, result.displayName);
    case 'range':
      if (result.privateNumber) return ringOne(result.privateNumber, undefined);
      return result.phoneNumber ? ringOne({ kind: 'phone', e164: result.phoneNumber }, undefined) : null;
    case 'outside':
      return ringOne({ kind: 'phone', e164: result.e164 }, undefined);
    case 'emergency':
      // Rings until the emergency service answers or the caller gives up: never a flow's 30 s.
      return ringOne({ kind: 'emergency', number: result.number }, 'Emergency services', emergencyRingSeconds);
    case 'number':
      return { type: 'number', numberId: result.numberId };
    case 'notFound':
      return null;
  }
}

function ringOne(to: Extract<Target, { type: 'ring' }>['destinations'][number]['to'], label: string | undefined, ringSeconds = internalRingSeconds): Target {
  return {
    type: 'ring',
    strategy: 'simultaneous',
    destinations: [{ to, ...(label !== undefined ? { label } : {}), delaySeconds: 0, ringSeconds }],
    noAnswer: { type: 'hangup', reason: 'unavailable' },
  };
}
