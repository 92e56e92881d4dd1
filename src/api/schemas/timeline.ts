import { Type } from '@sinclair/typebox';

/** One thing that happened on a call: the same entries for a simulated call and a real one. */
export const TimelineEntry = Type.Object({
  atSeconds: Type.Number({ description: 'Seconds since the call arrived' }),
  at: Type.String({ format: 'date-time' }),
  event: Type.String({
    description:
      'ringing, answered, busy, noAnswer, unreachable, rejected, refused (a leg never sent, e.g. its country is not allowed), cancelled, connected, callRejected, callerHungUp, hungUp (an answered call ended; `reason` says who), callAnswered (ringroute answered the caller for a prompt, menu or queue), prompt (`text` played to the caller), digits (`digits` the caller pressed; empty: none in time), whisper (`text` played to the person who answered), whisperAccepted, whisperNotAccepted, queueJoined, queueLeft (`reason`: answered, overflow, timeout, callerHungUp)',
  }),
  legId: Type.Optional(Type.String()),
  destination: Type.Optional(Type.String({ description: 'E.164 or SIP URI' })),
  label: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer({ description: 'The SIP status of a refusal' })),
  text: Type.Optional(Type.String({ description: 'What a prompt or whisper said' })),
  digits: Type.Optional(Type.String({ description: 'The keys the caller pressed' })),
  queueId: Type.Optional(Type.String()),
});
