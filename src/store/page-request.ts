import type { PageRequest } from './store.ts';

/**
 * Rejects a page the API should never have let through (negative, fractional, NaN), before it becomes
 * SQL that one engine accepts and the other refuses.
 */
export function checkPage(page: PageRequest): PageRequest {
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new RangeError(`page limit must be a whole number ≥ 0, got ${page.limit}`);
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError(`page offset must be a whole number ≥ 0, got ${page.offset}`);
  return page;
}
