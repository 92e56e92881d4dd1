import { destinationKey, parseDestination, parseUserDestination } from './destination.ts';
import type { RingTo } from './flow.ts';
import { asId } from './ids.ts';
import type { Country } from './phone-number.ts';

export type RingToParseResult = { readonly ok: true; readonly to: RingTo } | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Reads what a ring destination rings, as an admin writes it: a phone number in any format, a SIP URI,
 * a user as `user:usr_…` (all their registered devices), or a roster as `roster:ros_…` (whoever is on
 * call when the ring starts).
 */
export function parseRingTo(input: string, countryHint: Country | null): RingToParseResult {
  const text = input.trim();
  const roster = /^roster:(.*)$/i.exec(text);
  if (roster) {
    const id = asId('roster', (roster[1] ?? '').trim());
    if (!id) return { ok: false, code: 'invalid_roster', message: `${JSON.stringify(text)} is not a roster reference of the form roster:ros_…` };
    return { ok: true, to: { kind: 'roster', rosterId: id } };
  }
  const user = parseUserDestination(text);
  if (user) return user.ok ? { ok: true, to: user.destination } : user;
  const parsed = parseDestination(text, countryHint);
  return parsed.ok ? { ok: true, to: parsed.destination } : parsed;
}

/** The canonical text of what a ring destination rings: E.164, the SIP URI, `user:usr_…` or `roster:ros_…`. */
export function ringToKey(to: RingTo): string {
  return to.kind === 'roster' ? `roster:${to.rosterId}` : destinationKey(to);
}
