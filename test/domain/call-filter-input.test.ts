import { describe, expect, it } from 'vitest';
import { callFilterFromInput, callFilterToOutput } from '../../src/domain/call-filter-input.ts';
import type { FilterMatch } from '../../src/domain/call-filter.ts';
import { ValidationError, type FieldIssue } from '../../src/domain/errors.ts';
import type { Country } from '../../src/domain/phone-number.ts';

const NL = 'NL' as Country;
const US = 'US' as Country;

function issuesOf(raw: unknown, country: Country | null = NL): FieldIssue[] {
  try {
    callFilterFromInput(raw, country);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the input to be refused');
}

function codes(raw: unknown, country: Country | null = NL): [string, string][] {
  return issuesOf(raw, country).map((i) => [i.field, i.code]);
}

/** The stored match of a single-entry block list. */
function matchOf(match: unknown, country: Country | null = NL): FilterMatch | undefined {
  return callFilterFromInput({ mode: 'block', entries: [{ match }] }, country).entries[0]?.match;
}

describe('callFilterFromInput: matches typed as people type them', () => {
  it('a prefix in every international spelling reads as the digits after +', () => {
    for (const typed of ['+44 20*', '+4420*', '0044 20*', '+44 (20)*', '+44-20-*', { kind: 'prefix', prefix: '+44 20' }, { kind: 'number', number: '+44 20*' }]) {
      expect(matchOf(typed)).toEqual({ kind: 'prefix', prefix: '4420' });
    }
  });

  it('a national prefix is read in the country hint, dropping the national prefix', () => {
    expect(matchOf('020*', NL)).toEqual({ kind: 'prefix', prefix: '3120' });
    expect(matchOf('06 12*', NL)).toEqual({ kind: 'prefix', prefix: '31612' });
    expect(matchOf('212*', US)).toEqual({ kind: 'prefix', prefix: '1212' });
    expect(matchOf('1 (212)*', US)).toEqual({ kind: 'prefix', prefix: '1212' });
    // The hint country's own international prefix, and 00 anywhere.
    expect(matchOf('011 44 20*', US)).toEqual({ kind: 'prefix', prefix: '4420' });
    expect(matchOf('0044 20*', US)).toEqual({ kind: 'prefix', prefix: '4420' });
  });

  it('a whole country code is a prefix too', () => {
    expect(matchOf('+44*')).toEqual({ kind: 'prefix', prefix: '44' });
    expect(matchOf('+1*')).toEqual({ kind: 'prefix', prefix: '1' });
  });

  it('exact numbers become E.164, including numbers the metadata does not know when typed in E.164', () => {
    expect(matchOf('020 765 4321', NL)).toEqual({ kind: 'number', e164: '+31207654321' });
    expect(matchOf({ kind: 'number', number: '(212) 555-0123' }, US)).toEqual({ kind: 'number', e164: '+12125550123' });
    expect(matchOf('+44 7700 900123')).toEqual({ kind: 'number', e164: '+447700900123' });
  });

  it('anonymous and countries', () => {
    expect(matchOf('anonymous')).toEqual({ kind: 'anonymous' });
    expect(matchOf(' Anonymous ')).toEqual({ kind: 'anonymous' });
    expect(matchOf({ kind: 'anonymous' })).toEqual({ kind: 'anonymous' });
    expect(matchOf({ kind: 'country', country: 'gb' })).toEqual({ kind: 'country', country: 'GB' });
  });

  it('refuses what cannot be read, each at its own field', () => {
    const entries = [
      { match: '06*' },
      { match: '+0*' },
      { match: '+999*' },
      { match: '+44 2*0*' },
      { match: '+31 6 123' },
      { match: { kind: 'country', country: 'XX' } },
      { match: { kind: 'country' } },
      { match: { kind: 'postcode', value: '1012' } },
      { match: 42 },
      {},
    ];
    expect(codes({ mode: 'block', entries }, null)).toEqual([
      ['/entries/0/match', 'prefix_needs_country'],
      ['/entries/1/match', 'invalid_prefix'],
      ['/entries/2/match', 'unknown_country_code'],
      ['/entries/3/match', 'invalid_prefix'],
      ['/entries/4/match', 'invalid_phone_number'],
      ['/entries/5/match/country', 'invalid_country'],
      ['/entries/6/match/country', 'required'],
      ['/entries/7/match/kind', 'unknown_match'],
      ['/entries/8/match', 'invalid_type'],
      ['/entries/9/match', 'required'],
    ]);
  });

  it('duplicates are refused, however they are spelt', () => {
    const entries = [
      { match: '+44 20*' },
      { match: '0044 20*' },
      { match: '020 765 4321' },
      { match: '+31207654321', action: 'busy' },
      { match: 'anonymous' },
      { match: { kind: 'anonymous' } },
      { match: { kind: 'country', country: 'GB' } },
      { match: { kind: 'country', country: 'gb' } },
    ];
    expect(codes({ mode: 'block', entries })).toEqual([
      ['/entries/1/match', 'duplicate_entry'],
      ['/entries/3/match', 'duplicate_entry'],
      ['/entries/5/match', 'duplicate_entry'],
      ['/entries/7/match', 'duplicate_entry'],
    ]);
  });

  it('a number and a prefix covering it are not duplicates', () => {
    expect(callFilterFromInput({ mode: 'block', entries: [{ match: '+44*' }, { match: '+44 20*' }, { match: '+442079460958' }] }, NL).entries).toHaveLength(3);
  });
});

describe('callFilterFromInput: modes, actions and limits', () => {
  it('block list: actions default to reject; reject, busy and allow may be plain strings', () => {
    const filter = callFilterFromInput(
      {
        mode: 'block',
        entries: [
          { match: '+44 7700*', label: ' Pests ', id: 'pests' },
          { match: 'anonymous', action: 'busy' },
          { match: '+447700900001', action: 'allow' },
          { match: { kind: 'country', country: 'DE' }, action: { kind: 'announcement', text: ' We do not take calls from abroad. ' } },
          { match: '+31 20 123 4567', action: { kind: 'reroute', target: { type: 'hangup' } } },
        ],
      },
      NL,
    );
    expect(filter).toEqual({
      mode: 'block',
      entries: [
        { id: 'pests', label: 'Pests', match: { kind: 'prefix', prefix: '447700' }, action: { kind: 'reject' } },
        { match: { kind: 'anonymous' }, action: { kind: 'busy' } },
        { match: { kind: 'number', e164: '+447700900001' }, action: { kind: 'allow' } },
        { match: { kind: 'country', country: 'DE' }, action: { kind: 'announcement', text: 'We do not take calls from abroad.' } },
        { match: { kind: 'number', e164: '+31201234567' }, action: { kind: 'reroute', target: { type: 'hangup' } } },
      ],
    });
  });

  it('allow list: entries default to allow, everyone else to reject unless told otherwise', () => {
    expect(callFilterFromInput({ mode: 'allowOnly', entries: [{ match: '+31*' }] }, NL)).toEqual({
      mode: 'allowOnly',
      entries: [{ match: { kind: 'prefix', prefix: '31' }, action: { kind: 'allow' } }],
      otherwise: { kind: 'reject' },
    });
    const busy = callFilterFromInput({ mode: 'allowOnly', entries: [], otherwise: 'busy' }, NL);
    expect(busy).toEqual({ mode: 'allowOnly', entries: [], otherwise: { kind: 'busy' } });
  });

  it('refuses bad modes, actions, otherwise and ids', () => {
    expect(codes({ entries: [] })).toEqual([['/mode', 'required']]);
    expect(codes({ mode: 'deny' })).toEqual([['/mode', 'unknown_mode']]);
    expect(codes({ mode: 'block', otherwise: 'busy' })).toEqual([['/otherwise', 'otherwise_needs_allow_only']]);
    expect(codes({ mode: 'allowOnly', otherwise: 'allow' })).toEqual([['/otherwise/kind', 'invalid_otherwise']]);
    const entries = [
      { match: '+31*', action: 'voicemail' },
      { match: '+32*', action: { kind: 'announcement' } },
      { match: '+33*', action: { kind: 'announcement', text: 'a'.repeat(1001) } },
      { match: '+34*', action: { kind: 'reroute' } },
      { match: '+35*', action: 7 },
      { match: '+36*', id: 'x y' },
      { match: '+37*', id: 'vip' },
      { match: '+38*', id: 'vip', label: '' },
    ];
    expect(codes({ mode: 'block', entries })).toEqual([
      ['/entries/0/action/kind', 'unknown_action'],
      ['/entries/1/action/text', 'required'],
      ['/entries/2/action/text', 'invalid_announcement'],
      ['/entries/3/action/target', 'required'],
      ['/entries/4/action', 'invalid_type'],
      ['/entries/5/id', 'invalid_id'],
      ['/entries/7/id', 'duplicate_id'],
      ['/entries/7/label', 'invalid_label'],
    ]);
    expect(codes('block')).toEqual([['', 'invalid_type']]);
    expect(codes({ mode: 'block', entries: 'all' })).toEqual([['/entries', 'invalid_type']]);
  });

  it('at most 1,000 entries', () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ match: `+3161234${String(i).padStart(4, '0')}` }));
    expect(callFilterFromInput({ mode: 'block', entries: entries(1000) }, NL).entries).toHaveLength(1000);
    expect(codes({ mode: 'block', entries: entries(1001) })).toEqual([['/entries', 'too_many']]);
  });

  it('the output form reads back to the same filter, whatever the country', () => {
    const filter = callFilterFromInput(
      {
        mode: 'allowOnly',
        entries: [{ match: '020*' }, { match: '06 1234 5678', action: { kind: 'reroute', target: { type: 'ring' } } }, { match: { kind: 'country', country: 'be' } }],
        otherwise: { kind: 'announcement', text: 'Sorry.' },
      },
      NL,
    );
    const output = callFilterToOutput(filter);
    expect(output.entries?.[0]?.match).toEqual({ kind: 'prefix', prefix: '+31 20*' });
    expect(callFilterFromInput(output, US)).toEqual(filter);
  });
});
