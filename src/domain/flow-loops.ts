import type { Flow } from './flow.ts';
import { numberReferences } from './flow-walk.ts';

/**
 * The loop a number's new flow would close, if any: from each `number` target, follow the other
 * numbers' flows; reaching this number again is a loop (A → B → A), which would send a call round
 * for ever. Returns the pointer of the target that starts it and the numbers on the way, or null.
 */
export function findNumberLoop(
  numberId: string,
  flow: Flow,
  flowOf: (id: string) => Flow | undefined,
): { pointer: string; path: readonly string[] } | null {
  for (const start of numberReferences(flow)) {
    const path = loopFrom(start.numberId, numberId, flowOf, [numberId], new Set());
    if (path) return { pointer: start.pointer, path };
  }
  return null;
}

function loopFrom(current: string, home: string, flowOf: (id: string) => Flow | undefined, path: readonly string[], seen: Set<string>): string[] | null {
  const here = [...path, current];
  if (current === home) return here;
  if (seen.has(current)) return null; // a loop elsewhere is that number's problem, found when it was saved
  seen.add(current);
  const flow = flowOf(current);
  if (!flow) return null;
  for (const next of numberReferences(flow)) {
    const found = loopFrom(next.numberId, home, flowOf, here, seen);
    if (found) return found;
  }
  return null;
}
