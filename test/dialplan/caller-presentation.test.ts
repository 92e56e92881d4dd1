import { describe, expect, it } from 'vitest';
import { compileDialPlanIndex, DialPlanError, presentCaller, privateNumberUri } from '../../src/dialplan/index.ts';
import type { VirtualExtensionId } from '../../src/domain/ids.ts';
import { e164, samplePlan } from './support/sample-plan.ts';

const index = compileDialPlanIndex(samplePlan());

describe('caller-ID presentation', () => {
  it('shows a virtual extension’s caller by name and ESN', () => {
    expect(presentCaller(index, e164('+351212345678'))).toEqual({ kind: 'virtualExtension', displayName: 'Ana Silva', esn: '5001', extension: '5001', virtualExtensionId: 'vex_ana' });
    expect(presentCaller(index, e164('+31612345678'))).toEqual({
      kind: 'virtualExtension',
      displayName: 'Dirk Jansen',
      esn: '8014001',
      extension: '4001',
      virtualExtensionId: 'vex_dirk',
    });
  });

  it('shows a caller whose number falls in a range by the range’s name and the ESN', () => {
    // Amsterdam's range 2XXX on +3120555…: the ESN is Amsterdam's routing prefix 801 + 2345.
    expect(presentCaller(index, e164('+31205552345'))).toEqual({ kind: 'range', displayName: 'Amsterdam block', esn: '8012345', extension: '2345', rangeId: 'vxr_ams' });
    // The organization-level range 6XXX on +3120777…: the ESN is the extension alone.
    expect(presentCaller(index, e164('+31207776123'))).toEqual({ kind: 'range', displayName: 'Support', esn: '6123', extension: '6123', rangeId: 'vxr_support' });
    // The prefix alone is not enough: the rest must be one extension long and match a pattern.
    expect(presentCaller(index, e164('+31205553345'))).toBeNull();
    expect(presentCaller(index, e164('+3120555234'))).toBeNull();
    expect(presentCaller(index, e164('+312055523456'))).toBeNull();
  });

  it('a virtual extension inside a range’s numbers is shown as itself', () => {
    const withDesk = compileDialPlanIndex(
      samplePlan({ virtualExtensions: [{ id: 'vex_desk' as VirtualExtensionId, displayName: 'Front desk', extension: '7001', phoneNumber: e164('+31205552345'), locationId: null }] }),
    );
    expect(presentCaller(withDesk, e164('+31205552345'))).toMatchObject({ kind: 'virtualExtension', displayName: 'Front desk', esn: '7001' });
  });

  it('leaves any other caller as they are', () => {
    expect(presentCaller(index, e164('+442079460958'))).toBeNull();
    // The organization's own number is no virtual extension.
    expect(presentCaller(index, e164('+31201234567'))).toBeNull();
  });
});

describe('the private number of enhanced mode (RFC 3966 §5.1.5)', () => {
  it('is the ESN as a local tel URI with a phone-context', () => {
    expect(privateNumberUri('8015001', 'acme.ringroute.example')).toBe('tel:8015001;phone-context=acme.ringroute.example');
    expect(privateNumberUri('5001', 'Acme.Ringroute.Example')).toBe('tel:5001;phone-context=acme.ringroute.example');
    expect(privateNumberUri('8015001', '+3120')).toBe('tel:8015001;phone-context=+3120');
  });

  it('refuses what is not an ESN or not a phone-context', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof DialPlanError ? error.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => privateNumberUri('+8015001', 'acme.example'))).toBe('invalid_esn');
    expect(codeOf(() => privateNumberUri('80 15', 'acme.example'))).toBe('invalid_esn');
    expect(codeOf(() => privateNumberUri('8015001', 'acme example'))).toBe('invalid_phone_context');
    expect(codeOf(() => privateNumberUri('8015001', ''))).toBe('invalid_phone_context');
    expect(codeOf(() => privateNumberUri('8015001', '-acme.example'))).toBe('invalid_phone_context');
  });
});
