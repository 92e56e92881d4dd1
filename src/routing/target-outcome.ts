import type { LegId } from './step.ts';

/**
 * Where a running target stands after it started or took an event: still waiting (with its new
 * progress), connected to a leg, moving on to one of its nested targets (`noAnswer`, `then`,
 * `overflow`, `key.1`, `exhausted` ...), or ended (the caller hung up). `legIds`: the legs it started,
 * which the call remembers so their late events are recognised.
 */
export type TargetOutcome<P> =
  | { readonly kind: 'waiting'; readonly progress: P }
  | { readonly kind: 'connected'; readonly legId: LegId; readonly legIds: readonly LegId[] }
  | { readonly kind: 'goTo'; readonly segment: string; readonly legIds: readonly LegId[] }
  | { readonly kind: 'ended'; readonly legIds: readonly LegId[] };
