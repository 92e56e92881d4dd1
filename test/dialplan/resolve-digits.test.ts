import { describe, expect, it } from 'vitest';
import type { UserId } from '../../src/domain/ids.ts';
import { compileDialPlanIndex, resolveDigits, type DialPlanCaller } from '../../src/dialplan/index.ts';
import { ams, lis, nyc, range, samplePlan, standardSettings, user, virtualExtension } from './support/sample-plan.ts';

const index = compileDialPlanIndex(samplePlan());
const from = (locationId: typeof ams): DialPlanCaller => ({ kind: 'location', locationId });
const bob: DialPlanCaller = { kind: 'user', userId: 'usr_bob' as UserId };

describe('resolveDigits, step by step', () => {
  it('compiles the sample without problems', () => {
    expect(index.problems).toEqual([]);
  });

  it('(1) an extension at the caller’s location: 1001 is Bob in Amsterdam and Carla in Lisbon', () => {
    const inAmsterdam = resolveDigits(index, bob, '1001');
    expect(inAmsterdam).toMatchObject({ kind: 'user', userId: 'usr_bob', esn: '8011001' });
    expect(inAmsterdam.trace).toEqual(['Dialled by Bob de Vries at Amsterdam', '1001 is the extension of Bob de Vries (user, location Amsterdam)']);
    expect(resolveDigits(index, from(lis), '1001')).toMatchObject({ kind: 'user', userId: 'usr_carla', esn: '8021001' });
    expect(resolveDigits(index, from(ams), '4001')).toMatchObject({ kind: 'virtualExtension', id: 'vex_dirk', phoneNumber: '+31612345678', esn: '8014001' });
  });

  it('(2) an organization-level extension is dialled alike from every location', () => {
    for (const place of [ams, lis, nyc]) {
      const result = resolveDigits(index, from(place), '5001');
      expect(result).toMatchObject({ kind: 'virtualExtension', id: 'vex_ana', phoneNumber: '+351212345678', esn: '5001', displayName: 'Ana Silva' });
      expect(result.trace).toContain('5001 is the extension of Ana Silva (virtual extension, organization level)');
      expect(result.trace).toContain('Standard mode: the call goes out to +351212345678');
    }
  });

  it('(3) routing prefix + extension reaches an entry of any location, from any location', () => {
    const result = resolveDigits(index, from(lis), '8011001');
    expect(result).toMatchObject({ kind: 'user', userId: 'usr_bob', esn: '8011001' });
    expect(result.trace).toContain('801 is the routing prefix of Amsterdam; 1001 there is the extension of Bob de Vries (user, location Amsterdam)');
    expect(resolveDigits(index, from(nyc), '8021001')).toMatchObject({ kind: 'user', userId: 'usr_carla' });
    expect(resolveDigits(index, from(nyc), '8014001')).toMatchObject({ kind: 'virtualExtension', id: 'vex_dirk', esn: '8014001' });
    // A location's own prefix works too.
    expect(resolveDigits(index, from(ams), '8011001')).toMatchObject({ kind: 'user', userId: 'usr_bob' });
    // …and reaches that location's ranges.
    expect(resolveDigits(index, from(nyc), '8012345')).toMatchObject({ kind: 'range', rangeId: 'vxr_ams', phoneNumber: '+31205552345', esn: '8012345' });
  });

  it('(3) an unknown prefix, or a known prefix with a free extension, is not found', () => {
    const unknown = resolveDigits(index, from(ams), '8091001');
    expect(unknown).toMatchObject({ kind: 'notFound', reason: 'no_match' });
    expect(unknown.trace).toContain("809 is no location's routing prefix");
    const free = resolveDigits(index, from(ams), '8029999');
    expect(free).toMatchObject({ kind: 'notFound', reason: 'no_match' });
    expect(free.trace).toContain('802 is the routing prefix of Lisbon, where 9999 is no extension and falls in no range');
  });

  it('(4) a range of the caller’s location: 2345 matches 2XXX and calls the prefix + 2345', () => {
    const result = resolveDigits(index, from(ams), '2345');
    expect(result).toMatchObject({ kind: 'range', rangeId: 'vxr_ams', phoneNumber: '+31205552345', esn: '8012345' });
    expect(result.trace).toEqual([
      'Dialled from location Amsterdam',
      '2345 is no extension at Amsterdam nor at organization level',
      '2345 matches pattern 2XXX of range Amsterdam block (location Amsterdam)',
      'The call goes out to +31205552345 (the range prefix +3120555 + 2345)',
    ]);
    // Lisbon has no such range: 2345 is nothing there.
    expect(resolveDigits(index, from(lis), '2345')).toMatchObject({ kind: 'notFound', reason: 'no_match' });
  });

  it('(4) then an organization-level range, from every location', () => {
    for (const place of [ams, lis, nyc]) {
      const result = resolveDigits(index, from(place), '6123');
      expect(result).toMatchObject({ kind: 'range', rangeId: 'vxr_support', phoneNumber: '+31207776123', esn: '6123' });
      expect(result.trace).toContain('6123 matches pattern 6XXX of range Support (organization level)');
    }
  });

  it('(5) outside dial digit + a national number, read in the location’s country', () => {
    const amsterdam = resolveDigits(index, from(ams), '0 020 765 4321');
    expect(amsterdam).toMatchObject({ kind: 'outside', e164: '+31207654321' });
    expect(amsterdam.trace).toEqual([
      'Dialled from location Amsterdam',
      '0 is the outside dial digit of Amsterdam: 0207654321 is an outside number',
      '0207654321 read in NL is +31207654321',
      '+31207654321 is an outside number',
    ]);
    expect(resolveDigits(index, from(lis), '0212345679')).toMatchObject({ kind: 'outside', e164: '+351212345679' });
    expect(resolveDigits(index, from(nyc), '9 (212) 456-7890')).toMatchObject({ kind: 'outside', e164: '+12124567890' });
    // International dialling after the outside digit, the way the country writes it.
    expect(resolveDigits(index, from(ams), '000442079460958')).toMatchObject({ kind: 'outside', e164: '+442079460958' });
  });

  it('(5) a number in E.164 needs no outside dial digit', () => {
    expect(resolveDigits(index, from(nyc), '+44 20 7946 0958')).toMatchObject({ kind: 'outside', e164: '+442079460958' });
  });

  it('(5) one of the organization’s numbers is an internal call to its flow', () => {
    const dialled = resolveDigits(index, from(ams), '00201234567');
    expect(dialled).toMatchObject({ kind: 'number', numberId: 'num_main', e164: '+31201234567' });
    expect(dialled.trace).toContain("+31201234567 is one of the organization's numbers (num_main): an internal call to its flow");
    expect(resolveDigits(index, from(nyc), '+31201234567')).toMatchObject({ kind: 'number', numberId: 'num_main' });
  });

  it('(5) an outside number that is a virtual extension’s phone number reaches that virtual extension', () => {
    const result = resolveDigits(index, from(lis), '0212345678');
    expect(result).toMatchObject({ kind: 'virtualExtension', id: 'vex_ana', esn: '5001' });
    expect(result.trace).toContain('+351212345678 is the phone number of Ana Silva (virtual extension, organization level), extension 5001');
    expect(resolveDigits(index, from(nyc), '+31612345678')).toMatchObject({ kind: 'virtualExtension', id: 'vex_dirk', esn: '8014001' });
  });

  it('else not found, with the reason', () => {
    expect(resolveDigits(index, from(ams), '7777')).toMatchObject({ kind: 'notFound', reason: 'no_match' });
    const noDigit = compileDialPlanIndex(samplePlan({ locations: [{ id: ams, name: 'Amsterdam', routingPrefix: '801', outsideDialDigit: null }] }));
    const none = resolveDigits(noDigit, from(ams), '0207654321');
    expect(none).toMatchObject({ kind: 'notFound', reason: 'no_match' });
    expect(none.trace).toContain('0207654321 matches nothing, and Amsterdam has no outside dial digit');
    expect(resolveDigits(index, from(ams), '0 999')).toMatchObject({ kind: 'notFound', reason: 'invalid_number' });
    expect(resolveDigits(index, from(ams), '+999')).toMatchObject({ kind: 'notFound', reason: 'invalid_number' });
    expect(resolveDigits(index, from(ams), '5001#')).toMatchObject({ kind: 'notFound', reason: 'not_digits' });
    expect(resolveDigits(index, { kind: 'user', userId: 'usr_nobody' as UserId }, '1001')).toMatchObject({ kind: 'notFound', reason: 'unknown_caller' });
  });

  it('a user without an extension can still dial', () => {
    expect(resolveDigits(index, { kind: 'user', userId: 'usr_eve' as UserId }, '5001')).toMatchObject({ kind: 'virtualExtension', id: 'vex_ana' });
  });
});

describe('resolveDigits, order between steps', () => {
  // Data the conflict checks would refuse, to show which step wins when two could answer.
  const clash = compileDialPlanIndex(
    samplePlan({
      virtualExtensions: [
        virtualExtension('vex_org1001', '1001', '+31201111111', null, 'Org 1001'),
        virtualExtension('vex_org2345', '2345', '+31202222222', null, 'Org 2345'),
        virtualExtension('vex_ams2999', '2999', '+31203333333', ams, 'Ams 2999'),
      ],
      ranges: [range('vxr_ams', 'Amsterdam block', '+3120555', ['2XXX'], ams), range('vxr_org2', 'Org block', '+3120666', ['23XX', '7XXX'], null), range('vxr_ams7', 'Ams 7', '+3120888', ['7XXX'], ams)],
    }),
  );

  it('(1) before (2): the location’s own 1001 wins over an organization-level 1001', () => {
    expect(resolveDigits(clash, from(ams), '1001')).toMatchObject({ kind: 'user', userId: 'usr_bob' });
    expect(resolveDigits(clash, from(nyc), '1001')).toMatchObject({ kind: 'virtualExtension', id: 'vex_org1001' });
  });

  it('(1) and (2) before (4): extensions win over range patterns', () => {
    expect(resolveDigits(clash, from(ams), '2999')).toMatchObject({ kind: 'virtualExtension', id: 'vex_ams2999' });
    expect(resolveDigits(clash, from(ams), '2345')).toMatchObject({ kind: 'virtualExtension', id: 'vex_org2345' });
  });

  it('(4) the caller’s location’s range before an organization-level one', () => {
    expect(resolveDigits(clash, from(ams), '7123')).toMatchObject({ kind: 'range', rangeId: 'vxr_ams7', phoneNumber: '+31208887123' });
    expect(resolveDigits(clash, from(lis), '7123')).toMatchObject({ kind: 'range', rangeId: 'vxr_org2', phoneNumber: '+31206667123' });
  });

  it('names the overlapping range patterns it was given', () => {
    expect(clash.problems).toEqual([
      'pattern 23XX of vxr_org2 overlaps pattern 2XXX of vxr_ams',
      'pattern 7XXX of vxr_ams7 overlaps pattern 7XXX of vxr_org2',
    ]);
  });

  it('reports what it could not place', () => {
    const duplicate = compileDialPlanIndex(samplePlan({ users: [user('usr_bob', ams, '1001', 'Bob'), user('usr_bill', ams, '1001', 'Bill')] }));
    expect(duplicate.problems).toEqual(['usr_bill and usr_bob both claim 1001; usr_bob keeps it']);
    expect(resolveDigits(duplicate, from(ams), '1001')).toMatchObject({ kind: 'user', userId: 'usr_bob' });
  });
});

describe('resolveDigits in enhanced mode', () => {
  const enhanced = compileDialPlanIndex(
    samplePlan({
      settings: { ...standardSettings, virtualExtensionMode: 'enhanced', phoneContext: 'Acme.Example' },
      ranges: [range('vxr_private', 'Private', '4455', ['2XXX'], ams)],
    }),
  );

  it('a virtual extension is reached by its ESN as a private number in the organization\'s phone-context', () => {
    const result = resolveDigits(enhanced, from(lis), '8014001');
    expect(result).toMatchObject({
      kind: 'virtualExtension',
      id: 'vex_dirk',
      esn: '8014001',
      phoneNumber: '+31612345678',
      privateNumber: { kind: 'private', esn: '8014001', phoneContext: 'acme.example' },
    });
    expect(result.trace).toContain('Enhanced mode: the call carries the ESN 8014001 as the private number tel:8014001;phone-context=acme.example');
  });

  it('a range with a plain-digit prefix has no E.164 number, only its ESN', () => {
    const result = resolveDigits(enhanced, from(ams), '2345');
    expect(result).toMatchObject({ kind: 'range', rangeId: 'vxr_private', phoneNumber: null, esn: '8012345', privateNumber: { kind: 'private', esn: '8012345', phoneContext: 'acme.example' } });
    expect(result.trace).toContain('The call carries the ESN 8012345 as the private number tel:8012345;phone-context=acme.example');
  });

  it('standard mode and enhanced mode without a phone-context carry no private number', () => {
    expect(resolveDigits(index, from(lis), '8014001')).toMatchObject({ kind: 'virtualExtension', phoneNumber: '+31612345678', privateNumber: null });
    const noContext = compileDialPlanIndex(
      samplePlan({ settings: { ...standardSettings, virtualExtensionMode: 'enhanced' }, ranges: [range('vxr_private', 'Private', '4455', ['2XXX'], ams)] }),
    );
    const virtual = resolveDigits(noContext, from(lis), '8014001');
    expect(virtual).toMatchObject({ kind: 'virtualExtension', phoneNumber: '+31612345678', privateNumber: null });
    expect(virtual.trace).toContain('Enhanced mode without a phone-context: the call goes out to +31612345678');
    const ranged = resolveDigits(noContext, from(ams), '2345');
    expect(ranged).toMatchObject({ kind: 'range', phoneNumber: null, privateNumber: null });
    expect(ranged.trace.at(-1)).toContain('the call cannot be placed');
  });
});
