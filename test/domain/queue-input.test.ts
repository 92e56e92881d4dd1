import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import type { Country } from '../../src/domain/phone-number.ts';
import { queueDefaults } from '../../src/domain/queue.ts';
import { queueFromInput, queueToOutput } from '../../src/domain/queue-input.ts';

const NL = 'NL' as Country;

function valid(): Record<string, unknown> {
  return {
    name: ' Support ',
    members: [{ to: '06 1234 5678', label: ' Anna ' }, { to: '+44 20 7946 0958' }, { to: 'SIP:desk@pbx.example.com', label: 'Desk' }],
  };
}

/** The [field, code] pairs a refused queue produces. */
function refusals(raw: unknown): [string, string][] {
  try {
    queueFromInput(raw, NL);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => [i.field, i.code]);
    throw error;
  }
  throw new Error('expected the queue to be refused');
}

describe('queueFromInput: accepted and normalised', () => {
  it('reads members as people type them, trims names and labels, and fills in every default', () => {
    expect(queueFromInput(valid(), NL)).toEqual({
      name: 'Support',
      members: [
        { destination: { kind: 'phone', e164: '+31612345678' }, label: 'Anna' },
        { destination: { kind: 'phone', e164: '+442079460958' } },
        { destination: { kind: 'sip', uri: 'sip:desk@pbx.example.com' }, label: 'Desk' },
      ],
      strategy: queueDefaults.strategy,
      ringSeconds: queueDefaults.ringSeconds,
      wrapUpSeconds: queueDefaults.wrapUpSeconds,
      retrySeconds: queueDefaults.retrySeconds,
      maxCallers: queueDefaults.maxCallers,
      maxWaitSeconds: queueDefaults.maxWaitSeconds,
      whenNoMember: queueDefaults.whenNoMember,
      announcements: { everySeconds: queueDefaults.announceEverySeconds, position: true, expectedWait: true },
    });
  });

  it('keeps every setting given, at the edges of its range, and the output reads back the same', () => {
    const settings = queueFromInput(
      {
        ...valid(),
        strategy: 'longest-idle',
        ringSeconds: queueDefaults.minRingSeconds,
        wrapUpSeconds: 0,
        retrySeconds: queueDefaults.maxRetrySeconds,
        maxCallers: 1,
        maxWaitSeconds: queueDefaults.maxMaxWaitSeconds,
        whenNoMember: 'overflow',
        announcements: { everySeconds: 0, position: false },
      },
      NL,
    );
    expect(settings).toMatchObject({
      strategy: 'longest-idle',
      ringSeconds: queueDefaults.minRingSeconds,
      wrapUpSeconds: 0,
      retrySeconds: queueDefaults.maxRetrySeconds,
      maxCallers: 1,
      maxWaitSeconds: queueDefaults.maxMaxWaitSeconds,
      whenNoMember: 'overflow',
      announcements: { everySeconds: 0, position: false, expectedWait: true },
    });
    const output = queueToOutput(settings);
    expect(output.members).toEqual([
      { to: '+31612345678', kind: 'phone', label: 'Anna' },
      { to: '+442079460958', kind: 'phone' },
      { to: 'sip:desk@pbx.example.com', kind: 'sip', label: 'Desk' },
    ]);
    expect(queueFromInput(output, null)).toEqual(settings);
  });

  it.each(['ring-all', 'round-robin', 'longest-idle', 'in-order'])('accepts the strategy %s', (strategy) => {
    expect(queueFromInput({ ...valid(), strategy }, NL).strategy).toBe(strategy);
  });
});

describe('queueFromInput: each rule, at its field', () => {
  const d = queueDefaults;
  it.each<[string, Record<string, unknown>, string, string]>([
    ['no name', { name: undefined }, '/name', 'required'],
    ['a blank name', { name: '  ' }, '/name', 'invalid_name'],
    ['a name of 101 characters', { name: 'n'.repeat(101) }, '/name', 'invalid_name'],
    ['no members', { members: undefined }, '/members', 'required'],
    ['members that are not a list', { members: 'Anna' }, '/members', 'invalid_type'],
    ['an empty member list', { members: [] }, '/members', 'member_count'],
    [`more than ${d.maxMembers} members`, { members: Array.from({ length: d.maxMembers + 1 }, (_, i) => ({ to: `sip:agent${i}@pbx.example.com` })) }, '/members', 'member_count'],
    ['a member that is not an object', { members: ['06 1234 5678'] }, '/members/0', 'invalid_type'],
    ['a member without a destination', { members: [{ label: 'Anna' }] }, '/members/0/to', 'required'],
    ['a member number that is no phone number', { members: [{ to: 'not a number' }] }, '/members/0/to', 'invalid_phone_number'],
    ['a member SIP URI without a user', { members: [{ to: 'sip:pbx.example.com' }] }, '/members/0/to', 'invalid_sip_uri'],
    ['the same member twice, written two ways', { members: [{ to: '06 1234 5678' }, { to: '+31 6 12345678' }] }, '/members/1/to', 'duplicate_member'],
    ['a member label with a control character', { members: [{ to: '06 1234 5678', label: 'An\u0000na' }] }, '/members/0/label', 'invalid_label'],
    ['an unknown strategy', { strategy: 'random' }, '/strategy', 'unknown_strategy'],
    ['a ring time below the minimum', { ringSeconds: d.minRingSeconds - 1 }, '/ringSeconds', 'out_of_range'],
    ['a ring time above the maximum', { ringSeconds: d.maxRingSeconds + 1 }, '/ringSeconds', 'out_of_range'],
    ['a ring time in fractions', { ringSeconds: 10.5 }, '/ringSeconds', 'out_of_range'],
    ['a ring time as text', { ringSeconds: '20' }, '/ringSeconds', 'out_of_range'],
    ['a negative wrap-up time', { wrapUpSeconds: -1 }, '/wrapUpSeconds', 'out_of_range'],
    ['a wrap-up time above the maximum', { wrapUpSeconds: d.maxWrapUpSeconds + 1 }, '/wrapUpSeconds', 'out_of_range'],
    ['a retry time of 0', { retrySeconds: 0 }, '/retrySeconds', 'out_of_range'],
    ['a retry time above the maximum', { retrySeconds: d.maxRetrySeconds + 1 }, '/retrySeconds', 'out_of_range'],
    ['room for no caller', { maxCallers: 0 }, '/maxCallers', 'out_of_range'],
    ['room for too many callers', { maxCallers: d.maxMaxCallers + 1 }, '/maxCallers', 'out_of_range'],
    ['a wait below the minimum', { maxWaitSeconds: d.minMaxWaitSeconds - 1 }, '/maxWaitSeconds', 'out_of_range'],
    ['a wait above the maximum', { maxWaitSeconds: d.maxMaxWaitSeconds + 1 }, '/maxWaitSeconds', 'out_of_range'],
    ['an unknown whenNoMember', { whenNoMember: 'hangup' }, '/whenNoMember', 'unknown_when_no_member'],
    ['announcements that are not an object', { announcements: 60 }, '/announcements', 'invalid_type'],
    ['announcements more often than the minimum', { announcements: { everySeconds: d.minAnnounceEverySeconds - 1 } }, '/announcements/everySeconds', 'out_of_range'],
    ['announcements less often than the maximum', { announcements: { everySeconds: d.maxAnnounceEverySeconds + 1 } }, '/announcements/everySeconds', 'out_of_range'],
    ['a position flag that is not a boolean', { announcements: { position: 'yes' } }, '/announcements/position', 'invalid_type'],
    ['an expected-wait flag that is not a boolean', { announcements: { expectedWait: 1 } }, '/announcements/expectedWait', 'invalid_type'],
  ])('refuses %s', (_what, change, field, code) => {
    expect(refusals({ ...valid(), ...change })).toContainEqual([field, code]);
  });

  it('refuses something that is not an object at the root', () => {
    expect(refusals([])).toEqual([['', 'invalid_type']]);
  });

  it('reports every problem at once, in document order', () => {
    expect(refusals({ name: '', members: [{ to: 'x' }], strategy: 'random', ringSeconds: 0, announcements: { everySeconds: 5 } })).toEqual([
      ['/name', 'invalid_name'],
      ['/members/0/to', 'invalid_phone_number'],
      ['/strategy', 'unknown_strategy'],
      ['/ringSeconds', 'out_of_range'],
      ['/announcements/everySeconds', 'out_of_range'],
    ]);
  });
});
