import { Type, type Static } from '@sinclair/typebox';
import { PageOf, Timestamp } from './common.ts';

/*
 * The roster document. The request schemas give the shape; `rosterFromInput` checks the rest (numbers,
 * SIP URIs, dates, times, overlapping overrides) and names every field it refuses.
 */

const Rotation = Type.Object(
  {
    every: Type.Integer({ description: 'Shift length in `unit`s', examples: [1] }),
    unit: Type.String({ description: 'days or weeks' }),
    handoverTime: Type.String({ description: 'HH:MM, wall-clock time in the roster\'s zone', examples: ['09:00'] }),
    startDate: Type.String({ description: "YYYY-MM-DD: the first member's first shift starts at this date's handover time" }),
  },
  { additionalProperties: false },
);

const MemberInput = Type.Object(
  {
    to: Type.String({ description: 'A phone number in any format (read in the organization\'s country) or a SIP URI' }),
    label: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

const OverrideInput = Type.Object(
  {
    from: Type.String({ description: 'A date, a local date-time (YYYY-MM-DDTHH:MM) in the roster\'s zone, or an instant' }),
    to: Type.String({ description: 'The end, excluded; the same forms' }),
    memberIndex: Type.Optional(Type.Integer({ description: 'Who takes over: a member, by position in `members`' })),
    destination: Type.Optional(Type.String({ description: 'Or someone who is not a member: a phone number or SIP URI' })),
    label: Type.Optional(Type.String({ maxLength: 100 })),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, description: 'A swap: for [from, to) someone else is on call' },
);

const Name = Type.String({ maxLength: 200 });
const TimeZone = Type.String({ description: 'IANA time zone of the handover time and the overrides', examples: ['Europe/Amsterdam'] });
const Members = Type.Array(MemberInput, { maxItems: 100, description: 'In rotation order' });
const Overrides = Type.Array(OverrideInput, { maxItems: 1000 });

export const RosterInput = Type.Object(
  { name: Name, timeZone: TimeZone, members: Members, rotation: Rotation, overrides: Type.Optional(Overrides) },
  { additionalProperties: false },
);
export type RosterInputBody = Static<typeof RosterInput>;

export const RosterPatch = Type.Object(
  {
    name: Type.Optional(Name),
    timeZone: Type.Optional(TimeZone),
    members: Type.Optional(Members),
    rotation: Type.Optional(Rotation),
    overrides: Type.Optional(Overrides),
  },
  { additionalProperties: false, minProperties: 1, description: 'The top-level fields given replace the stored ones; the result is checked whole' },
);

const MemberOutput = Type.Object({
  to: Type.String({ description: 'E.164 or SIP URI' }),
  kind: Type.String({ description: 'What `to` is: phone, sip, …' }),
  label: Type.Optional(Type.String()),
});

const OverrideOutput = Type.Object({
  from: Type.String({ description: 'Local date-time in the roster\'s zone' }),
  to: Type.String(),
  memberIndex: Type.Optional(Type.Integer()),
  destination: Type.Optional(Type.String()),
  label: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});

export const Roster = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    timeZone: Type.String(),
    members: Type.Array(MemberOutput),
    rotation: Type.Object({ every: Type.Integer(), unit: Type.String(), handoverTime: Type.String(), startDate: Type.String() }),
    overrides: Type.Array(OverrideOutput),
    version: Type.Integer({ description: 'Increases with every change; send it in If-Match to change only this version' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Roster', title: 'Roster' },
);

export const RosterList = PageOf(Type.Ref(Roster), 'RosterList');

export const OnCallResult = Type.Object({
  at: Timestamp,
  member: Type.Object({ destination: Type.String({ description: 'E.164 or SIP URI' }), kind: Type.String(), label: Type.Optional(Type.String()) }),
  memberIndex: Type.Union([Type.Integer(), Type.Null()], { description: 'null: a stand-in who is not a member (an override)' }),
  shiftStart: Timestamp,
  shiftEnd: Timestamp,
  reason: Type.String({ description: 'Why, in plain words' }),
  override: Type.Optional(OverrideOutput),
});
