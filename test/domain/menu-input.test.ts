import { describe, expect, it } from 'vitest';
import { ValidationError, type FieldIssue } from '../../src/domain/errors.ts';
import { maxPromptLength, maxTargetDepth, menuDefaults, whisperDefaults, type Target } from '../../src/domain/flow.ts';
import { flowFromInput, flowToOutput, type FlowInput, type FlowReferences } from '../../src/domain/flow-input.ts';
import type { Country } from '../../src/domain/phone-number.ts';
import { ringFromInput, type TargetInput } from '../../src/domain/ring-input.ts';

/*
 * Menus, announcements, queue targets and whispers as people write them in a flow: what is accepted
 * and stored, and every rule a person can break, named by its JSON pointer and a stable code.
 */

const NL = 'NL' as Country;
const queueId = 'que_01m8000000000000000000';
const references: FlowReferences = { scheduleIds: new Set(), rosterIds: new Set(), numberIds: new Set(), queueIds: new Set([queueId]) };

const ringAnna: TargetInput = { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '06 1234 5678', label: 'Anna' }] };

function read(target: unknown): Target {
  return flowFromInput({ target } as FlowInput, NL, references).target;
}

/** The [field, code] pairs a refused flow target produces. */
function refusals(target: unknown, extra: Partial<FlowInput> = {}): [string, string][] {
  try {
    flowFromInput({ target, ...extra } as FlowInput, NL, references);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i: FieldIssue) => [i.field, i.code]);
    throw error;
  }
  throw new Error('expected the flow to be refused');
}

function menu(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'menu', prompt: 'For sales press 1.', options: [{ key: '1', target: ringAnna }], ...fields };
}

describe('menus, announcements and queues: accepted and normalised', () => {
  it('a menu takes the defaults for what is left out, and its key targets are read like any target', () => {
    expect(read(menu())).toEqual({
      type: 'menu',
      prompt: { text: 'For sales press 1.' },
      options: [
        {
          key: '1',
          target: {
            type: 'ring',
            strategy: 'simultaneous',
            destinations: [{ to: { kind: 'phone', e164: '+31612345678' }, label: 'Anna', delaySeconds: 0, ringSeconds: 20 }],
            noAnswer: { type: 'hangup', reason: 'unavailable' },
          },
        },
      ],
      timeoutSeconds: menuDefaults.timeoutSeconds,
      retries: menuDefaults.retries,
      invalidPrompt: menuDefaults.invalidPrompt,
      timeoutPrompt: menuDefaults.timeoutPrompt,
      exhausted: { type: 'hangup', reason: 'unavailable' },
      extensions: [],
    });
  });

  it('prompts may be written as a string or {text}, are trimmed, and come back as {text}', () => {
    const flow = flowFromInput(
      {
        target: {
          type: 'menu',
          prompt: { text: '  Press 1 for sales.  ' },
          invalidPrompt: 'Wrong key.',
          timeoutPrompt: { text: 'Still there?' },
          timeoutSeconds: 5,
          retries: 0,
          options: [{ key: '#', target: { type: 'hangup' } }],
          exhausted: { type: 'hangup', reason: 'busy' },
        },
      },
      NL,
      references,
    );
    const output = flowToOutput(flow).target;
    expect(output).toMatchObject({
      type: 'menu',
      prompt: { text: 'Press 1 for sales.' },
      invalidPrompt: { text: 'Wrong key.' },
      timeoutPrompt: { text: 'Still there?' },
      timeoutSeconds: 5,
      retries: 0,
      exhausted: { type: 'hangup', reason: 'busy' },
    });
    // What the API returns reads back to the same flow.
    expect(flowFromInput({ target: output as TargetInput }, NL, references)).toEqual(flow);
  });

  it('extensions: digits dialled instead of a key, with an optional label; one may begin with an option key', () => {
    const target = read(menu({ extensions: [{ extension: '101', label: ' Anna ', target: ringAnna }, { extension: '20', target: { type: 'hangup' } }] }));
    expect(target).toMatchObject({
      extensions: [
        { extension: '101', label: 'Anna', target: { type: 'ring' } },
        { extension: '20', target: { type: 'hangup' } },
      ],
    });
    // A menu of extensions only (a company directory) needs no key.
    expect(read({ type: 'menu', prompt: 'Dial the extension.', extensions: [{ extension: '201', target: ringAnna }] })).toMatchObject({ options: [] });
  });

  it('an announcement goes on to hang up "unavailable" unless `then` says otherwise', () => {
    expect(read({ type: 'announcement', prompt: 'We are closed today.' })).toEqual({
      type: 'announcement',
      prompt: { text: 'We are closed today.' },
      then: { type: 'hangup', reason: 'unavailable' },
    });
    expect(read({ type: 'announcement', prompt: { text: 'Please hold.' }, then: ringAnna })).toMatchObject({ then: { type: 'ring' } });
  });

  it('a queue target names a queue of the organization; overflow defaults to hang up "busy"', () => {
    expect(read({ type: 'queue', queueId })).toEqual({ type: 'queue', queueId, overflow: { type: 'hangup', reason: 'busy' } });
    expect(read({ type: 'queue', queueId, overflow: ringAnna, whisper: 'Queue call for {label}' })).toMatchObject({
      overflow: { type: 'ring' },
      whisper: { template: 'Queue call for {label}', requireAccept: false },
    });
  });

  it('whispers: a template string, or {template, requireAccept} with the default template', () => {
    expect(read({ ...ringAnna, whisper: 'Call for {label} from {caller}' })).toMatchObject({ whisper: { template: 'Call for {label} from {caller}', requireAccept: false } });
    expect(read({ ...ringAnna, whisper: { requireAccept: true } })).toMatchObject({ whisper: { template: whisperDefaults.template, requireAccept: true } });
    expect(read(ringAnna)).not.toHaveProperty('whisper');
    // The /destinations document (a ring alone) takes a whisper too.
    const ring = ringFromInput({ strategy: 'sequential', destinations: [{ to: '06 1234 5678' }], whisper: 'Call on {dialledNumber}' }, NL);
    expect(ring.whisper).toEqual({ template: 'Call on {dialledNumber}', requireAccept: false });
  });

  it('a call filter entry may answer with an announcement, and an allow list may tell everyone else one', () => {
    const flow = flowFromInput(
      {
        filter: {
          mode: 'allowOnly',
          entries: [{ match: '+31*' }, { match: '+31 6 9999 0000', action: { kind: 'announcement', text: 'You are not welcome here.' } }],
          otherwise: { kind: 'announcement', text: 'We only take calls from the Netherlands.' },
        },
        target: ringAnna,
      },
      NL,
      references,
    );
    expect(flow.filter).toMatchObject({
      entries: [{ action: { kind: 'allow' } }, { action: { kind: 'announcement', text: 'You are not welcome here.' } }],
      otherwise: { kind: 'announcement', text: 'We only take calls from the Netherlands.' },
    });
  });

  it('a reroute in a filter may send callers to a menu, an announcement or a queue', () => {
    const flow = flowFromInput(
      { filter: { mode: 'block', entries: [{ match: 'anonymous', action: { kind: 'reroute', target: menu({ exhausted: { type: 'queue', queueId } }) } }] }, target: ringAnna },
      NL,
      references,
    );
    expect(flow.filter?.entries[0]?.action).toMatchObject({ kind: 'reroute', target: { type: 'menu', exhausted: { type: 'queue', queueId } } });
  });
});

describe('menus, announcements and queues: each rule, at its field', () => {
  it.each<[string, unknown, string, string]>([
    ['a key not on the keypad', menu({ options: [{ key: 'A', target: ringAnna }] }), '/target/options/0/key', 'invalid_key'],
    ['two keys on one keypad button', menu({ options: [{ key: '1', target: ringAnna }, { key: '1', target: { type: 'hangup' } }] }), '/target/options/1/key', 'duplicate_key'],
    ['an option without a target', menu({ options: [{ key: '1' }] }), '/target/options/0/target', 'required'],
    ['a menu with nothing to choose', menu({ options: [] }), '/target/options', 'empty_menu'],
    ['a timeout of 0 seconds', menu({ timeoutSeconds: 0 }), '/target/timeoutSeconds', 'out_of_range'],
    ['a timeout past a minute', menu({ timeoutSeconds: 61 }), '/target/timeoutSeconds', 'out_of_range'],
    ['a timeout in fractions', menu({ timeoutSeconds: 2.5 }), '/target/timeoutSeconds', 'out_of_range'],
    ['four retries', menu({ retries: 4 }), '/target/retries', 'out_of_range'],
    ['negative retries', menu({ retries: -1 }), '/target/retries', 'out_of_range'],
    ['a one-digit extension', menu({ extensions: [{ extension: '7', target: ringAnna }] }), '/target/extensions/0/extension', 'invalid_extension'],
    ['an extension of eleven digits', menu({ extensions: [{ extension: '12345678901', target: ringAnna }] }), '/target/extensions/0/extension', 'invalid_extension'],
    ['an extension with a star', menu({ extensions: [{ extension: '20*', target: ringAnna }] }), '/target/extensions/0/extension', 'invalid_extension'],
    [
      'the same extension twice',
      menu({ extensions: [{ extension: '201', target: ringAnna }, { extension: '201', target: ringAnna }] }),
      '/target/extensions/1/extension',
      'duplicate_extension',
    ],
    ['an extension label of control characters', menu({ extensions: [{ extension: '201', label: 'a\u0007b', target: ringAnna }] }), '/target/extensions/0/label', 'invalid_label'],
    [
      `more than ${menuDefaults.maxExtensions} extensions`,
      menu({ extensions: Array.from({ length: menuDefaults.maxExtensions + 1 }, (_, i) => ({ extension: String(100 + i), target: { type: 'hangup' } })) }),
      '/target/extensions',
      'too_many',
    ],
    ['a menu without a prompt', { type: 'menu', options: [{ key: '1', target: ringAnna }] }, '/target/prompt', 'required'],
    ['a blank prompt', menu({ prompt: '   ' }), '/target/prompt', 'invalid_prompt'],
    ['a prompt too long to speak', menu({ prompt: 'a'.repeat(maxPromptLength + 1) }), '/target/prompt', 'invalid_prompt'],
    ['a prompt {text} with a control character', menu({ prompt: { text: 'Press\u00001' } }), '/target/prompt/text', 'invalid_prompt'],
    ['a blank invalid-key prompt', menu({ invalidPrompt: { text: '' } }), '/target/invalidPrompt/text', 'invalid_prompt'],
    ['a blank timeout prompt', menu({ timeoutPrompt: '' }), '/target/timeoutPrompt', 'invalid_prompt'],
    ['a bad number behind a key', menu({ options: [{ key: '1', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '12' }] } }] }), '/target/options/0/target/destinations/0/to', 'invalid_phone_number'],
    ['a bad number behind an extension', menu({ extensions: [{ extension: '201', target: { type: 'number', numberId: 'num_x' } }] }), '/target/extensions/0/target/numberId', 'unknown_number'],
    ['a bad exhausted target', menu({ exhausted: { type: 'queue', queueId: 'que_nothere' } }), '/target/exhausted/queueId', 'unknown_queue'],
    ['an announcement without words', { type: 'announcement', prompt: '' }, '/target/prompt', 'invalid_prompt'],
    ['an announcement then a bad ring', { type: 'announcement', prompt: 'Hi.', then: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: 'sip:nobody' }] } }, '/target/then/destinations/0/to', 'invalid_sip_uri'],
    ['a queue that does not exist', { type: 'queue', queueId: 'que_01m8000000000000000001' }, '/target/queueId', 'unknown_queue'],
    ['a queue whose overflow names an unknown queue', { type: 'queue', queueId, overflow: { type: 'queue', queueId: 'que_gone' } }, '/target/overflow/queueId', 'unknown_queue'],
    ['a whisper placeholder that does not exist', { ...ringAnna, whisper: 'Call for {name}' }, '/target/whisper', 'unknown_placeholder'],
    ['a whisper placeholder typo in the object form', { type: 'queue', queueId, whisper: { template: 'Call from {Caller}' } }, '/target/whisper/template', 'unknown_placeholder'],
    ['a whisper too long to say', { ...ringAnna, whisper: 'x'.repeat(whisperDefaults.maxTemplateLength + 1) }, '/target/whisper', 'invalid_whisper'],
    ['a whisper with a stray brace', { ...ringAnna, whisper: 'Call for {label' }, '/target/whisper', 'invalid_whisper'],
    ['a whisper requireAccept that is not a boolean', { ...ringAnna, whisper: { requireAccept: 'yes' } }, '/target/whisper/requireAccept', 'invalid_type'],
  ])('refuses %s', (_what, target, field, code) => {
    expect(refusals(target)).toContainEqual([field, code]);
  });

  it('names the placeholder it does not know', () => {
    try {
      read({ ...ringAnna, whisper: 'Call for {department}' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      expect(error.issues[0]?.message).toContain('{department}');
      return;
    }
    throw new Error('expected a refusal');
  });

  it('reports every problem of a menu at once', () => {
    expect(refusals(menu({ prompt: '', options: [{ key: 'X', target: ringAnna }], retries: 9, timeoutSeconds: 0 }))).toEqual([
      ['/target/prompt', 'invalid_prompt'],
      ['/target/options/0/key', 'invalid_key'],
      ['/target/timeoutSeconds', 'out_of_range'],
      ['/target/retries', 'out_of_range'],
    ]);
  });

  it(`limits nesting to ${maxTargetDepth} targets, counting menu keys, announcements and queue overflows`, () => {
    const nest = (levels: number): TargetInput => {
      let target: TargetInput = { type: 'hangup' };
      for (let i = 0; i < levels; i++) {
        const kind = i % 3;
        target =
          kind === 0
            ? { type: 'menu', prompt: 'Press 1.', options: [{ key: '1', target }] }
            : kind === 1
              ? { type: 'announcement', prompt: 'Hello.', then: target }
              : { type: 'queue', queueId, overflow: target };
      }
      return target;
    };
    expect(() => read(nest(maxTargetDepth - 1))).not.toThrow();
    const refused = refusals(nest(maxTargetDepth));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.[1]).toBe('too_deep');
    expect(refused[0]?.[0]).toMatch(/^\/target(\/options\/0\/target|\/then|\/overflow)+$/);
  });

  it('an allow list may not reroute everyone else, and a filter reroute must look like a target', () => {
    expect(refusals(ringAnna, { filter: { mode: 'allowOnly', entries: [{ match: '+31*' }], otherwise: { kind: 'reroute', target: ringAnna } } })).toContainEqual([
      '/filter/otherwise/kind',
      'invalid_otherwise',
    ]);
    expect(
      refusals(ringAnna, { filter: { mode: 'block', entries: [{ match: 'anonymous', action: { kind: 'reroute', target: { type: 'menu', prompt: 'x', options: [{ key: '1', target: { type: 'ring' } }] } } }] } }),
    ).toContainEqual(['/filter/entries/0/action/target', 'invalid_target']);
  });
});
