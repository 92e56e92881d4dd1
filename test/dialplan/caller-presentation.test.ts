import { describe, expect, it } from 'vitest';
import { compileDialPlanIndex, DialPlanError, presentCaller, privateNumberUri } from '../../src/dialplan/index.ts';
import { e164, samplePlan } from './support/sample-plan.ts';

const index = compileDialPlanIndex(samplePlan());

describe('caller-ID presentation', () => {
  it('shows a virtual extension’s caller by name and ESN', () => {
    expect(presentCaller(index, e164('+351212345678'))).toEqual({ displayName: 'Ana Silva', esn: '5001', extension: '5001', virtualExtensionId: 'vex_ana' });
    expect(presentCaller(index, e164('+31612345678'))).toEqual({ displayName: 'Dirk Jansen', esn: '8014001', extension: '4001', virtualExtensionId: 'vex_dirk' });
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
