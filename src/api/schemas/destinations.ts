import { Type, type Static } from '@sinclair/typebox';
import { ringDefaults } from '../../domain/flow.ts';

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
        'A phone number in any country and any format (+44 20 7946 0958; numbers without a country code are read as the organization\'s country) or a SIP URI (sip:desk@pbx.example.com), or a roster as roster:ros_… (whoever it has on call when the call arrives)',
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

/** What happens when nobody answers: hang up, or ring other destinations (which may fall through again). */
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
        },
        { additionalProperties: false },
      ),
    ]),
  { $id: 'TargetInput', title: 'TargetInput' },
);

export const DestinationsInput = Type.Object(
  {
    strategy: Strategy,
    destinations: Type.Array(DestinationInput, { description: 'In order. No limit on how many.' }),
    noAnswer: Type.Optional(Type.Ref(TargetInput)),
  },
  { additionalProperties: false, $id: 'DestinationsInput', title: 'DestinationsInput' },
);
export type DestinationsInputBody = Static<typeof DestinationsInput>;

const DestinationOutput = Type.Object({
  to: Type.String({ description: 'E.164 phone number, SIP URI, or roster:ros_… (whoever is on call)' }),
  kind: Type.Union([Type.Literal('phone'), Type.Literal('sip'), Type.Literal('roster')]),
  label: Type.Optional(Type.String()),
  delaySeconds: Type.Integer(),
  ringSeconds: Type.Integer(),
});

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
      }),
    ]),
  { $id: 'TargetOutput', title: 'TargetOutput' },
);

export const Destinations = Type.Object(
  {
    strategy: Strategy,
    destinations: Type.Array(DestinationOutput),
    noAnswer: Type.Ref(TargetOutput),
  },
  { $id: 'Destinations', title: 'Destinations' },
);
