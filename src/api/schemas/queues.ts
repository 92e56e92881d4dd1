import { Type, type Static } from '@sinclair/typebox';
import { queueDefaults } from '../../domain/queue.ts';
import { PageOf, Timestamp } from './common.ts';

/*
 * The queue document. The request schemas give the shape; `queueFromInput` checks the rest (numbers,
 * SIP URIs, ranges, duplicate members) and names every field it refuses with a stable code.
 */

const d = queueDefaults;

const MemberInput = Type.Object(
  {
    to: Type.String({ description: "A phone number in any format (read in the organization's country) or a SIP URI", examples: ['06 1234 5678', 'sip:anna@pbx.example.com'] }),
    label: Type.Optional(Type.String({ maxLength: 100, description: 'A name people recognise; the whisper\'s {label} is the dialled number\'s' })),
  },
  { additionalProperties: false },
);

const Strategy = Type.String({
  description:
    'ring-all: every available member at once, first to answer takes the call. round-robin: one at a time, starting after the member rung last. longest-idle: one at a time, idle longest first. in-order: one at a time, in the order of members.',
  examples: [d.strategy],
});

const WhenNoMember = Type.String({ description: 'join: a caller who finds no member free waits anyway; overflow: goes to the flow\'s overflow target', examples: [d.whenNoMember] });

const AnnouncementsInput = Type.Object(
  {
    everySeconds: Type.Optional(
      Type.Integer({ description: `Seconds between announcements to each waiting caller: 0 (never) or ${d.minAnnounceEverySeconds}–${d.maxAnnounceEverySeconds} (default ${d.announceEverySeconds})` }),
    ),
    position: Type.Optional(Type.Boolean({ description: 'Say the caller\'s place in the queue (default true)' })),
    expectedWait: Type.Optional(Type.Boolean({ description: 'Say about how long the wait is (default true)' })),
  },
  { additionalProperties: false },
);

const fields = {
  name: Type.String({ maxLength: 200, examples: ['Support'] }),
  members: Type.Array(MemberInput, { maxItems: 1000, description: `1 to ${d.maxMembers} members, each destination once` }),
  strategy: Type.Optional(Strategy),
  ringSeconds: Type.Optional(Type.Integer({ description: `Seconds a member rings per attempt, ${d.minRingSeconds}–${d.maxRingSeconds} (default ${d.ringSeconds})` })),
  wrapUpSeconds: Type.Optional(Type.Integer({ description: `Seconds after a member's queue call before the queue rings them again, 0–${d.maxWrapUpSeconds} (default ${d.wrapUpSeconds})` })),
  retrySeconds: Type.Optional(Type.Integer({ description: `Seconds between rounds when nobody answered, ${d.minRetrySeconds}–${d.maxRetrySeconds} (default ${d.retrySeconds})` })),
  maxCallers: Type.Optional(Type.Integer({ description: `Callers waiting at most; the next goes to the overflow target, 1–${d.maxMaxCallers} (default ${d.maxCallers})` })),
  maxWaitSeconds: Type.Optional(Type.Integer({ description: `Seconds a caller waits at most before the overflow target, ${d.minMaxWaitSeconds}–${d.maxMaxWaitSeconds} (default ${d.maxWaitSeconds})` })),
  whenNoMember: Type.Optional(WhenNoMember),
  announcements: Type.Optional(AnnouncementsInput),
};

export const QueueInput = Type.Object(fields, { additionalProperties: false });
export type QueueInputBody = Static<typeof QueueInput>;

export const QueuePatch = Type.Object(
  {
    ...fields,
    name: Type.Optional(fields.name),
    members: Type.Optional(fields.members),
  },
  { additionalProperties: false, minProperties: 1, description: 'The top-level fields given replace the stored ones; the result is checked whole' },
);

const MemberOutput = Type.Object({
  to: Type.String({ description: 'E.164 or SIP URI' }),
  kind: Type.String({ description: 'What `to` is: phone, sip, …' }),
  label: Type.Optional(Type.String()),
});

export const Queue = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    members: Type.Array(MemberOutput),
    strategy: Strategy,
    ringSeconds: Type.Integer(),
    wrapUpSeconds: Type.Integer(),
    retrySeconds: Type.Integer(),
    maxCallers: Type.Integer(),
    maxWaitSeconds: Type.Integer(),
    whenNoMember: WhenNoMember,
    announcements: Type.Object({ everySeconds: Type.Integer(), position: Type.Boolean(), expectedWait: Type.Boolean() }),
    version: Type.Integer({ description: 'Increases with every change; send it in If-Match to change only this version' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Queue', title: 'Queue' },
);

export const QueueList = PageOf(Type.Ref(Queue), 'QueueList');
