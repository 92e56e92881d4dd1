import { Type, type Static } from '@sinclair/typebox';
import { TimelineEntry } from './timeline.ts';

const Behaviour = Type.Union(
  [
    Type.Literal('answer'),
    Type.Literal('busy'),
    Type.Literal('noAnswer'),
    Type.Literal('unreachable'),
    Type.Object({ answerAfterSeconds: Type.Number({ minimum: 0, maximum: 3600 }) }, { additionalProperties: false }),
  ],
  { description: 'answer: picks up after 0 s; noAnswer: rings until its ring time ends' },
);

export const SimulateRequest = Type.Object(
  {
    to: Type.String({ minLength: 1, maxLength: 64, description: 'One of your numbers, in any format' }),
    from: Type.Optional(Type.String({ maxLength: 64, description: 'The caller: a phone number in any format, or "anonymous" (default)' })),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'When the call comes in; default now' })),
    behaviour: Type.Optional(
      Type.Record(Type.String(), Behaviour, {
        description:
          'How each destination behaves, keyed by the destination (phone number in any format, SIP URI) or its label. Destinations not listed do not answer.',
      }),
    ),
    callerHangsUpAfterSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
  },
  { additionalProperties: false },
);
export type SimulateRequestBody = Static<typeof SimulateRequest>;

const Destination = Type.String({ description: 'E.164 or SIP URI' });

export const SimulationResult = Type.Object(
  {
    number: Type.Object({ id: Type.String(), phoneNumber: Type.String(), label: Type.String() }),
    from: Type.String({ description: 'The caller as the engine saw it: E.164 or "anonymous"' }),
    at: Type.String({ format: 'date-time' }),
    outcome: Type.Object({
      result: Type.Union([Type.Literal('answered'), Type.Literal('noAnswer'), Type.Literal('rejected'), Type.Literal('callerHungUp')]),
      atSeconds: Type.Number(),
      legId: Type.Optional(Type.String()),
      destination: Type.Optional(Destination),
      label: Type.Optional(Type.String()),
      status: Type.Optional(Type.Integer({ description: 'The SIP status the caller gets' })),
      reason: Type.Optional(Type.String()),
    }),
    timeline: Type.Array(TimelineEntry),
    trace: Type.Array(
      Type.Object({
        atSeconds: Type.Number(),
        code: Type.String({ description: 'Stable code of the decision, e.g. ring.started' }),
        message: Type.String({ description: 'Why, in plain words' }),
        rule: Type.Optional(Type.String({ description: 'Where in the flow the deciding rule sits, e.g. target.noAnswer' })),
        numberId: Type.Optional(Type.String()),
        legId: Type.Optional(Type.String()),
        timerId: Type.Optional(Type.String()),
        status: Type.Optional(Type.Integer()),
      }),
    ),
  },
  { $id: 'SimulationResult', title: 'SimulationResult' },
);
export type SimulationResultBody = Static<typeof SimulationResult>;
