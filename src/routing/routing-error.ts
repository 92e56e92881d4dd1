/**
 * Why the routing layer refused to go on. The code is the contract (callers switch on it); the
 * message is for people and may be reworded.
 */
export type RoutingErrorCode =
  /** A flow breaks a rule the store should already have enforced (ring time, delay, nesting). */
  | 'invalid_flow'
  /** A number in an organization's configuration belongs to another organization. */
  | 'number_organization_mismatch'
  /** The same E.164 number appears twice where only one owner is possible. */
  | 'duplicate_number'
  /** The same organization appears twice in one build. */
  | 'duplicate_organization'
  /** `next` was given a snapshot in which the call's number or flow is not the one it started with. */
  | 'snapshot_mismatch'
  /** A call state that the engine cannot have produced (hand-edited or corrupted). */
  | 'invalid_state'
  /** The simulator ran out of events while the call was still waiting for one. */
  | 'simulation_stalled'
  /** The simulator delivered more events than its limit allows. */
  | 'simulation_runaway';

export class RoutingError extends Error {
  readonly code: RoutingErrorCode;

  constructor(code: RoutingErrorCode, message: string) {
    super(message);
    this.name = 'RoutingError';
    this.code = code;
  }
}
