import { Type, type Static } from '@sinclair/typebox';
import { PageOf, Timestamp } from './common.ts';

/*
 * The schedule document. The request schemas give the shape; `scheduleFromInput` checks the rest (times,
 * dates, time zones, overlaps, recurrence rules) and names every field it refuses.
 */

const Range = Type.Object(
  {
    from: Type.String({ description: 'HH:MM local time', examples: ['09:00'] }),
    to: Type.String({ description: 'HH:MM local time; 24:00 is the end of the day; earlier than `from` runs past midnight', examples: ['17:30'] }),
  },
  { additionalProperties: false },
);

const Ranges = Type.Array(Range, { maxItems: 10 });

const Weekly = Type.Object(
  {
    mon: Type.Optional(Ranges),
    tue: Type.Optional(Ranges),
    wed: Type.Optional(Ranges),
    thu: Type.Optional(Ranges),
    fri: Type.Optional(Ranges),
    sat: Type.Optional(Ranges),
    sun: Type.Optional(Ranges),
  },
  { additionalProperties: false, description: 'Opening hours per day of the week, several ranges a day; a day left out is closed' },
);

const WeeklyOutput = Type.Object({ mon: Ranges, tue: Ranges, wed: Ranges, thu: Ranges, fri: Ranges, sat: Ranges, sun: Ranges });

const exceptionProperties = {
  kind: Type.String({ description: 'date | dateRange | yearly | nthWeekday | rrule' }),
  name: Type.String({ description: "Shown in traces: \"closed: 2026-12-24 is holiday 'Christmas Eve'\"" }),
  state: Type.Optional(Type.String({ description: 'closed (default) or open' })),
  hours: Type.Optional(Type.Array(Range, { description: "open: the day's hours instead of the weekly ones; closed: closed during these only" })),
  date: Type.Optional(Type.String({ description: 'date: YYYY-MM-DD' })),
  from: Type.Optional(Type.String({ description: 'dateRange: first date, YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ description: 'dateRange: last date (included)' })),
  month: Type.Optional(Type.Integer({ description: 'yearly, nthWeekday: 1–12' })),
  day: Type.Optional(Type.Integer({ description: 'yearly: day of the month' })),
  weekday: Type.Optional(Type.String({ description: 'nthWeekday: mon … sun' })),
  n: Type.Optional(Type.Integer({ description: 'nthWeekday: 1–5, or -1 for the last' })),
  rrule: Type.Optional(Type.String({ description: 'rrule: an RFC 5545 RRULE, e.g. FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO' })),
  start: Type.Optional(Type.String({ description: 'rrule: the first date, YYYY-MM-DD' })),
};

const ExceptionInput = Type.Object(exceptionProperties, {
  description: 'A holiday or other exception; on a date several match, the first in the list decides',
  examples: [{ kind: 'date', name: 'Christmas Eve', date: '2026-12-24', state: 'open', hours: [{ from: '09:00', to: '15:00' }] }],
});
const ExceptionOutput = Type.Object({ ...exceptionProperties, state: Type.String() });

const OverrideInput = Type.Object(
  {
    state: Type.String({ description: 'open or closed' }),
    until: Type.String({ description: 'An ISO 8601 instant with an offset; the override holds before it', examples: ['2026-12-24T15:00:00+01:00'] }),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const OverrideOutput = Type.Object({ state: Type.String(), until: Type.String(), reason: Type.Optional(Type.String()) });

const Name = Type.String({ maxLength: 200 });
const TimeZone = Type.String({ description: 'IANA time zone; every time and date of the schedule is local to it', examples: ['Europe/Amsterdam'] });
const Exceptions = Type.Array(ExceptionInput, { maxItems: 366 });
// Null first: Ajv's type coercion would otherwise try the object branch on null.
const Override = Type.Union([Type.Null(), OverrideInput], { description: 'Force open or closed until an instant (the day the office shuts early); null: none' });

export const ScheduleInput = Type.Object(
  { name: Name, timeZone: TimeZone, weekly: Type.Optional(Weekly), exceptions: Type.Optional(Exceptions), override: Type.Optional(Override) },
  { additionalProperties: false },
);
export type ScheduleInputBody = Static<typeof ScheduleInput>;

export const SchedulePatch = Type.Object(
  {
    name: Type.Optional(Name),
    timeZone: Type.Optional(TimeZone),
    weekly: Type.Optional(Weekly),
    exceptions: Type.Optional(Exceptions),
    override: Type.Optional(Override),
  },
  { additionalProperties: false, minProperties: 1, description: 'The top-level fields given replace the stored ones; the result is checked whole' },
);

export const Schedule = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    timeZone: Type.String(),
    weekly: WeeklyOutput,
    exceptions: Type.Array(ExceptionOutput),
    override: Type.Union([OverrideOutput, Type.Null()]),
    version: Type.Integer({ description: 'Increases with every change; send it in If-Match to change only this version' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Schedule', title: 'Schedule' },
);

export const ScheduleList = PageOf(Type.Ref(Schedule), 'ScheduleList');

export const ImportResult = Type.Object({
  schedule: Type.Ref(Schedule),
  imported: Type.Integer({ description: 'Exceptions added from the file, after the ones the schedule had' }),
  skipped: Type.Array(
    Type.Object({ index: Type.Integer({ description: "The event's position among the file's VEVENTs, from 0" }), reason: Type.String() }),
  ),
});

export const AtQuery = Type.Object({
  at: Type.Optional(Type.String({ format: 'date-time', description: 'The instant to ask about (ISO 8601 with an offset); default now' })),
});

export const ScheduleStateResult = Type.Object({
  at: Timestamp,
  open: Type.Boolean(),
  reason: Type.String({ description: "Why, in plain words: \"closed: 2026-12-24 is 'Christmas Eve'\"" }),
  source: Type.Object(
    {
      kind: Type.String({ description: 'override | exception | weekly' }),
      index: Type.Optional(Type.Integer({ description: 'exception: its position in `exceptions`' })),
      name: Type.Optional(Type.String()),
      day: Type.Optional(Type.String()),
      range: Type.Optional(Range),
    },
    { description: 'What decided' },
  ),
  changesAt: Type.Optional(Type.String({ format: 'date-time', description: 'When `open` flips next, if within 8 days' })),
});
