import { describe, expect, it } from 'vitest';
import type { LocationId, VirtualExtensionId, VirtualExtensionRangeId } from '../../src/domain/ids.ts';
import {
  compileDialPlanIndex,
  conflictsOfRange,
  conflictsOfUserExtension,
  conflictsOfVirtualExtension,
  DialPlanDraft,
  resolveDigits,
  type DialPlanConflict,
} from '../../src/dialplan/index.ts';
import { ams, e164, lis, nyc, organizationId, samplePlan, standardSettings } from './support/sample-plan.ts';

const index = compileDialPlanIndex(samplePlan());
const freshNumber = e164('+31207654321');
const ve = (extension: string, locationId: LocationId | null, phoneNumber = freshNumber) => ({ extension, locationId, phoneNumber });
/** code → the record it names, the shape assertions read best in. */
const summary = (found: DialPlanConflict[]) => found.map((c) => ({ code: c.code, status: c.status, field: c.field, with: c.conflictsWith?.id ?? null }));

describe('rule 1: an extension is unique within its location, across users and virtual extensions', () => {
  it('refuses a virtual extension on a user’s extension, and a user on a virtual extension’s', () => {
    const onBob = conflictsOfVirtualExtension(index, ve('1001', ams));
    expect(summary(onBob)).toEqual([{ code: 'extension_taken', status: 409, field: '/extension', with: 'usr_bob' }]);
    expect(onBob[0]?.conflictsWith).toEqual({ type: 'user', id: 'usr_bob' });
    expect(onBob[0]?.message).toBe('1001 is already the extension of Bob de Vries (user, location Amsterdam)');
    const onDirk = conflictsOfUserExtension(index, { extension: '4001', locationId: ams });
    expect(summary(onDirk)).toEqual([{ code: 'extension_taken', status: 409, field: '/extension', with: 'vex_dirk' }]);
  });

  it('allows the same extension at another location, and a record keeping its own extension', () => {
    expect(conflictsOfVirtualExtension(index, ve('4001', lis))).toEqual([]);
    expect(conflictsOfUserExtension(index, { extension: '1001', locationId: nyc })).toEqual([]);
    expect(conflictsOfVirtualExtension(index, ve('4001', ams, e164('+31612345678')), { ignoreId: 'vex_dirk' as VirtualExtensionId })).toEqual([]);
  });
});

describe('rule 2: organization level never shadows a location, in both directions', () => {
  it('an organization-level extension is unique across the organization', () => {
    expect(summary(conflictsOfVirtualExtension(index, ve('5001', null)))).toEqual([{ code: 'extension_taken', status: 409, field: '/extension', with: 'vex_ana' }]);
  });

  it('an organization-level extension equal to a location-level one, in any location, is refused', () => {
    const found = conflictsOfVirtualExtension(index, ve('1001', null));
    expect(summary(found)).toEqual([
      { code: 'extension_shadows', status: 409, field: '/extension', with: 'usr_bob' },
      { code: 'extension_shadows', status: 409, field: '/extension', with: 'usr_carla' },
    ]);
    expect(found[0]?.message).toContain('at Amsterdam');
  });

  it('a location-level extension equal to an organization-level one is refused, for users and virtual extensions', () => {
    expect(summary(conflictsOfVirtualExtension(index, ve('5001', lis)))).toEqual([{ code: 'extension_shadows', status: 409, field: '/extension', with: 'vex_ana' }]);
    expect(summary(conflictsOfUserExtension(index, { extension: '5001', locationId: nyc }))).toEqual([
      { code: 'extension_shadows', status: 409, field: '/extension', with: 'vex_ana' },
    ]);
  });

  it('moving a record between levels is checked the same way, without tripping over itself', () => {
    const anaToAmsterdam = { extension: '5001', locationId: ams, phoneNumber: e164('+351212345678') };
    expect(conflictsOfVirtualExtension(index, anaToAmsterdam, { ignoreId: 'vex_ana' as VirtualExtensionId })).toEqual([]);
    const dirkToOrganization = { extension: '4001', locationId: null, phoneNumber: e164('+31612345678') };
    expect(conflictsOfVirtualExtension(index, dirkToOrganization, { ignoreId: 'vex_dirk' as VirtualExtensionId })).toEqual([]);
  });
});

describe('rule 3: no extension starts with the steering digit or an outside dial digit', () => {
  it('refuses the steering digit, naming the organization', () => {
    const found = conflictsOfVirtualExtension(index, ve('8123', lis));
    expect(found.map((c) => [c.code, c.conflictsWith])).toEqual([['extension_reserved_digit', { type: 'organization', id: organizationId }]]);
  });

  it('refuses the outside dial digit of its own location only', () => {
    expect(summary(conflictsOfUserExtension(index, { extension: '0123', locationId: ams }))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/extension', with: 'loc_ams' },
    ]);
    // 9 is New York's outside digit, not Amsterdam's.
    expect(conflictsOfUserExtension(index, { extension: '9123', locationId: ams })).toEqual([]);
  });

  it('refuses, at organization level, the outside dial digit of any location', () => {
    expect(summary(conflictsOfVirtualExtension(index, ve('9123', null)))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/extension', with: 'loc_nyc' },
    ]);
  });
});

describe('rule 4: a phone number belongs to one virtual extension', () => {
  it('refuses a second virtual extension on the same number, but not an update of the holder', () => {
    const found = conflictsOfVirtualExtension(index, ve('4002', lis, e164('+351212345678')));
    expect(summary(found)).toEqual([{ code: 'phone_number_taken', status: 409, field: '/phoneNumber', with: 'vex_ana' }]);
    expect(found[0]?.message).toBe('+351212345678 is already the number of Ana Silva (virtual extension, organization level)');
    expect(conflictsOfVirtualExtension(index, ve('5002', null, e164('+351212345678')), { ignoreId: 'vex_ana' as VirtualExtensionId })).toEqual([]);
  });

  it("refuses one of the organization's own numbers, naming it", () => {
    const found = conflictsOfVirtualExtension(index, ve('4002', lis, e164('+31201234567')));
    expect(found).toEqual([
      {
        code: 'phone_number_is_business_number',
        status: 409,
        field: '/phoneNumber',
        message: "+31201234567 is one of the organization's own numbers",
        conflictsWith: { type: 'number', id: 'num_main' },
      },
    ]);
  });
});

describe('rule 5: ranges take the extensions their patterns cover', () => {
  it('an extension inside a range of the same location, or of the organization, is taken', () => {
    expect(summary(conflictsOfVirtualExtension(index, ve('2345', ams)))).toEqual([
      { code: 'extension_in_range', status: 409, field: '/extension', with: 'vxr_ams' },
    ]);
    expect(conflictsOfVirtualExtension(index, ve('2345', lis))).toEqual([]);
    expect(summary(conflictsOfUserExtension(index, { extension: '6001', locationId: lis }))).toEqual([
      { code: 'extension_in_range', status: 409, field: '/extension', with: 'vxr_support' },
    ]);
    // An organization-level extension meets every location's ranges.
    expect(summary(conflictsOfVirtualExtension(index, ve('2345', null)))).toEqual([{ code: 'extension_in_range', status: 409, field: '/extension', with: 'vxr_ams' }]);
  });

  it('a range may not cover an existing extension in a scope it meets', () => {
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: ['1XXX'], locationId: ams }))).toEqual([
      { code: 'extension_in_range', status: 409, field: '/patterns/0', with: 'usr_bob' },
    ]);
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: ['3XXX', '4XXX'], locationId: null }))).toEqual([
      { code: 'extension_in_range', status: 409, field: '/patterns/1', with: 'vex_dirk' },
    ]);
    expect(conflictsOfRange(index, { prefix: '+3120999', patterns: ['4XXX'], locationId: lis })).toEqual([]);
  });

  it('two ranges’ patterns may not overlap where their scopes meet, nor within one range', () => {
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: ['23XX'], locationId: ams }))).toEqual([
      { code: 'range_overlap', status: 409, field: '/patterns/0', with: 'vxr_ams' },
    ]);
    expect(conflictsOfRange(index, { prefix: '+3120999', patterns: ['2XXX'], locationId: lis })).toEqual([]);
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: ['33X4', '2X45'], locationId: null }))).toEqual([
      { code: 'range_overlap', status: 409, field: '/patterns/1', with: 'vxr_ams' },
    ]);
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: ['3XXX', '31XX'], locationId: lis }))).toEqual([
      { code: 'range_overlap', status: 409, field: '/patterns/1', with: null },
    ]);
    // Replacing a range's own patterns does not collide with the old ones.
    expect(conflictsOfRange(index, { prefix: '+3120555', patterns: ['2XXX', '3XXX'], locationId: ams }, { ignoreId: 'vxr_ams' as VirtualExtensionRangeId })).toEqual([]);
  });

  it('range patterns obey rule 3: a leading X would cover the steering digit', () => {
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: ['XX11'], locationId: lis }))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/patterns/0', with: organizationId },
      // …and it covers 6611, which the organization's 6XXX holds.
      { code: 'range_overlap', status: 409, field: '/patterns/0', with: 'vxr_support' },
    ]);
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: ['0XXX'], locationId: lis }))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/patterns/0', with: 'loc_lis' },
    ]);
  });

  it('range shape: patterns of the extension length, 1 to 100 of them, a prefix that starts an E.164 number in standard mode', () => {
    expect(summary(conflictsOfRange(index, { prefix: '3120999', patterns: ['3XX', '3XXY'], locationId: lis }))).toEqual([
      { code: 'invalid_range_prefix', status: 400, field: '/prefix', with: null },
      { code: 'invalid_range_pattern', status: 400, field: '/patterns/0', with: null },
      { code: 'invalid_range_pattern', status: 400, field: '/patterns/1', with: null },
    ]);
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: [], locationId: lis }))).toEqual([
      { code: 'invalid_range_pattern', status: 400, field: '/patterns', with: null },
    ]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `3${String(i).padStart(3, '0')}`);
    expect(summary(conflictsOfRange(index, { prefix: '+3120999', patterns: tooMany, locationId: lis }))[0]?.code).toBe('invalid_range_pattern');
    const enhanced = compileDialPlanIndex(samplePlan({ settings: { ...standardSettings, virtualExtensionMode: 'enhanced' } }));
    expect(conflictsOfRange(enhanced, { prefix: '3120999', patterns: ['3XXX'], locationId: lis })).toEqual([]);
    expect(conflictsOfRange(enhanced, { prefix: '+3120999999999', patterns: ['3XXX'], locationId: lis })[0]?.code).toBe('invalid_range_prefix');
  });
});

describe('rule 6: extensions have the organization’s length', () => {
  it('is a 400 naming no other record', () => {
    expect(summary(conflictsOfVirtualExtension(index, ve('50011', null)))).toEqual([{ code: 'invalid_extension', status: 400, field: '/extension', with: null }]);
    expect(summary(conflictsOfUserExtension(index, { extension: '50a1', locationId: ams }))).toEqual([
      { code: 'invalid_extension', status: 400, field: '/extension', with: null },
    ]);
    expect(conflictsOfVirtualExtension(index, ve('501', null))[0]?.message).toBe(
      'Extension must have exactly 4 digits, the organization\'s extension length; "501" has 3',
    );
  });

  it('an unknown location is a 400 too', () => {
    expect(summary(conflictsOfVirtualExtension(index, ve('4444', 'loc_gone' as LocationId)))).toEqual([
      { code: 'unknown_location', status: 400, field: '/locationId', with: null },
    ]);
    expect(conflictsOfUserExtension(index, { extension: null, locationId: ams })).toEqual([]);
    expect(conflictsOfUserExtension(index, { extension: null, locationId: 'loc_gone' as LocationId })[0]?.code).toBe('unknown_location');
  });
});

describe('a draft checks each row of a bulk import against the rows before it', () => {
  it('sees what was put, frees what was removed, and leaves the index it came from alone', () => {
    const draft = DialPlanDraft.from(index);
    const row = { id: 'vex_new' as VirtualExtensionId, extension: '4444', phoneNumber: e164('+31201110000'), locationId: lis, displayName: 'New' };
    expect(conflictsOfVirtualExtension(draft, row)).toEqual([]);
    draft.putVirtualExtension(row);
    expect(summary(conflictsOfVirtualExtension(draft, { ...row, phoneNumber: freshNumber }))).toEqual([
      { code: 'extension_taken', status: 409, field: '/extension', with: 'vex_new' },
    ]);
    expect(summary(conflictsOfVirtualExtension(draft, ve('4445', lis, row.phoneNumber)))[0]?.code).toBe('phone_number_taken');
    expect(resolveDigits(draft, { kind: 'location', locationId: lis }, '4444')).toMatchObject({ kind: 'virtualExtension', id: 'vex_new', esn: '8024444' });
    expect(resolveDigits(index, { kind: 'location', locationId: lis }, '4444')).toMatchObject({ kind: 'notFound' });
    // Moving the row frees its old extension.
    draft.putVirtualExtension({ ...row, extension: '4446' });
    expect(conflictsOfVirtualExtension(draft, ve('4444', lis))).toEqual([]);
    draft.removeVirtualExtension(row.id);
    expect(conflictsOfVirtualExtension(draft, ve('4446', lis, row.phoneNumber))).toEqual([]);
  });
});
