/**
 * How an outbound leg ended without being answered, in the routing engine's words. The SIP status
 * decides it, read as a person would: busy is busy (486, 600); a refusal by the person or their
 * network is "rejected" with its status (603, 607, most other 4xx–6xx); anything that says the
 * destination could not be reached right now (404, 408, 410, 480, 484, 5xx, a timeout, a transport
 * error) is "unreachable".
 */
export interface LegFailure {
  readonly kind: 'busy' | 'unreachable' | 'rejected';
  /** The final status the destination (or trunk) sent; absent for a timeout or transport error. */
  readonly status?: number;
  readonly reason: string;
}

const unreachableStatuses = new Set([404, 408, 410, 480, 484, 485, 502, 503, 504]);

export function legFailureOf(status: number, reasonPhrase: string): LegFailure {
  const reason = `${status} ${reasonPhrase}`.trim();
  if (status === 486 || status === 600) return { kind: 'busy', status, reason };
  if (unreachableStatuses.has(status) || (status >= 500 && status < 600)) return { kind: 'unreachable', status, reason };
  return { kind: 'rejected', status, reason };
}

export function unreachable(reason: string): LegFailure {
  return { kind: 'unreachable', reason };
}
