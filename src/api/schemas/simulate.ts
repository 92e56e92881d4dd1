import { Type, type Static } from '@sinclair/typebox';
import { TimelineEntry } from './timeline.ts';

const Behaviour = Type.Union(
  [
    Type.Literal('answer'),
    Type.Literal('busy'),
    Type.Literal('noAnswer'),
    Type.Literal('unreachable'),
    Type.Literal('reject'),
    Type.Literal('voicemail'),
    Type.Object({ answerAfterSeconds: Type.Number({ minimum: 0, maximum: 3600 }) }, { additionalProperties: false }),
  ],
  { description: 'answer: picks up after 0 s; noAnswer: rings until its ring time ends; reject: declines (603); voicemail: picks up but never accepts a whisper' },
);

const MemberState = Type.Union([
  Type.Literal('available'),
  Type.Literal('busy'),
  Type.Literal('wrapUp'),
  Type.Object(
    {
      state: Type.Optional(Type.Union([Type.Literal('available'), Type.Literal('busy'), Type.Literal('wrapUp')], { description: 'default available' })),
      availableAfterSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400, description: 'A busy or wrapping-up member is free this many seconds after the call arrives' })),
      idleForSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000, description: 'How long the member has been idle, for longest-idle' })),
    },
    { additionalProperties: false },
  ),
]);

const QueueState = Type.Object(
  {
    callersAhead: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Callers already waiting who stay in the queue (ahead of this one)' })),
    callersLeaveAfterSeconds: Type.Optional(
      Type.Array(Type.Number({ minimum: 0, maximum: 86_400 }), {
        maxItems: 1000,
        description: 'More callers already waiting: for each, the seconds after which they leave the queue (a member took them, or they gave up)',
      }),
    ),
    members: Type.Optional(
      Type.Record(Type.String(), MemberState, { description: 'By member number (any format), SIP URI or label; members not listed are available' }),
    ),
    lastRang: Type.Optional(Type.String({ description: 'The member round-robin rang last (number, SIP URI or label): it starts after them' })),
    averageWaitSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400, description: 'Recent average wait, for expected-wait announcements' })),
  },
  { additionalProperties: false },
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
    digits: Type.Optional(
      Type.Union([Type.String({ pattern: '^[0-9*#]{0,10}$' }), Type.Array(Type.String({ pattern: '^[0-9*#]{0,10}$' }), { maxItems: 20 })], {
        description: 'The keys the caller presses: one entry per menu prompt, in order ("" = nothing before the timeout); a single string is the first prompt\'s',
      }),
    ),
    queues: Type.Optional(Type.Record(Type.String(), QueueState, { description: 'How each queue stands when the call arrives, by queue id or name' })),
  },
  { additionalProperties: false },
);
export type SimulateRequestBody = Static<typeof SimulateRequest>;

const Destination = Type.String({ description: 'E.164 or SIP URI' });

export const SimulationResult = Type.Object(
  {
    number: Type.Object({ id: Type.String(), phoneNumber: Type.String(), label: Type.String() }),
    from: Type.String({ description: 'The caller as the engine saw it: E.164 or "anonymous"' }),
    presentedAs: Type.Optional(
      Type.Object(
        {
          displayName: Type.String(),
          esn: Type.String(),
          virtualExtensionId: Type.Optional(Type.String({ description: 'When the number is a virtual extension\'s' })),
          rangeId: Type.Optional(Type.String({ description: 'When the number falls in a range (displayName is the range\'s name)' })),
        },
        { description: "When the caller's number is a virtual extension's or in a range: how the phones that ring show the caller" },
      ),
    ),
    at: Type.String({ format: 'date-time' }),
    outcome: Type.Object({
      result: Type.Union([Type.Literal('answered'), Type.Literal('noAnswer'), Type.Literal('rejected'), Type.Literal('hungUp'), Type.Literal('callerHungUp')]),
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
        playId: Type.Optional(Type.String()),
        queueId: Type.Optional(Type.String()),
        status: Type.Optional(Type.Integer()),
      }),
    ),
  },
  { $id: 'SimulationResult', title: 'SimulationResult' },
);
export type SimulationResultBody = Static<typeof SimulationResult>;
