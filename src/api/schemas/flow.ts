import { Type, type Static } from '@sinclair/typebox';
import { TargetInput, TargetOutput } from './destinations.ts';

const When = Type.Union([Type.Literal('open'), Type.Literal('closed')], {
  description: 'open: the rule applies while the schedule is open; closed: while it is closed',
});

const filterDescription =
  'The number\'s own call filter, applied after the organization\'s: {"mode":"block"|"allowOnly","entries":[{"match":"+44 20*"|"+31 6 1234 5678"|{"kind":"anonymous"}|{"kind":"country","country":"GB"},"action":"reject"|"busy"|"allow"|{"kind":"announcement","text":"…"}|{"kind":"reroute","target":<target>}}],"otherwise":"reject"|"busy"|{"kind":"announcement","text":"…"}}. The most specific matching entry wins. An announcement answers the caller, speaks the text, then hangs up; a reroute target may be any target (ring, menu, announcement, queue, number, hangup).';

const RuleInput = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    scheduleId: Type.String({ description: 'A schedule of the organization (/v1/schedules)' }),
    when: When,
    target: Type.Ref(TargetInput),
  },
  { additionalProperties: false },
);

/**
 * The flow document as written: filter, schedule rules, default target. Targets nest (a menu's keys,
 * a ring's noAnswer, an announcement's then, a queue's overflow), at most 16 deep.
 */
export const FlowInput = Type.Object(
  {
    filter: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: filterDescription })),
    rules: Type.Optional(Type.Array(RuleInput, { maxItems: 20, description: 'Checked in order at the moment the call arrives; the first that applies decides.' })),
    target: Type.Ref(TargetInput),
  },
  { additionalProperties: false },
);
export type FlowInputBody = Static<typeof FlowInput>;

export const FlowDocument = Type.Object({
  filter: Type.Optional(Type.Object({}, { additionalProperties: true, description: filterDescription })),
  rules: Type.Array(
    Type.Object({
      name: Type.Optional(Type.String()),
      scheduleId: Type.String(),
      when: When,
      target: Type.Ref(TargetOutput),
    }),
  ),
  target: Type.Ref(TargetOutput),
});
