import fc from 'fast-check';
import type { CallFilter, EntryAction, FilterEntry, FilterMatch } from '../../../src/domain/call-filter.ts';
import { menuKeys, type MenuKey, type Target, type Whisper } from '../../../src/domain/flow.ts';
import type { Country, E164 } from '../../../src/domain/phone-number.ts';
import type { Queue, QueueStrategy } from '../../../src/domain/queue.ts';
import type { Behaviour, CallerId, QueueMemberScript, QueueMemberView, QueueScript, QueueView } from '../../../src/routing/index.ts';
import { destination, hangup, member, menu, queue, queueTarget, sip } from './config-builders.ts';

/*
 * Random flows with every kind of target the engine runs (rings with whispers, menus with keys and
 * extensions, announcements, queues), random queues, and random scripts for the simulated call (keys
 * pressed, queue states, destination behaviours including voicemail). Built as the domain types the
 * store hands the snapshot, inside the limits the domain documents (menuDefaults, queueDefaults).
 */

export const propertyOrg = 'org_acme';
/** Queues the organization has; `missingQueueId` is named by flows but not in the snapshot. */
export const queueIds = ['que_support00000000000000000', 'que_sales0000000000000000000'] as const;
export const missingQueueId = 'que_gone0000000000000000000';

// +1 is outside the organization's allowed countries, so the leg guard refuses it.
const ringPool = ['+31301234567', '+31612345678', '+447911234567', 'sip:desk@pbx.example.com', '+12125550123'];
const memberPool = ['+31612345678', '+31301234567', '+447911234567', '+31687654321', 'sip:agent@pbx.example.com'];
const promptPool = ['Welcome.', 'Press 1 for sales, 2 for support, or dial an extension.', 'Calls may be recorded for training and quality purposes.', 'We are closed.'];

const arbitraryHangup: fc.Arbitrary<Target> = fc.constantFrom('unavailable' as const, 'busy' as const, 'declined' as const).map((reason) => hangup(reason));

const arbitraryWhisper: fc.Arbitrary<Whisper | undefined> = fc.option(
  fc.record({ template: fc.constantFrom('Call for {label}', 'Call on {dialledNumber} from {caller}', 'Sales call'), requireAccept: fc.boolean() }),
  { nil: undefined },
);

const targetsByDepth = new Map<number, fc.Arbitrary<Target>>();

/** Any target, nested at most 4 deep (below that, hang-ups), so a case stays small enough to read. */
export function arbitraryTarget(depth = 1): fc.Arbitrary<Target> {
  const known = targetsByDepth.get(depth);
  if (known) return known;
  const made = depth >= 4 ? arbitraryHangup : fc.oneof(arbitraryHangup, ringAt(depth), menuAt(depth), announcementAt(depth), queueTargetAt(depth));
  targetsByDepth.set(depth, made);
  return made;
}

function ringAt(depth: number): fc.Arbitrary<Target> {
  return fc
    .record({
      strategy: fc.constantFrom('simultaneous' as const, 'sequential' as const, 'custom' as const),
      destinations: fc.array(fc.record({ to: fc.constantFrom(...ringPool), delaySeconds: fc.integer({ min: 0, max: 30 }), ringSeconds: fc.integer({ min: 1, max: 40 }) }), { maxLength: 3 }),
      noAnswer: arbitraryTarget(depth + 1),
      whisper: arbitraryWhisper,
    })
    .map(({ strategy, destinations, noAnswer, whisper }) => {
      // Validation refuses one destination twice in a simultaneous ring; other strategies may repeat one.
      const kept = strategy === 'simultaneous' ? destinations.filter((d, i) => destinations.findIndex((e) => e.to === d.to) === i) : destinations;
      const ring: Target = {
        type: 'ring',
        strategy,
        destinations: kept.map((d) =>
          destination(d.to.startsWith('sip:') ? sip(d.to) : d.to, { ringSeconds: d.ringSeconds, delaySeconds: strategy === 'custom' ? d.delaySeconds : 0, label: `Ring ${d.to}` }),
        ),
        noAnswer,
      };
      return whisper ? { ...ring, whisper } : ring;
    });
}

function menuAt(depth: number): fc.Arbitrary<Target> {
  return fc
    .record({
      prompt: fc.constantFrom(...promptPool),
      keys: fc.uniqueArray(fc.constantFrom(...menuKeys), { maxLength: 3 }),
      targets: fc.array(arbitraryTarget(depth + 1), { minLength: 3, maxLength: 3 }),
      extensions: fc.uniqueArray(fc.constantFrom('201', '202', '2050', '31', '7777'), { maxLength: 2 }),
      extensionTarget: arbitraryTarget(depth + 1),
      timeoutSeconds: fc.integer({ min: 1, max: 60 }),
      retries: fc.integer({ min: 0, max: 3 }),
      exhausted: arbitraryTarget(depth + 1),
    })
    .map(({ prompt, keys, targets, extensions, extensionTarget, timeoutSeconds, retries, exhausted }) => {
      const options: Partial<Record<MenuKey, Target>> = {};
      keys.forEach((key, i) => (options[key] = targets[i] ?? hangup()));
      // An extension may not start with a key that is an option by itself (the key would win).
      const dialable = extensions.filter((extension) => !keys.includes(extension.charAt(0) as MenuKey));
      return menu(prompt, options, { timeoutSeconds, retries, exhausted, extensions: dialable.map((extension) => ({ extension, label: `Ext ${extension}`, target: extensionTarget })) });
    });
}

function announcementAt(depth: number): fc.Arbitrary<Target> {
  return fc.record({ text: fc.constantFrom(...promptPool), then: arbitraryTarget(depth + 1) }).map(({ text, then }): Target => ({ type: 'announcement', prompt: { text }, then }));
}

function queueTargetAt(depth: number): fc.Arbitrary<Target> {
  return fc
    .record({ queueId: fc.constantFrom(...queueIds, ...queueIds, missingQueueId), overflow: arbitraryTarget(depth + 1), whisper: arbitraryWhisper })
    .map(({ queueId, overflow, whisper }) => queueTarget(queueId, overflow, whisper));
}

const strategies: readonly QueueStrategy[] = ['ring-all', 'round-robin', 'longest-idle', 'in-order'];

/** One of the organization's queues: 0–4 distinct members, any strategy and limits the domain allows. */
export const arbitraryQueue = (id: string): fc.Arbitrary<Queue> =>
  fc
    .record({
      members: fc.uniqueArray(fc.constantFrom(...memberPool), { maxLength: 4 }),
      strategy: fc.constantFrom(...strategies),
      ringSeconds: fc.integer({ min: 5, max: 40 }),
      retrySeconds: fc.integer({ min: 1, max: 30 }),
      maxCallers: fc.integer({ min: 1, max: 4 }),
      maxWaitSeconds: fc.integer({ min: 10, max: 200 }),
      whenNoMember: fc.constantFrom('join' as const, 'overflow' as const),
      everySeconds: fc.constantFrom(0, 15, 40),
      position: fc.boolean(),
      expectedWait: fc.boolean(),
    })
    .map(({ members, everySeconds, position, expectedWait, ...settings }) =>
      queue(propertyOrg, id, members.map((to, i) => member(to, `Agent ${i + 1}`)), { ...settings, name: `Queue ${id}`, announcements: { everySeconds, position, expectedWait } }),
    );

// A member's keys are optional: absent means "not scripted" (available, never had a queue call).
const memberScript: fc.Arbitrary<QueueMemberScript> = fc.record(
  {
    state: fc.constantFrom('available' as const, 'busy' as const, 'wrapUp' as const),
    availableAfterSeconds: fc.integer({ min: 0, max: 120 }),
    idleForSeconds: fc.integer({ min: 0, max: 3600 }),
  },
  { requiredKeys: ['state'] },
);

/** How a queue stands when the simulated call arrives, and how it changes after. */
export const arbitraryQueueScript: fc.Arbitrary<QueueScript> = fc.record({
  callersAheadLeaveAfterSeconds: fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 4 }),
  members: fc.array(memberScript, { maxLength: 5 }),
  roundRobinNext: fc.integer({ min: 0, max: 5 }),
  averageWaitSeconds: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
});

/** A queue view as a driver might report it, for events fed to `next` directly. */
export const arbitraryQueueView: fc.Arbitrary<QueueView> = fc.record({
  callersAhead: fc.integer({ min: 0, max: 5 }),
  members: fc.array(
    fc.record({ state: fc.constantFrom('available' as const, 'busy' as const, 'wrapUp' as const), idleSince: fc.integer({ min: 0, max: 1e12 }) }).map((m): QueueMemberView => m),
    { maxLength: 5 },
  ),
  roundRobinNext: fc.integer({ min: 0, max: 6 }),
  averageWaitSeconds: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
});

/** Keys a caller types per menu prompt: nothing, an offered or unknown key, an extension or not. */
export const arbitraryDigits: fc.Arbitrary<string[]> = fc.array(fc.constantFrom('', '1', '2', '3', '9', '*', '#', '201', '2050', '209', '31', '12'), { maxLength: 6 });

export const arbitraryBehaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constantFrom<Behaviour>('answer', 'busy', 'noAnswer', 'unreachable', 'reject', 'voicemail'),
  fc.integer({ min: 0, max: 60 }).map((answerAfterSeconds) => ({ answerAfterSeconds })),
);

const callerPool = ['+447911234567', '+447700900123', '+31611112222', '+31612345678', '+12125550123'];

export const arbitraryCaller: fc.Arbitrary<CallerId> = fc.oneof(
  fc.constantFrom(...callerPool).map((e164): CallerId => ({ kind: 'number', e164: e164 as E164 })),
  fc.constant<CallerId>({ kind: 'anonymous' }),
);

const matchPool: readonly FilterMatch[] = [
  { kind: 'number', e164: '+447911234567' as E164 },
  { kind: 'number', e164: '+31611112222' as E164 },
  { kind: 'prefix', prefix: '447' },
  { kind: 'prefix', prefix: '316' },
  { kind: 'anonymous' },
  { kind: 'country', country: 'US' as Country },
];

/** A block list whose entries refuse, send busy, announce, reroute to any target, or allow. */
export const arbitraryFilter: fc.Arbitrary<CallFilter | undefined> = fc.option(
  fc
    .uniqueArray(
      fc.record({
        match: fc.constantFrom(...matchPool),
        action: fc.oneof(
          fc.constantFrom<EntryAction>({ kind: 'reject' }, { kind: 'busy' }, { kind: 'allow' }, { kind: 'announcement', text: 'This number does not take your calls.' }),
          arbitraryTarget(2).map((target): EntryAction => ({ kind: 'reroute', target })),
        ),
      }),
      { maxLength: 4, selector: (entry) => JSON.stringify(entry.match) },
    )
    .map((entries: FilterEntry[]): CallFilter => ({ mode: 'block', entries })),
  { nil: undefined },
);
