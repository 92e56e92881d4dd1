/**
 * The instant a query asks about: `at` (an RFC 3339 date-time the schema already checked) or, without
 * it, now on the app's clock. Epoch milliseconds, as the routing engine takes time.
 */
export function instantOf(at: string | undefined, now: () => Date): number {
  return at === undefined ? now().getTime() : Date.parse(at);
}
