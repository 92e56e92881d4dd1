import { describe, expect, it } from 'vitest';
import type { LocationId } from '../../src/domain/ids.ts';
import { compileDialPlanIndex, conflictsOfRange, conflictsOfUserExtension, conflictsOfVirtualExtension, resolveDigits, type DialPlanCaller } from '../../src/dialplan/index.ts';
import { ams, e164, lis, location, nyc, organizationId, samplePlan, standardSettings } from './support/sample-plan.ts';

/**
 * Emergency numbers: dialled directly or behind the outside dial digit, from every phone, they reach
 * the emergency services before anything else; no extension or range may be one.
 */
const index = compileDialPlanIndex(samplePlan());
const from = (locationId: LocationId): DialPlanCaller => ({ kind: 'location', locationId });

describe('emergency numbers in resolution', () => {
  it('112 and 911 from everywhere, directly and after the outside dial digit', () => {
    for (const [where, digits] of [
      [ams, '112'],
      [ams, '0112'],
      [ams, '911'],
      [lis, '112'],
      [nyc, '911'],
      [nyc, '9911'],
      [nyc, '9112'],
    ] as const) {
      const result = resolveDigits(index, from(where), digits);
      expect(result, `${digits} from ${where}`).toMatchObject({ kind: 'emergency', number: digits.slice(digits.length - 3) });
    }
    expect(resolveDigits(index, from(ams), '0112').trace).toEqual([
      'Dialled from location Amsterdam',
      '0 is the outside dial digit of Amsterdam and 112 an emergency number in NL: the call goes to the emergency services through the trunk',
    ]);
  });

  it("a country's own numbers only where a location is in that country", () => {
    const withLondon = compileDialPlanIndex(samplePlan({ locations: [...samplePlan().locations, location('loc_lon' as LocationId, 'London', '804', '9', 'GB')] }));
    expect(resolveDigits(withLondon, from('loc_lon' as LocationId), '999')).toMatchObject({ kind: 'emergency', number: '999', country: 'GB' });
    expect(resolveDigits(withLondon, from('loc_lon' as LocationId), '9999')).toMatchObject({ kind: 'emergency', number: '999' });
    // 999 is nothing in Portugal: it is no extension (four digits) and no emergency number there.
    expect(resolveDigits(withLondon, from(lis), '999')).toMatchObject({ kind: 'notFound', reason: 'no_match' });
  });

  it('numbers that merely start like one are not emergency numbers', () => {
    expect(resolveDigits(index, from(ams), '1120').kind).not.toBe('emergency');
    // 0 + 0118 123456 (Middelburg) starts with 0 and 11 but is an ordinary number.
    expect(resolveDigits(index, from(ams), '00118123456')).toMatchObject({ kind: 'outside', e164: '+31118123456' });
  });
});

describe('rule 3b: no extension or range pattern is an emergency number', () => {
  const threeDigits = compileDialPlanIndex(samplePlan({ settings: { ...standardSettings, extensionLength: 3 }, users: [], virtualExtensions: [], ranges: [] }));

  it('refuses 112 and 911 at every level, naming where it is an emergency number', () => {
    expect(conflictsOfVirtualExtension(threeDigits, { extension: '112', locationId: null, phoneNumber: e164('+31207654321') })).toEqual([
      {
        code: 'extension_emergency_number',
        status: 409,
        field: '/extension',
        message: "112 is an emergency number in NL, the organization's country: dialling it must reach help",
        conflictsWith: { type: 'organization', id: organizationId },
      },
    ]);
    expect(conflictsOfUserExtension(threeDigits, { extension: '911', locationId: ams }).map((c) => [c.code, c.conflictsWith])).toEqual([
      ['extension_emergency_number', { type: 'location', id: ams }],
    ]);
  });

  it("refuses a country's own number where that country is, at organization level wherever any location is", () => {
    const withLondon = compileDialPlanIndex(
      samplePlan({
        settings: { ...standardSettings, extensionLength: 3 },
        users: [],
        virtualExtensions: [],
        ranges: [],
        locations: [...samplePlan().locations, location('loc_lon' as LocationId, 'London', '804', '0', 'GB')],
      }),
    );
    expect(conflictsOfUserExtension(withLondon, { extension: '999', locationId: ams })).toEqual([]);
    expect(conflictsOfUserExtension(withLondon, { extension: '999', locationId: 'loc_lon' as LocationId }).map((c) => c.code)).toEqual(['extension_emergency_number']);
    const organizationLevel = conflictsOfVirtualExtension(withLondon, { extension: '999', locationId: null, phoneNumber: e164('+31207654321') });
    // (It also starts with New York's outside dial digit 9.)
    expect(organizationLevel.map((c) => [c.code, c.conflictsWith?.id])).toEqual([
      ['extension_reserved_digit', 'loc_nyc'],
      ['extension_emergency_number', 'loc_lon'],
    ]);
  });

  it('refuses a range pattern that covers an emergency number', () => {
    const covering = conflictsOfRange(threeDigits, { prefix: '+3120555', patterns: ['2XX', '11X'], locationId: ams });
    expect(covering.map((c) => [c.code, c.field])).toEqual([['extension_emergency_number', '/patterns/1']]);
    expect(covering[0]?.message).toBe('Pattern 11X covers an emergency number in NL, where Amsterdam is: dialling it must reach help');
    expect(conflictsOfRange(threeDigits, { prefix: '+3120555', patterns: ['2XX', '3XX'], locationId: ams })).toEqual([]);
  });
});
