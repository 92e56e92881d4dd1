import { Type, type Static } from '@sinclair/typebox';
import { maxPromptLength, menuDefaults, menuKeys, ringDefaults, whisperDefaults, whisperPlaceholders } from '../../domain/flow.ts';

const Strategy = Type.Union([Type.Literal('simultaneous'), Type.Literal('sequential'), Type.Literal('custom')], {
  description:
    'simultaneous: all ring at once. sequential: one after another, each for its ringSeconds. custom: each starts at its own delaySeconds, earlier ones still ringing.',
});

const HangupReason = Type.Union([Type.Literal('unavailable'), Type.Literal('busy'), Type.Literal('declined')], {
  description: 'What the caller is told: unavailable (SIP 480), busy (486) or declined (603)',
});

export const DestinationInput = Type.Object(
  {
    to: Type.String({
      minLength: 1,
      maxLength: 256,
      description:
        'A phone number in any country and any format (+44 20 7946 0958; numbers without a country code are read as the organization\'s country) or a SIP URI (sip:desk@pbx.example.com), a user as user:usr_… (all their registered devices), or a roster as roster:ros_… (whoever it has on call when the call arrives)',
      examples: ['+31 6 1234 5678', 'sip:reception@pbx.example.com'],
    }),
    label: Type.Optional(Type.String({ maxLength: 100, description: 'A name people recognise: "Office", "Anna mobile"' })),
    delaySeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: ringDefaults.maxDelaySeconds, description: 'custom only: seconds before this one starts ringing' }),
    ),
    ringSeconds: Type.Optional(
      Type.Integer({
        minimum: ringDefaults.minRingSeconds,
        maximum: ringDefaults.maxRingSeconds,
        description: `Seconds this destination rings (default ${ringDefaults.ringSeconds})`,
      }),
    ),
  },
  { additionalProperties: false },
);

/*
 * Ranges, keys, extensions, prompt lengths and whisper placeholders are checked by the domain
 * (`readTargetInto`), which names each field it refuses with a stable code (`duplicate_key`,
 * `out_of_range`, `unknown_placeholder`, …); the schemas give the shapes and say the rules.
 */

const PromptInput = Type.Union([Type.String(), Type.Object({ text: Type.String() }, { additionalProperties: false })], {
  description: `Text the caller hears (spoken by text-to-speech): a string or {"text": …}; 1 to ${maxPromptLength} characters, no control characters`,
  examples: ['We are closed today. Please call again tomorrow from nine.'],
});

const placeholderList = whisperPlaceholders.map((p) => `{${p}}`).join(', ');

export const WhisperInput = Type.Union(
  [
    Type.String(),
    Type.Object(
      {
        template: Type.Optional(Type.String({ description: `Default "${whisperDefaults.template}"` })),
        requireAccept: Type.Optional(Type.Boolean({ description: `The person must press ${whisperDefaults.acceptKey} to take the call (so voicemail cannot); default false` })),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description: `Played to whoever answers before the caller is put through: a template or {"template", "requireAccept"}. Placeholders: ${placeholderList}; at most ${whisperDefaults.maxTemplateLength} characters.`,
    examples: ['Call for {label} from {caller}', { template: 'Call for {label}', requireAccept: true }],
  },
);

const keyList = menuKeys.join(' ');

/** Where a call goes: ring destinations, a menu, an announcement, a queue, another number's flow, or hang up. Targets nest. */
export const TargetInput = Type.Recursive(
  (This) =>
    Type.Union([
      Type.Object({ type: Type.Literal('hangup'), reason: Type.Optional(HangupReason) }, { additionalProperties: false }),
      Type.Object(
        { type: Type.Literal('number'), numberId: Type.String({ description: "Another of the organization's numbers: the call continues in its flow" }) },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          type: Type.Literal('ring'),
          strategy: Strategy,
          destinations: Type.Array(DestinationInput),
          noAnswer: Type.Optional(This),
          whisper: Type.Optional(WhisperInput),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          type: Type.Literal('announcement'),
          prompt: PromptInput,
          then: Type.Optional(Type.Union([This], { description: 'Where the call goes after the announcement (default: hang up "unavailable")' })),
        },
        { additionalProperties: false, description: 'Answer, play the prompt, then go on', examples: [{ type: 'announcement', prompt: 'We are closed today.' }] },
      ),
      Type.Object(
        {
          type: Type.Literal('menu'),
          prompt: PromptInput,
          options: Type.Optional(
            Type.Array(
              Type.Object({ key: Type.String({ description: `One of ${keyList}; each key once`, examples: ['1'] }), target: This }, { additionalProperties: false }),
              { description: 'What each key does, in the order given' },
            ),
          ),
          timeoutSeconds: Type.Optional(
            Type.Integer({ description: `Seconds to wait for a key after the prompt, ${menuDefaults.minTimeoutSeconds}–${menuDefaults.maxTimeoutSeconds} (default ${menuDefaults.timeoutSeconds})` }),
          ),
          retries: Type.Optional(Type.Integer({ description: `Times the prompt is played again after a wrong key or silence, 0–${menuDefaults.maxRetries} (default ${menuDefaults.retries})` })),
          invalidPrompt: Type.Optional(Type.Union([PromptInput], { description: `After a key the menu does not offer (default "${menuDefaults.invalidPrompt.text}")` })),
          timeoutPrompt: Type.Optional(Type.Union([PromptInput], { description: `When no key came in time (default "${menuDefaults.timeoutPrompt.text}")` })),
          exhausted: Type.Optional(Type.Union([This], { description: 'Where the call goes when the retries have run out (default: hang up "unavailable")' })),
          extensions: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  extension: Type.String({
                    description: `${menuDefaults.minExtensionDigits} to ${menuDefaults.maxExtensionDigits} digits the caller may dial instead of a key; unique. It may start with an option's key: a lone key still chooses the option, the digits are collected until # or a pause.`,
                    examples: ['201'],
                  }),
                  label: Type.Optional(Type.String({ maxLength: 100 })),
                  target: This,
                },
                { additionalProperties: false },
              ),
              { description: `At most ${menuDefaults.maxExtensions}` },
            ),
          ),
        },
        {
          additionalProperties: false,
          description: 'Answer, play the prompt, act on the key pressed. At least one option or extension.',
          examples: [
            {
              type: 'menu',
              prompt: 'For sales press 1, for support press 2.',
              options: [
                { key: '1', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '+31 6 1234 5678', label: 'Sales' }] } },
                { key: '2', target: { type: 'queue', queueId: 'que_01m8000000000000000000' } },
              ],
            },
          ],
        },
      ),
      Type.Object(
        {
          type: Type.Literal('queue'),
          queueId: Type.String({ description: 'A queue of the organization (/v1/queues)' }),
          overflow: Type.Optional(Type.Union([This], { description: 'Where the call goes when the queue is full or the wait is over (default: hang up "busy")' })),
          whisper: Type.Optional(WhisperInput),
        },
        { additionalProperties: false, description: 'Wait in a queue until a member takes the call' },
      ),
    ]),
  { $id: 'TargetInput', title: 'TargetInput' },
);

export const DestinationsInput = Type.Object(
  {
    strategy: Strategy,
    destinations: Type.Array(DestinationInput, { description: 'In order. No limit on how many.' }),
    noAnswer: Type.Optional(Type.Ref(TargetInput)),
    whisper: Type.Optional(WhisperInput),
  },
  { additionalProperties: false, $id: 'DestinationsInput', title: 'DestinationsInput' },
);
export type DestinationsInputBody = Static<typeof DestinationsInput>;

const DestinationOutput = Type.Object({
  to: Type.String({ description: 'E.164 phone number, SIP URI, user:usr_… (all their registered devices), or roster:ros_… (whoever is on call)' }),
  kind: Type.Union([Type.Literal('phone'), Type.Literal('sip'), Type.Literal('user'), Type.Literal('roster')]),
  label: Type.Optional(Type.String()),
  delaySeconds: Type.Integer(),
  ringSeconds: Type.Integer(),
});

const Prompt = Type.Object({ text: Type.String() });
const Whisper = Type.Object({
  template: Type.String({ description: `With placeholders ${placeholderList}` }),
  requireAccept: Type.Boolean({ description: `The person must press ${whisperDefaults.acceptKey} to take the call` }),
});

/** A stored target, with every default filled in. */
export const TargetOutput = Type.Recursive(
  (This) =>
    Type.Union([
      Type.Object({ type: Type.Literal('hangup'), reason: HangupReason }),
      Type.Object({ type: Type.Literal('number'), numberId: Type.String() }),
      Type.Object({
        type: Type.Literal('ring'),
        strategy: Strategy,
        destinations: Type.Array(DestinationOutput),
        noAnswer: This,
        whisper: Type.Optional(Whisper),
      }),
      Type.Object({ type: Type.Literal('announcement'), prompt: Prompt, then: This }),
      Type.Object({
        type: Type.Literal('menu'),
        prompt: Prompt,
        options: Type.Array(Type.Object({ key: Type.String(), target: This })),
        timeoutSeconds: Type.Integer(),
        retries: Type.Integer(),
        invalidPrompt: Prompt,
        timeoutPrompt: Prompt,
        exhausted: This,
        extensions: Type.Array(Type.Object({ extension: Type.String(), label: Type.Optional(Type.String()), target: This })),
      }),
      Type.Object({ type: Type.Literal('queue'), queueId: Type.String(), overflow: This, whisper: Type.Optional(Whisper) }),
    ]),
  { $id: 'TargetOutput', title: 'TargetOutput' },
);

export const Destinations = Type.Object(
  {
    strategy: Strategy,
    destinations: Type.Array(DestinationOutput),
    noAnswer: Type.Ref(TargetOutput),
    whisper: Type.Optional(Whisper),
  },
  { $id: 'Destinations', title: 'Destinations' },
);
