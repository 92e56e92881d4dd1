import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocationId, NumberId } from '../../src/domain/ids.ts';
import type { Country } from '../../src/domain/phone-number.ts';
import {
  compileDialPlanIndex,
  conflictsOfLocation,
  conflictsOfRange,
  conflictsOfUserExtension,
  conflictsOfVirtualExtension,
  patternMatches,
  resolveDigits,
  type DialPlanData,
  type DialPlanIndex,
} from '../../src/dialplan/index.ts';
import { e164, location, organizationId, range, user, virtualExtension } from './support/sample-plan.ts';

/**
 * Random dial plans built only from what the conflict checks accepted. A small digit alphabet and
 * short extensions make collisions common, so the checks do real work on every run.
 */
const alphabet = ['0', '1', '2', '5', '8', '9'];
const digit = fc.constantFrom(...alphabet);
const digits = (length: number) => fc.array(digit, { minLength: length, maxLength: length }).map((d) => d.join(''));
const pattern = (length: number) => fc.array(fc.constantFrom(...alphabet, 'X', 'X'), { minLength: length, maxLength: length }).map((d) => d.join(''));

type Attempt =
  | { kind: 'location'; tail: string; outside: string | null }
  | { kind: 'user'; at: number; extension: string }
  | { kind: 'virtualExtension'; at: number | null; extension: string; phone: number }
  | { kind: 'range'; at: number | null; patterns: string[] };

const planArbitrary = fc
  .record({ steeringDigit: fc.constantFrom('8', '9', '5'), extensionLength: fc.constantFrom(2, 3) })
  .chain((settings) => {
    const n = settings.extensionLength;
    const attempt: fc.Arbitrary<Attempt> = fc.oneof(
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('location' as const), tail: fc.stringMatching(/^[0-9]{1,2}$/), outside: fc.constantFrom('0', '9', '1', null) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('user' as const), at: fc.nat(4), extension: digits(n) }) },
      {
        weight: 4,
        arbitrary: fc.record({ kind: fc.constant('virtualExtension' as const), at: fc.option(fc.nat(4), { nil: null }), extension: digits(n), phone: fc.nat(7) }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('range' as const), at: fc.option(fc.nat(4), { nil: null }), patterns: fc.array(pattern(n), { minLength: 1, maxLength: 2 }) }) },
    );
    return fc.record({ settings: fc.constant(settings), attempts: fc.array(attempt, { minLength: 4, maxLength: 30 }) });
  });

/** Applies each attempt the conflict checks accept, recompiling after each so the next is checked against it. */
function buildAccepted(settings: { steeringDigit: string; extensionLength: number }, attempts: readonly Attempt[]): DialPlanData {
  let data: DialPlanData = {
    organizationId,
    settings: { ...settings, virtualExtensionMode: 'standard' },
    country: 'NL' as Country,
    locations: [],
    users: [],
    virtualExtensions: [],
    ranges: [],
    numbers: [{ id: 'num_main' as NumberId, e164: e164('+31201234567') }],
  };
  let index = compileDialPlanIndex(data);
  const locationAt = (i: number): LocationId | undefined => data.locations[i % Math.max(1, data.locations.length)]?.id;
  attempts.forEach((a, i) => {
    let next: DialPlanData | undefined;
    if (a.kind === 'location') {
      const candidate = { routingPrefix: settings.steeringDigit + a.tail, outsideDialDigit: a.outside };
      if (conflictsOfLocation(index, candidate).length === 0) {
        next = { ...data, locations: [...data.locations, location(`loc_${i}` as LocationId, `Site ${i}`, candidate.routingPrefix, candidate.outsideDialDigit)] };
      }
    } else if (a.kind === 'user') {
      const at = locationAt(a.at);
      if (at && conflictsOfUserExtension(index, { extension: a.extension, locationId: at }).length === 0) {
        next = { ...data, users: [...data.users, user(`usr_${i}`, at, a.extension, `User ${i}`)] };
      }
    } else if (a.kind === 'virtualExtension') {
      const at = a.at === null ? null : locationAt(a.at);
      const phone = `+3161234560${a.phone}`;
      if (at !== undefined && conflictsOfVirtualExtension(index, { extension: a.extension, phoneNumber: e164(phone), locationId: at }).length === 0) {
        next = { ...data, virtualExtensions: [...data.virtualExtensions, virtualExtension(`vex_${i}`, a.extension, phone, at, `Virtual ${i}`)] };
      }
    } else {
      const at = a.at === null ? null : locationAt(a.at);
      if (at !== undefined && conflictsOfRange(index, { prefix: '+3120555', patterns: a.patterns, locationId: at }).length === 0) {
        next = { ...data, ranges: [...data.ranges, range(`vxr_${i}`, `Range ${i}`, '+3120555', a.patterns, at)] };
      }
    }
    if (next) {
      data = next;
      index = compileDialPlanIndex(data);
    }
  });
  return data;
}

function expectReaches(index: DialPlanIndex, from: LocationId, dialled: string, id: string): void {
  const result = resolveDigits(index, { kind: 'location', locationId: from }, dialled);
  const reached = result.kind === 'user' ? result.userId : result.kind === 'virtualExtension' ? result.id : result.kind === 'range' ? result.rangeId : result.kind;
  expect(reached, `${dialled} from ${from}: ${result.trace.join(' / ')}`).toBe(id);
}

describe('dial plans the conflict checks accepted', () => {
  it('compile without problems; every ESN reaches its entry from every location, every extension from where it is dialable', () => {
    fc.assert(
      fc.property(planArbitrary, ({ settings, attempts }) => {
        const data = buildAccepted(settings, attempts);
        const index = compileDialPlanIndex(data);
        expect(index.problems).toEqual([]);
        const everywhere = data.locations.map((l) => l.id);
        for (const entry of index.entries()) {
          for (const from of everywhere) expectReaches(index, from, entry.esn, entry.id);
          const dialableFrom = entry.locationId === null ? everywhere : [entry.locationId];
          for (const from of dialableFrom) expectReaches(index, from, entry.extension, entry.id);
        }
        // Where a clash would show: one sample per pattern (X → 7, a digit outside the alphabet) and every extension in the plan.
        const candidates = [...data.ranges.flatMap((r) => r.patterns.map((p) => p.replaceAll('X', '7'))), ...[...index.entries()].map((e) => e.extension)];
        for (const r of data.ranges) {
          const prefix = r.locationId === null ? '' : (data.locations.find((l) => l.id === r.locationId)?.routingPrefix ?? '');
          for (const p of r.patterns) {
            const samples = new Set(candidates.filter((x) => patternMatches(p, x)));
            for (const sample of samples) {
              for (const from of everywhere) expectReaches(index, from, prefix + sample, r.id);
              for (const from of r.locationId === null ? everywhere : [r.locationId]) expectReaches(index, from, sample, r.id);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
