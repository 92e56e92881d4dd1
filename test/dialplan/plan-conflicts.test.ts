import { describe, expect, it } from 'vitest';
import { compileDialPlanIndex, conflictsOfLocation, conflictsOfSettings, type DialPlanConflict } from '../../src/dialplan/index.ts';
import { ams, lis, range, samplePlan, standardSettings } from './support/sample-plan.ts';

const index = compileDialPlanIndex(samplePlan());
const summary = (found: DialPlanConflict[]) => found.map((c) => ({ code: c.code, status: c.status, field: c.field, with: c.conflictsWith?.id ?? null }));

describe('rule 7: a location’s routing prefix', () => {
  it('is 2–8 digits starting with the steering digit (400)', () => {
    expect(summary(conflictsOfLocation(index, { routingPrefix: '901', outsideDialDigit: '0' }))).toEqual([
      { code: 'invalid_routing_prefix', status: 400, field: '/routingPrefix', with: null },
    ]);
    expect(conflictsOfLocation(index, { routingPrefix: '8', outsideDialDigit: '0' })[0]?.code).toBe('invalid_routing_prefix');
    expect(conflictsOfLocation(index, { routingPrefix: '812345678', outsideDialDigit: '0' })[0]?.code).toBe('invalid_routing_prefix');
  });

  it('is unique, and no prefix starts another', () => {
    expect(summary(conflictsOfLocation(index, { routingPrefix: '801', outsideDialDigit: '0' }))).toEqual([
      { code: 'routing_prefix_taken', status: 409, field: '/routingPrefix', with: 'loc_ams' },
    ]);
    expect(summary(conflictsOfLocation(index, { routingPrefix: '8011', outsideDialDigit: '0' }))).toEqual([
      { code: 'routing_prefix_overlap', status: 409, field: '/routingPrefix', with: 'loc_ams' },
    ]);
    expect(summary(conflictsOfLocation(index, { routingPrefix: '80', outsideDialDigit: '0' })).map((c) => c.with)).toEqual(['loc_ams', 'loc_lis', 'loc_nyc']);
    expect(conflictsOfLocation(index, { routingPrefix: '804', outsideDialDigit: '0' })).toEqual([]);
  });

  it('can be changed to a free prefix; its own old prefix is no conflict', () => {
    expect(conflictsOfLocation(index, { routingPrefix: '8019', outsideDialDigit: '0' }, { ignoreId: ams })).toEqual([]);
    expect(conflictsOfLocation(index, { routingPrefix: '801', outsideDialDigit: '0' }, { ignoreId: ams })).toEqual([]);
    expect(conflictsOfLocation(index, { routingPrefix: '802', outsideDialDigit: '0' }, { ignoreId: ams })[0]?.code).toBe('routing_prefix_taken');
  });
});

describe('rule 7: a location’s outside dial digit', () => {
  it('is one digit or none, never the steering digit (400)', () => {
    expect(summary(conflictsOfLocation(index, { routingPrefix: '804', outsideDialDigit: '8' }))).toEqual([
      { code: 'invalid_outside_dial_digit', status: 400, field: '/outsideDialDigit', with: null },
    ]);
    expect(conflictsOfLocation(index, { routingPrefix: '804', outsideDialDigit: '00' })[0]?.code).toBe('invalid_outside_dial_digit');
    expect(conflictsOfLocation(index, { routingPrefix: '804', outsideDialDigit: null })).toEqual([]);
  });

  it('of a new location is checked against organization-level extensions and ranges', () => {
    expect(summary(conflictsOfLocation(index, { routingPrefix: '804', outsideDialDigit: '5' }))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/outsideDialDigit', with: 'vex_ana' },
    ]);
    expect(summary(conflictsOfLocation(index, { routingPrefix: '804', outsideDialDigit: '6' }))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/outsideDialDigit', with: 'vxr_support' },
    ]);
    // Amsterdam's 1001 and 2XXX are no concern of a new location.
    expect(conflictsOfLocation(index, { routingPrefix: '804', outsideDialDigit: '1' })).toEqual([]);
  });

  it('changed at an existing location is checked against that location’s extensions and ranges too', () => {
    expect(summary(conflictsOfLocation(index, { routingPrefix: '801', outsideDialDigit: '1' }, { ignoreId: ams }))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/outsideDialDigit', with: 'usr_bob' },
    ]);
    expect(summary(conflictsOfLocation(index, { routingPrefix: '801', outsideDialDigit: '2' }, { ignoreId: ams }))).toEqual([
      { code: 'extension_reserved_digit', status: 409, field: '/outsideDialDigit', with: 'vxr_ams' },
    ]);
    expect(conflictsOfLocation(index, { routingPrefix: '802', outsideDialDigit: '2' }, { ignoreId: lis })).toEqual([]);
  });
});

describe('rule 7: the organization’s settings', () => {
  it('unchanged settings conflict with nothing', () => {
    expect(conflictsOfSettings(index, standardSettings)).toEqual([]);
  });

  it('shape: a single steering digit, an extension length from 2 to 10 (400)', () => {
    expect(summary(conflictsOfSettings(index, { ...standardSettings, steeringDigit: '88', extensionLength: 11 }))).toEqual([
      { code: 'invalid_steering_digit', status: 400, field: '/steeringDigit', with: null },
      { code: 'invalid_extension_length', status: 400, field: '/extensionLength', with: null },
    ]);
  });

  it('a new steering digit must start every routing prefix, and be no outside dial digit', () => {
    expect(summary(conflictsOfSettings(index, { ...standardSettings, steeringDigit: '9' }))).toEqual([
      { code: 'routing_prefix_steering_digit', status: 409, field: '/steeringDigit', with: 'loc_ams' },
      { code: 'routing_prefix_steering_digit', status: 409, field: '/steeringDigit', with: 'loc_lis' },
      { code: 'routing_prefix_steering_digit', status: 409, field: '/steeringDigit', with: 'loc_nyc' },
      { code: 'outside_dial_digit_steering_digit', status: 409, field: '/steeringDigit', with: 'loc_nyc' },
    ]);
  });

  it('a new steering digit may start no extension or range pattern', () => {
    const found = summary(conflictsOfSettings(index, { ...standardSettings, steeringDigit: '1' }));
    expect(found.filter((c) => c.code === 'extension_reserved_digit').map((c) => c.with)).toEqual(['usr_bob', 'usr_carla']);
    const ranges = summary(conflictsOfSettings(index, { ...standardSettings, steeringDigit: '2' }));
    expect(ranges.filter((c) => c.code === 'extension_reserved_digit').map((c) => c.with)).toEqual(['vxr_ams']);
  });

  it('a new extension length is checked against every extension and range', () => {
    const found = summary(conflictsOfSettings(index, { ...standardSettings, extensionLength: 5 }));
    expect(found.every((c) => c.code === 'extension_length_mismatch' && c.status === 409 && c.field === '/extensionLength')).toBe(true);
    expect(found.map((c) => c.with)).toEqual(['usr_bob', 'usr_carla', 'vex_ana', 'vex_dirk', 'vxr_ams', 'vxr_support']);
  });

  it('standard mode needs every range prefix to start an E.164 number', () => {
    const enhanced = compileDialPlanIndex(
      samplePlan({ settings: { ...standardSettings, virtualExtensionMode: 'enhanced', phoneContext: 'acme.example' }, ranges: [range('vxr_private', 'Private', '4455', ['2XXX'], ams)] }),
    );
    expect(conflictsOfSettings(enhanced, { ...standardSettings, virtualExtensionMode: 'enhanced', phoneContext: 'acme.example' })).toEqual([]);
    expect(summary(conflictsOfSettings(enhanced, standardSettings))).toEqual([
      { code: 'range_prefix_mode', status: 409, field: '/virtualExtensionMode', with: 'vxr_private' },
    ]);
  });

  it('enhanced mode needs a phone-context: a domain name or a global number prefix (RFC 3966 §5.1.5)', () => {
    expect(summary(conflictsOfSettings(index, { ...standardSettings, virtualExtensionMode: 'enhanced' }))).toEqual([
      { code: 'phone_context_required', status: 400, field: '/phoneContext', with: null },
    ]);
    for (const bad of ['acme example', '-acme.example', '+', 'tel:+3120', '']) {
      expect(summary(conflictsOfSettings(index, { ...standardSettings, virtualExtensionMode: 'enhanced', phoneContext: bad })), bad).toEqual([
        { code: 'invalid_phone_context', status: 400, field: '/phoneContext', with: null },
      ]);
    }
    for (const good of ['acme.example', 'Acme.Example', '+3120', '+1-212']) {
      expect(conflictsOfSettings(index, { ...standardSettings, virtualExtensionMode: 'enhanced', phoneContext: good }), good).toEqual([]);
    }
  });
});
