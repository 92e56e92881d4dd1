import type { Store } from '../store/store.ts';
import type { ActiveCallSource } from './active-calls.ts';
import type { LiveRouting } from './live-routing.ts';

/** What the routes need from the running node. */
export interface ApiContext {
  readonly store: Store;
  readonly live: LiveRouting;
  /** Calls in progress on this node. */
  readonly calls: ActiveCallSource;
  readonly now: () => Date;
}
