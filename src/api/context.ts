import type { Store } from '../store/store.ts';
import type { LiveRouting } from './live-routing.ts';

/** What the routes need from the running node. */
export interface ApiContext {
  readonly store: Store;
  readonly live: LiveRouting;
  readonly now: () => Date;
}
