import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessNumber } from '../../src/domain/business-number.ts';
import type { OrganizationId } from '../../src/domain/ids.ts';
import { emptySnapshot, type RoutingSnapshot } from '../../src/routing/index.ts';
import { businessNumber, config, e164, hangup } from './support/config-builders.ts';

const organizations = ['org_a', 'org_b', 'org_c', 'org_d'];
/** Each organization draws from its own pool of 12 numbers, so ownership is never contested. */
const pool = (org: number) => Array.from({ length: 12 }, (_, i) => `+312055${org}${String(i).padStart(4, '0')}`);
const everyNumber = organizations.flatMap((_, org) => pool(org));

type Operation = { kind: 'replace'; org: number; picks: boolean[]; version: number } | { kind: 'remove'; org: number };

const arbitraryOperation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    org: fc.integer({ min: 0, max: organizations.length - 1 }),
    picks: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    version: fc.integer({ min: 1, max: 1000 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), org: fc.integer({ min: 0, max: organizations.length - 1 }) }),
);

/** What lookups must return: E.164 → the very number record last given for it. */
type Model = ReadonlyMap<string, BusinessNumber>;

function expectMatches(snapshot: RoutingSnapshot, model: Model): void {
  for (const number of everyNumber) {
    expect(snapshot.lookupNumber(e164(number))?.number).toBe(model.get(number));
  }
  expect(snapshot.numberCount).toBe(model.size);
}

describe('snapshot properties', () => {
  it('after any series of replacements and removals, every snapshot — old ones too — answers as its own configuration says', () => {
    fc.assert(
      fc.property(fc.array(arbitraryOperation, { maxLength: 25 }), (operations) => {
        const history: { snapshot: RoutingSnapshot; model: Model }[] = [{ snapshot: emptySnapshot(), model: new Map() }];
        for (const operation of operations) {
          const { snapshot, model } = history[history.length - 1]!;
          const orgId = organizations[operation.org]!;
          const next = new Map([...model].filter(([, number]) => number.organizationId !== orgId));
          if (operation.kind === 'remove') {
            history.push({ snapshot: snapshot.withoutOrganization(orgId as OrganizationId), model: next });
            continue;
          }
          const numbers = pool(operation.org)
            .filter((_, i) => operation.picks[i])
            .map((n) => businessNumber(orgId, n, hangup(), { version: operation.version }));
          for (const number of numbers) next.set(number.phoneNumber, number);
          history.push({ snapshot: snapshot.withOrganization(config(orgId, numbers)), model: next });
        }
        for (const { snapshot, model } of history) expectMatches(snapshot, model);
      }),
      { numRuns: 150 },
    );
  });
});
