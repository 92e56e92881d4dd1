/**
 * What a person watching a call sees happen, in order. The simulator and call control write the same
 * entries (through `TimelineRecorder` in routing), so a simulated call and a real call with the same
 * behaviour have the same timeline.
 */
export type TimelineEvent =
  | 'ringing'
  | 'answered'
  | 'busy'
  | 'noAnswer'
  | 'unreachable'
  | 'rejected'
  | 'refused'
  | 'cancelled'
  | 'connected'
  | 'callRejected'
  | 'callerHungUp'
  | 'hungUp'
  | 'callAnswered'
  | 'prompt'
  | 'digits'
  | 'whisper'
  | 'whisperAccepted'
  | 'whisperNotAccepted'
  | 'queueJoined'
  | 'queueLeft';

/** One thing that happened on the call. */
export interface TimelineEntry {
  /** Seconds since the call arrived. */
  readonly atSeconds: number;
  /** The call's arrival plus `atSeconds`, as an ISO 8601 instant. */
  readonly at: string;
  readonly event: TimelineEvent;
  /** The outbound leg (`leg-1`, ...), for leg events. */
  readonly legId?: string;
  /** E.164 or SIP URI. */
  readonly destination?: string;
  readonly label?: string;
  /** Why a leg was cancelled or refused, the call refused, or who hung up. */
  readonly reason?: string;
  /** The SIP status of a refusal (`callRejected`, `rejected`). */
  readonly status?: number;
  /** What a `prompt` or `whisper` said. */
  readonly text?: string;
  /** The keys pressed (`digits`); empty when none came in time. */
  readonly digits?: string;
  readonly queueId?: string;
}
