import { Type, type Static } from '@sinclair/typebox';
import { callResults, legResults, type CallResult, type LegResult } from '../../domain/call-record.ts';
import { PageOf, PageQuery, Timestamp } from './common.ts';
import { TimelineEntry } from './timeline.ts';

const Result = Type.Unsafe<CallResult>({
  type: 'string',
  enum: [...callResults],
  description:
    'answered; noAnswer: destinations rang, nobody answered; rejected: refused without ringing anyone; callerHungUp: the caller gave up first; failed: could not be carried (every leg refused by the country guard, an internal error)',
});
const LegResultSchema = Type.Unsafe<LegResult>({
  type: 'string',
  enum: [...legResults],
  description: 'refused: never sent, e.g. its country is not allowed (see reason)',
});
const Destination = Type.String({ description: 'E.164 or SIP URI' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

const CallLeg = Type.Object({
  legId: Type.String(),
  destination: Destination,
  label: Type.Optional(Type.String()),
  startedAt: Timestamp,
  answeredAt: NullableTimestamp,
  endedAt: NullableTimestamp,
  result: Type.Union([LegResultSchema, Type.Null()], { description: 'null while the leg rings or talks' }),
  status: Type.Optional(Type.Integer({ description: 'The SIP final status the destination or trunk sent' })),
  reason: Type.Optional(Type.String({ description: 'Why, in words' })),
});

export const CallRecord = Type.Object(
  {
    id: Type.String(),
    numberId: Type.Union([Type.String(), Type.Null()], { description: 'The business number dialled; null if it was deleted since' }),
    dialledNumber: Type.String({ description: 'E.164' }),
    caller: Type.Object({
      number: Type.String({ description: 'E.164 for a phone number, "anonymous" for a withheld one, otherwise as sent' }),
      kind: Type.Union([Type.Literal('number'), Type.Literal('anonymous'), Type.Literal('unknown')]),
      raw: Type.String({ description: 'What the trunk sent, before normalising' }),
      presentedAs: Type.Optional(
        Type.Object(
          {
          displayName: Type.String(),
          esn: Type.String(),
          virtualExtensionId: Type.Optional(Type.String({ description: 'When the number is a virtual extension\'s' })),
          rangeId: Type.Optional(Type.String({ description: 'When the number falls in a range (displayName is the range\'s name)' })),
        },
          { description: "When the caller's number is a virtual extension's or in a range: how the phones that rang showed the caller" },
        ),
      ),
    }),
    trunkId: Type.Union([Type.String(), Type.Null()], { description: 'The trunk the call came in through' }),
    sipCallId: Type.String({ description: "The SIP Call-ID of the caller's leg, to match a carrier's records" }),
    startedAt: Timestamp,
    answeredAt: NullableTimestamp,
    endedAt: Type.Union([Timestamp, Type.Null()], { description: 'null while the call is in progress' }),
    durationSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'Talk time, from answer to end; null when not answered or still going on' }),
    result: Type.Union([Result, Type.Null()], { description: 'null while the call is in progress' }),
    endCause: Type.Union([Type.String(), Type.Null()], { description: 'In words, e.g. "caller hung up"' }),
    hungUpBy: Type.Union([Type.Literal('caller'), Type.Literal('callee'), Type.Literal('system'), Type.Null()]),
    answeredBy: Type.Union([Type.Object({ legId: Type.String(), destination: Destination, label: Type.Optional(Type.String()) }), Type.Null()]),
    legs: Type.Array(CallLeg),
    timeline: Type.Array(TimelineEntry),
  },
  { $id: 'CallRecord', title: 'CallRecord' },
);

export const CallList = PageOf(Type.Ref(CallRecord), 'CallList');

export const CallListQuery = Type.Object(
  {
    ...PageQuery.properties,
    result: Type.Optional(Result),
    numberId: Type.Optional(Type.String({ maxLength: 64, description: 'Calls to this business number' })),
    caller: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Calls from this caller: a phone number in any format (without a country code, read as the organization\'s country), or "anonymous"',
      }),
    ),
    dialledNumber: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Calls to this phone number, in any format' }),
    ),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Calls that started at or after this time' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'Calls that started before this time' })),
  },
  { additionalProperties: false },
);
export type CallListQueryString = Static<typeof CallListQuery>;

export const ActiveCallQuery = PageQuery;
