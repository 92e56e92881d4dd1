import type { Clock } from '../clock/clock.ts';
import type { MessageTransport } from '../transport/message-transport.ts';
import type { TimerConfig } from './timer-config.ts';

/** What every transaction of a layer shares. */
export interface TransactionContext {
  readonly clock: Clock;
  readonly timers: TimerConfig;
  readonly transport: MessageTransport;
}
