import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallFilter, EntryAction, FilterAction, FilterEntry } from '../../src/domain/call-filter.ts';
import { callFilterFromInput } from '../../src/domain/call-filter-input.ts';
import type { Country, E164 } from '../../src/domain/phone-number.ts';
import type { CallerId } from '../../src/routing/call-facts.ts';
import { combineFilters, matchFilter } from '../../src/routing/filter-matcher.ts';

const NL = 'NL' as Country;

const from = (e164: string): CallerId => ({ kind: 'number', e164: e164 as E164 });
const anonymous: CallerId = { kind: 'anonymous' };
const unknown: CallerId = { kind: 'unknown', raw: 'alice' };

/** Filters are built the way the API will build them: through validation. */
function filter(raw: unknown): CallFilter {
  return callFilterFromInput(raw, NL);
}

describe('matchFilter: each kind of match', () => {
  it('an exact number, whatever format it was typed in', () => {
    const f = filter({ mode: 'block', entries: [{ match: '020 765 4321' }] });
    expect(matchFilter(f, from('+31207654321'))).toEqual({
      verdict: 'act',
      action: { kind: 'reject' },
      entryIndex: 0,
      reason: "caller +31207654321 matches block entry '+31207654321': blocked",
    });
    expect(matchFilter(f, from('+31207654322'))).toEqual({ verdict: 'pass', reason: 'caller +31207654322 matches no block entry' });
  });

  it('a prefix, typed in several formats, matches the numbers under it and no others', () => {
    for (const typed of ['+44 7700*', '0044 7700*', '+44 (7700)*']) {
      const f = filter({ mode: 'block', entries: [{ match: typed }] });
      const verdict = matchFilter(f, from('+447700900123'));
      expect(verdict.verdict).toBe('act');
      expect(verdict.reason).toBe("caller +447700900123 matches block entry '+44 7700*': blocked");
      expect(matchFilter(f, from('+447701900123')).verdict).toBe('pass');
      expect(matchFilter(f, from('+317700900123')).verdict).toBe('pass');
    }
    const national = filter({ mode: 'block', entries: [{ match: '020*', label: 'Amsterdam' }] });
    expect(matchFilter(national, from('+31201234567')).reason).toBe(`caller +31201234567 matches block entry '+31 20*' ('Amsterdam'): blocked`);
    expect(matchFilter(national, from('+31301234567')).verdict).toBe('pass');
  });

  it('anonymous callers, with the entry label in the reason', () => {
    const f = filter({ mode: 'block', entries: [{ match: 'anonymous', label: 'withheld numbers' }] });
    expect(matchFilter(f, anonymous)).toEqual({
      verdict: 'act',
      action: { kind: 'reject' },
      entryIndex: 0,
      reason: "caller is anonymous: blocked ('withheld numbers')",
    });
    expect(matchFilter(f, from('+31612345678')).verdict).toBe('pass');
  });

  it('a caller without a usable number counts as anonymous, and matches nothing else', () => {
    const anonymousOnly = filter({ mode: 'block', entries: [{ match: 'anonymous', action: 'busy' }] });
    const verdict = matchFilter(anonymousOnly, unknown);
    expect(verdict).toMatchObject({ verdict: 'act', action: { kind: 'busy' }, entryIndex: 0 });
    expect(verdict.reason).toBe(`caller "alice" has no usable number and counts as anonymous: blocked with busy ('anonymous')`);
    const numbers = filter({ mode: 'block', entries: [{ match: '+31*' }, { match: { kind: 'country', country: 'NL' } }] });
    expect(matchFilter(numbers, unknown).verdict).toBe('pass');
    expect(matchFilter(numbers, anonymous).verdict).toBe('pass');
  });

  it('a whole country, by the number plan (Jersey is not Great Britain, though both are +44)', () => {
    const f = filter({ mode: 'block', entries: [{ match: { kind: 'country', country: 'GB' }, action: { kind: 'announcement', text: 'No.' } }] });
    expect(matchFilter(f, from('+442079460958'))).toEqual({
      verdict: 'act',
      action: { kind: 'announcement', text: 'No.' },
      entryIndex: 0,
      reason: "caller +442079460958 matches block entry 'country GB': blocked with an announcement",
    });
    // A number in a range the metadata does not know still belongs to +44's main country.
    expect(matchFilter(f, from('+447700900123')).verdict).toBe('act');
    expect(matchFilter(f, from('+441534123456')).verdict).toBe('pass');
    expect(matchFilter(f, from('+31612345678')).verdict).toBe('pass');
  });

  it('a reroute entry sends the caller on, with the opaque target as given', () => {
    const target = { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '+31612345678', label: 'Anna' }] };
    const f = filter({ mode: 'block', entries: [{ match: '+44 20 7946 0958', label: 'VIP', action: { kind: 'reroute', target } }] });
    expect(matchFilter(f, from('+442079460958'))).toEqual({
      verdict: 'act',
      action: { kind: 'reroute', target },
      entryIndex: 0,
      reason: `caller +442079460958 matches reroute entry '+442079460958' ('VIP'): rerouted`,
    });
  });
});

describe('matchFilter: allow-only', () => {
  const staff = filter({ mode: 'allowOnly', entries: [{ match: '+31 20*', label: 'office' }, { match: '06 1234 5678' }] });

  it('callers on the list pass, naming the entry that let them through', () => {
    expect(matchFilter(staff, from('+31201234567'))).toEqual({
      verdict: 'pass',
      entryIndex: 0,
      reason: `caller +31201234567 matches allow entry '+31 20*' ('office'): let through`,
    });
    expect(matchFilter(staff, from('+31612345678'))).toMatchObject({ verdict: 'pass', entryIndex: 1 });
  });

  it('everyone else gets the otherwise action, reject by default', () => {
    expect(matchFilter(staff, from('+31612345679'))).toEqual({
      verdict: 'act',
      action: { kind: 'reject' },
      reason: 'caller +31612345679 is not on the allow list: blocked',
    });
    expect(matchFilter(staff, anonymous)).toMatchObject({ verdict: 'act', reason: 'anonymous caller is not on the allow list: blocked' });
    expect(matchFilter(staff, unknown)).toMatchObject({ verdict: 'act' });
    const polite = filter({ mode: 'allowOnly', entries: [{ match: '+31*' }], otherwise: { kind: 'announcement', text: 'Members only.' } });
    expect(matchFilter(polite, from('+442079460958'))).toMatchObject({ verdict: 'act', action: { kind: 'announcement', text: 'Members only.' } });
  });

  it('an empty allow list lets nobody through', () => {
    const nobody = filter({ mode: 'allowOnly' });
    for (const caller of [from('+31612345678'), anonymous, unknown]) expect(matchFilter(nobody, caller).verdict).toBe('act');
  });
});

describe('matchFilter: precedence is by specificity, not list order', () => {
  it('an exact number beats a prefix, in either order', () => {
    const entries = [{ match: '+44*' }, { match: '+44 20 7946 0958', action: 'allow' }];
    for (const list of [entries, [...entries].reverse()]) {
      const f = filter({ mode: 'block', entries: list });
      expect(matchFilter(f, from('+442079460958')).verdict).toBe('pass');
      expect(matchFilter(f, from('+442079460959')).verdict).toBe('act');
    }
  });

  it('a longer prefix beats a shorter one', () => {
    const f = filter({ mode: 'block', entries: [{ match: '+44 20*', action: 'allow' }, { match: '+44 20 7946*', action: 'busy' }, { match: '+44*' }] });
    expect(matchFilter(f, from('+442079460958'))).toMatchObject({ verdict: 'act', action: { kind: 'busy' }, entryIndex: 1 });
    expect(matchFilter(f, from('+442071234567'))).toMatchObject({ verdict: 'pass', entryIndex: 0 });
    expect(matchFilter(f, from('+441612345678'))).toMatchObject({ verdict: 'act', action: { kind: 'reject' }, entryIndex: 2 });
  });

  it('a prefix beats a country', () => {
    const f = filter({ mode: 'block', entries: [{ match: { kind: 'country', country: 'US' } }, { match: '+1 212*', action: 'allow' }] });
    expect(matchFilter(f, from('+12125550123'))).toMatchObject({ verdict: 'pass', entryIndex: 1 });
    expect(matchFilter(f, from('+12025550123'))).toMatchObject({ verdict: 'act', entryIndex: 0 });
  });

  it('allow-only: a whole country allowed, one pest in it blocked', () => {
    const f = filter({ mode: 'allowOnly', entries: [{ match: { kind: 'country', country: 'NL' } }, { match: '06 1111 2222', action: 'reject' }] });
    expect(matchFilter(f, from('+31612345678')).verdict).toBe('pass');
    expect(matchFilter(f, from('+31611112222'))).toMatchObject({ verdict: 'act', entryIndex: 1 });
    expect(matchFilter(f, from('+442079460958'))).toMatchObject({ verdict: 'act', reason: 'caller +442079460958 is not on the allow list: blocked' });
  });
});

describe('combineFilters: organization first, then the number', () => {
  const orgBlocksPest = filter({ mode: 'block', entries: [{ match: '+44 7700 900123', label: 'pest' }, { match: '+31 20 765 4321', action: 'allow' }] });
  const numberAllowsUk = filter({ mode: 'allowOnly', entries: [{ match: '+44*' }], otherwise: 'busy' });

  it("the organization's block decides, whatever the number's filter says", () => {
    const verdict = combineFilters(orgBlocksPest, numberAllowsUk, from('+447700900123'));
    expect(verdict).toMatchObject({ verdict: 'act', action: { kind: 'reject' }, entryIndex: 0, scope: 'organization' });
    expect(verdict.reason).toMatch(/^organization filter: caller \+447700900123 matches block entry/);
  });

  it("a caller the organization lets through meets the number's filter", () => {
    expect(combineFilters(orgBlocksPest, numberAllowsUk, from('+31612345678'))).toMatchObject({
      verdict: 'act',
      action: { kind: 'busy' },
      scope: 'number',
      reason: 'number filter: caller +31612345678 is not on the allow list: blocked with busy',
    });
    // An organization's allow entry is an exception to the organization's rules only.
    expect(combineFilters(orgBlocksPest, numberAllowsUk, from('+31207654321'))).toMatchObject({ verdict: 'act', scope: 'number' });
    expect(combineFilters(orgBlocksPest, numberAllowsUk, from('+442079460958'))).toMatchObject({ verdict: 'pass', scope: 'number', entryIndex: 0 });
  });

  it('either filter alone, or none', () => {
    expect(combineFilters(null, numberAllowsUk, from('+31612345678'))).toMatchObject({ verdict: 'act', scope: 'number' });
    expect(combineFilters(orgBlocksPest, null, from('+31612345678'))).toMatchObject({
      verdict: 'pass',
      scope: 'organization',
      reason: 'organization filter: caller +31612345678 matches no block entry',
    });
    expect(combineFilters(null, null, anonymous)).toEqual({ verdict: 'pass', reason: 'no call filter', scope: null });
  });
});

describe('matchFilter: properties', () => {
  // A small universe of numbers so that random entries and callers collide often.
  const numbers = ['+31201234567', '+31201234568', '+31612345678', '+442079460958', '+447700900123', '+12125550123', '+12025550123', '+441534123456'];
  const prefixes = ['1', '12', '1212', '31', '3120', '316', '44', '4420', '447700'];
  const countries = ['NL', 'GB', 'US', 'JE', 'DE'];

  const blockingAction: fc.Arbitrary<FilterAction> = fc.oneof(
    fc.constant<FilterAction>({ kind: 'reject' }),
    fc.constant<FilterAction>({ kind: 'busy' }),
    fc.constant<FilterAction>({ kind: 'announcement', text: 'Go away.' }),
    fc.constant<FilterAction>({ kind: 'reroute', target: { type: 'hangup' } }),
  );
  const entryAction: fc.Arbitrary<EntryAction> = fc.oneof(blockingAction, fc.constant<EntryAction>({ kind: 'allow' }));
  const matchText = fc.oneof(
    fc.constantFrom(...numbers),
    fc.constantFrom(...prefixes).map((p) => `+${p}*`),
    fc.constant('anonymous'),
    fc.constantFrom(...countries).map((country) => ({ kind: 'country', country })),
  );
  const entryInputs = fc.array(fc.record({ match: matchText, action: entryAction }), { maxLength: 12 });
  const caller: fc.Arbitrary<CallerId> = fc.oneof(
    fc.constantFrom(...numbers).map(from),
    fc.constant(anonymous),
    fc.constant(unknown),
  );

  /** Keeps the first entry of each match: what a person would fix a duplicate to. */
  function deduplicated(entries: { match: unknown; action: EntryAction }[]): { match: unknown; action: EntryAction }[] {
    const seen = new Set<string>();
    return entries.filter((e) => {
      const key = JSON.stringify(e.match);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  const filters: fc.Arbitrary<CallFilter> = fc
    .tuple(fc.constantFrom('block', 'allowOnly'), entryInputs, blockingAction)
    .map(([mode, entries, otherwise]) =>
      filter(mode === 'block' ? { mode, entries: deduplicated(entries) } : { mode, entries: deduplicated(entries), otherwise }),
    );

  it('a caller the filter blocks by number is never let through, wherever the entry stands', () => {
    fc.assert(
      fc.property(filters, fc.constantFrom(...numbers), blockingAction, fc.nat(), (f, number, action, at) => {
        const others = f.entries.filter((e) => !(e.match.kind === 'number' && e.match.e164 === number));
        const position = at % (others.length + 1);
        const block: FilterEntry = { match: { kind: 'number', e164: number as E164 }, action };
        const entries = [...others.slice(0, position), block, ...others.slice(position)];
        const verdict = matchFilter({ ...f, entries }, from(number));
        expect(verdict).toMatchObject({ verdict: 'act', action, entryIndex: position });
      }),
    );
  });

  it('an anonymous caller a filter blocks is never let through', () => {
    fc.assert(
      fc.property(filters, blockingAction, fc.constantFrom(anonymous, unknown), (f, action, who) => {
        const entries = [...f.entries.filter((e) => e.match.kind !== 'anonymous'), { match: { kind: 'anonymous' as const }, action }];
        expect(matchFilter({ ...f, entries }, who).verdict).toBe('act');
      }),
    );
  });

  it('a block list without allow entries lets a caller through exactly when no entry matches', () => {
    const countryOfNumber: Readonly<Record<string, string>> = {
      '+31201234567': 'NL',
      '+31201234568': 'NL',
      '+31612345678': 'NL',
      '+442079460958': 'GB',
      '+447700900123': 'GB',
      '+12125550123': 'US',
      '+12025550123': 'US',
      '+441534123456': 'JE',
    };
    const matches = (e: FilterEntry, c: CallerId): boolean => {
      if (c.kind !== 'number') return e.match.kind === 'anonymous';
      switch (e.match.kind) {
        case 'number':
          return e.match.e164 === c.e164;
        case 'prefix':
          return c.e164.startsWith(`+${e.match.prefix}`);
        case 'country':
          return countryOfNumber[c.e164] === e.match.country;
        case 'anonymous':
          return false;
      }
    };
    fc.assert(
      fc.property(filters, caller, (f, c) => {
        const blockOnly: CallFilter = { mode: 'block', entries: f.entries.filter((e) => e.action.kind !== 'allow') };
        const verdict = matchFilter(blockOnly, c);
        expect(verdict.verdict === 'pass').toBe(!blockOnly.entries.some((e) => matches(e, c)));
      }),
    );
  });

  it('an allow list without allow entries lets nobody through', () => {
    fc.assert(
      fc.property(filters, caller, blockingAction, (f, c, otherwise) => {
        const strict: CallFilter = { mode: 'allowOnly', entries: f.entries.filter((e) => e.action.kind !== 'allow'), otherwise };
        expect(matchFilter(strict, c).verdict).toBe('act');
      }),
    );
  });

  it('the order of the entries never changes the outcome', () => {
    const shuffledFilters = filters.chain((f) =>
      fc.tuple(fc.constant(f), fc.shuffledSubarray([...f.entries], { minLength: f.entries.length, maxLength: f.entries.length })),
    );
    fc.assert(
      fc.property(shuffledFilters, caller, ([f, shuffled], c) => {
        const before = matchFilter(f, c);
        const after = matchFilter({ ...f, entries: shuffled }, c);
        expect(after.verdict).toBe(before.verdict);
        expect(after.verdict === 'act' ? after.action : null).toEqual(before.verdict === 'act' ? before.action : null);
        const entryOf = (v: typeof before, list: readonly FilterEntry[]) => (v.entryIndex === undefined ? null : list[v.entryIndex]);
        expect(entryOf(after, shuffled)).toBe(entryOf(before, f.entries));
      }),
    );
  });
});
