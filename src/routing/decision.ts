import type { CallState } from './call-state.ts';
import type { Step } from './step.ts';
import type { TraceEntry } from './trace-entry.ts';

/** What the engine returns for a call's start and for every event after it. */
export interface Decision {
  /** Pass this to the next `next` call; plain JSON data. */
  readonly state: CallState;
  /** Commands for the driver, to run in this order. */
  readonly steps: readonly Step[];
  /** Why, in words a customer understands. */
  readonly trace: readonly TraceEntry[];
  /** True when the engine's part of the call is over (connected, rejected, or the caller left). */
  readonly done: boolean;
}
