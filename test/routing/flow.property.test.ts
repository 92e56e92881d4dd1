import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallFilter } from '../../src/domain/call-filter.ts';
import type { CallFilterInput, FilterEntryInput } from '../../src/domain/call-filter-input.ts';
import { destinationKey } from '../../src/domain/destination.ts';
import type { Flow, Target } from '../../src/domain/flow.ts';
import { flowFromInput, type FlowInput } from '../../src/domain/flow-input.ts';
import type { OrganizationId, RosterId, ScheduleId } from '../../src/domain/ids.ts';
import type { E164 } from '../../src/domain/phone-number.ts';
import type { TargetInput } from '../../src/domain/ring-input.ts';
import type { Roster } from '../../src/domain/roster.ts';
import { rosterFromInput } from '../../src/domain/roster-input.ts';
import type { Schedule } from '../../src/domain/schedule.ts';
import { scheduleFromInput } from '../../src/domain/schedule-input.ts';
import { combineFilters } from '../../src/routing/filter-matcher.ts';
import { buildSnapshot, simulate, type Behaviour, type CallerId, type SimulationResult } from '../../src/routing/index.ts';
import { onCallAt } from '../../src/routing/roster-evaluator.ts';
import { businessNumber, organization } from './support/config-builders.ts';

/*
 * Issue 5, point 9: for random valid flows (filters, schedule rules, rosters, nested rings) and random
 * callers, instants and destination behaviours, the simulated call always ends, a caller the filters
 * block never rings anybody, no destination rings twice at once, and only the chosen root rings.
 * Flows are generated as documents and saved through `flowFromInput`, so "valid" means exactly what
 * the API accepts.
 */

const line = '+31201234567';
const org = 'org_acme';
const rosterId = `ros_${'prop'.padEnd(22, '0')}` as RosterId;
const scheduleIds = [`sch_${'propa'.padEnd(22, '0')}`, `sch_${'propb'.padEnd(22, '0')}`] as ScheduleId[];
const maxEvents = 2_000;
const stamp = '2026-01-01T00:00:00.000Z';

// The organization allows NL and GB (see `organization`), so the US number is refused by the leg guard.
const ringPool = ['+31301234567', '+31612345678', '+447911234567', 'sip:desk@pbx.example.com', '+12125550123', `roster:${rosterId}`];
const memberPool = ['+31612345678', '+31301234567', '+447911234567', '+31687654321'];

const arbitraryHangupInput: fc.Arbitrary<TargetInput> = fc.constantFrom('unavailable' as const, 'busy' as const, 'declined' as const).map((reason) => ({ type: 'hangup', reason }));

/**
 * A ring document nested `depth` deep (1 at the top); below depth 4 its noAnswer is a hang-up. A ring
 * may list one destination twice (not simultaneous ones, which validation refuses) and may hold the
 * roster next to the person it has on call.
 */
function arbitraryRingInput(depth: number): fc.Arbitrary<TargetInput> {
  const noAnswer = depth >= 4 ? arbitraryHangupInput : fc.oneof(arbitraryHangupInput, arbitraryRingInput(depth + 1));
  return fc
    .record({
      strategy: fc.constantFrom('simultaneous' as const, 'sequential' as const, 'custom' as const),
      destinations: fc.array(
        fc.record({ to: fc.constantFrom(...ringPool), ringSeconds: fc.integer({ min: 1, max: 40 }), delaySeconds: fc.integer({ min: 0, max: 30 }) }),
        { maxLength: 4 },
      ),
      noAnswer,
    })
    .map(({ strategy, destinations, noAnswer }) => {
      // Validation refuses one destination twice in a simultaneous ring; other strategies may repeat one.
      const kept = strategy === 'simultaneous' ? destinations.filter((d, i) => destinations.findIndex((e) => e.to === d.to) === i) : destinations;
      return {
        type: 'ring' as const,
        strategy,
        destinations: kept.map((d) => (strategy === 'custom' ? d : { to: d.to, ringSeconds: d.ringSeconds })),
        noAnswer,
      };
    });
}

const matchPool: readonly FilterEntryInput['match'][] = [
  '+447911234567',
  '+31611112222',
  '+44 7700*',
  '+31 6*',
  '+1*',
  { kind: 'anonymous' },
  { kind: 'country', country: 'NL' },
  { kind: 'country', country: 'GB' },
  { kind: 'country', country: 'DE' },
];

const arbitraryFilterInput: fc.Arbitrary<CallFilterInput> =
  fc
    .record({
      // Mostly block lists: allow-only lists stop most of this caller pool, and the rules need calls too.
      mode: fc.constantFrom('block', 'block', 'block', 'allowOnly'),
      entries: fc.uniqueArray(
        fc.record({
          match: fc.constantFrom(...matchPool),
          action: fc.oneof(
            fc.constantFrom('reject' as const, 'busy' as const, 'allow' as const),
            arbitraryRingInput(2).map((target) => ({ kind: 'reroute' as const, target })),
          ),
        }),
        { maxLength: 5, selector: (entry) => JSON.stringify(entry.match) },
      ),
      otherwise: fc.constantFrom('reject' as const, 'busy' as const),
    })
    .map(({ mode, entries, otherwise }) => (mode === 'allowOnly' ? { mode, entries, otherwise } : { mode, entries }));

const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** A day's ranges: maybe a morning, maybe an afternoon, maybe a range past midnight (22:00–02:00). */
const arbitraryDay = fc
  .record({
    morning: fc.option(fc.tuple(fc.integer({ min: 3, max: 11 }), fc.integer({ min: 1, max: 9 }))),
    afternoon: fc.option(fc.tuple(fc.integer({ min: 13, max: 20 }), fc.integer({ min: 1, max: 8 }))),
    night: fc.boolean(),
  })
  .map(({ morning, afternoon, night }) => [
    ...(morning ? [{ from: hour(morning[0]), to: hour(Math.min(12, morning[0] + morning[1])) }] : []),
    ...(afternoon ? [{ from: hour(afternoon[0]), to: hour(Math.min(21, afternoon[0] + afternoon[1])) }] : []),
    ...(night ? [{ from: '22:00', to: '02:00' }] : []),
  ]);

const year2026 = { min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) - 1 };
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const arbitrarySchedule = (id: ScheduleId): fc.Arbitrary<Schedule> =>
  fc
    .record({
      zone: fc.constantFrom('Europe/Amsterdam', 'America/New_York', 'Australia/Sydney'),
      days: fc.array(arbitraryDay, { minLength: 7, maxLength: 7 }),
      exception: fc.option(fc.record({ at: fc.integer(year2026), open: fc.boolean() })),
      override: fc.option(fc.record({ until: fc.integer(year2026), open: fc.boolean() })),
    })
    .map(({ zone, days, exception, override }) => ({
      ...scheduleFromInput({
        name: `Schedule ${id}`,
        timeZone: zone,
        weekly: { mon: days[0], tue: days[1], wed: days[2], thu: days[3], fri: days[4], sat: days[5], sun: days[6] },
        exceptions: exception
          ? [exception.open ? { kind: 'date', date: dateOf(exception.at), name: 'Open day', state: 'open', hours: [{ from: '10:00', to: '14:00' }] } : { kind: 'date', date: dateOf(exception.at), name: 'Holiday' }]
          : [],
        override: override ? { state: override.open ? 'open' : 'closed', until: new Date(override.until).toISOString() } : null,
      }),
      id,
      organizationId: org as OrganizationId,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
    }));

const arbitraryRoster: fc.Arbitrary<Roster> = fc
  .record({
    members: fc.uniqueArray(fc.constantFrom(...memberPool), { minLength: 1, maxLength: 3 }),
    every: fc.integer({ min: 1, max: 3 }),
    unit: fc.constantFrom('days' as const, 'weeks' as const),
    handover: fc.integer({ min: 0, max: 23 }),
    swap: fc.boolean(),
  })
  .map(({ members, every, unit, handover, swap }) => ({
    ...rosterFromInput(
      {
        name: 'On call',
        timeZone: 'Europe/Amsterdam',
        members: members.map((to) => ({ to })),
        rotation: { every, unit, handoverTime: hour(handover), startDate: '2025-12-29' },
        overrides: swap ? [{ from: '2026-06-01T09:00', to: '2026-06-08T09:00', destination: '+31655550000', label: 'Stand-in' }] : [],
      },
      null,
    ),
    id: rosterId,
    organizationId: org as OrganizationId,
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  }));

const references = { scheduleIds: new Set<string>(scheduleIds), rosterIds: new Set<string>([rosterId]) };

/** A flow document saved through the API's validation. */
const arbitraryFlow: fc.Arbitrary<Flow> =
  fc
    .record({
      filter: arbitraryFilterInput,
      rules: fc.array(
        fc.record({ scheduleId: fc.constantFrom(...scheduleIds), when: fc.constantFrom('open' as const, 'closed' as const), target: arbitraryRingInput(1) }),
        { maxLength: 3 },
      ),
      target: arbitraryRingInput(1),
    })
    .map((input: FlowInput) => flowFromInput(input, null, references));

/** An organization-wide filter, validated the same way (its reroute targets are targets too). */
const arbitraryOrgFilter: fc.Arbitrary<CallFilter | null> =
  fc.option(
    arbitraryFilterInput.map((filter) => flowFromInput({ filter, target: { type: 'hangup' } }, null, references).filter ?? null),
    // Half the organizations have a filter of their own.
    { nil: null, freq: 2 },
  );

const arbitraryCaller: fc.Arbitrary<CallerId> = fc.oneof(
  fc.constantFrom('+447911234567', '+447700900123', '+31611112222', '+31612345678', '+4930123456', '+12125550123').map((e164): CallerId => ({ kind: 'number', e164: e164 as E164 })),
  fc.constant<CallerId>({ kind: 'anonymous' }),
  fc.constant<CallerId>({ kind: 'unknown', raw: 'alice' }),
);

const arbitraryBehaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constantFrom<Behaviour>('answer', 'busy', 'noAnswer', 'unreachable', 'reject'),
  fc.integer({ min: 0, max: 60 }).map((answerAfterSeconds) => ({ answerAfterSeconds })),
);

interface Scenario {
  readonly flow: Flow;
  readonly orgFilter: CallFilter | null;
  readonly schedules: readonly Schedule[];
  readonly roster: Roster;
  readonly caller: CallerId;
  readonly at: number;
  readonly behaviours: readonly Behaviour[];
  readonly hangUpAfter: number | undefined;
}

const arbitraryScenario: fc.Arbitrary<Scenario> =
  fc.record({
    flow: arbitraryFlow,
    orgFilter: arbitraryOrgFilter,
    schedules: fc.tuple(arbitrarySchedule(scheduleIds[0]!), fc.option(arbitrarySchedule(scheduleIds[1]!), { nil: undefined })).map(([a, b]) => (b ? [a, b] : [a])),
    roster: arbitraryRoster,
    caller: arbitraryCaller,
    at: fc.integer(year2026),
    behaviours: fc.array(arbitraryBehaviour, { minLength: 1, maxLength: 8 }),
    hangUpAfter: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
  });

function run(scenario: Scenario): SimulationResult {
  const number = { ...businessNumber(org, line, scenario.flow.target), flow: scenario.flow };
  const snapshot = buildSnapshot([
    { organization: organization(org), numbers: [number], schedules: scenario.schedules, rosters: [scenario.roster], filter: scenario.orgFilter },
  ]);
  let asked = 0;
  return simulate(snapshot, {
    facts: { to: line, from: scenario.caller, at: scenario.at, via: 'simulator' },
    // Legs get behaviours in the order they start, cycling through the script.
    behaviourFor: () => scenario.behaviours[asked++ % scenario.behaviours.length] ?? 'noAnswer',
    maxEvents,
    ...(scenario.hangUpAfter === undefined ? {} : { callerHangsUpAfterSeconds: scenario.hangUpAfter }),
  });
}

/** Events after which a leg no longer rings (an answered leg is in the call, so it stays taken). */
const legStops = new Set(['busy', 'noAnswer', 'unreachable', 'rejected', 'cancelled', 'refused']);

/** Every destination a target can ring, through its noAnswer chain; a roster counts as whoever it has on call at `at`. */
function reachable(target: Target, roster: Roster, at: number, into = new Set<string>()): Set<string> {
  if (target.type !== 'ring') return into;
  for (const { to } of target.destinations) into.add(to.kind === 'roster' ? destinationKey(onCallAt(roster, at).member.destination) : destinationKey(to));
  return reachable(target.noAnswer, roster, at, into);
}

/** The root target the trace says the call went to: a filter's reroute, a schedule rule's, or the flow's own. */
function chosenRoot(scenario: Scenario, result: SimulationResult): Target {
  const { flow, orgFilter } = scenario;
  const rerouted = result.trace.find((entry) => entry.code === 'filter.rerouted');
  const matched = result.trace.find((entry) => entry.code === 'rule.matched');
  const [scope, index] = (rerouted ?? matched)?.rule?.split('.') ?? [];
  const i = Number(index);
  const filter = scope === 'orgFilter' ? orgFilter : scope === 'filter' ? flow.filter : undefined;
  const action = filter?.entries[i]?.action;
  if (action?.kind === 'reroute') return action.target as Target;
  if (scope === 'rules') {
    const rule = flow.rules?.[i];
    if (!rule) throw new Error(`the trace names rules.${index}, which the flow does not have`);
    return rule.target;
  }
  if (rerouted) throw new Error(`the trace names ${rerouted.rule ?? '?'} as a reroute, which is not one`);
  return flow.target;
}

/**
 * The first moment the timeline shows a destination start ringing while an earlier leg to it is still
 * ringing (or in the call), in timeline order, or null when that never happens.
 */
function firstOverlap(timeline: SimulationResult['timeline']): string | null {
  const open = new Map<string, string>(); // legId → destination
  for (const entry of timeline) {
    if (!entry.legId) continue;
    if (entry.event === 'ringing') {
      const destination = entry.destination ?? entry.legId;
      const other = [...open].find(([, d]) => d === destination);
      if (other) return `${destination} starts ringing on ${entry.legId} at ${entry.atSeconds} s while ${other[0]} still rings it`;
      open.set(entry.legId, destination);
    } else if (legStops.has(entry.event)) {
      open.delete(entry.legId);
    }
  }
  return null;
}

const ringing = (result: SimulationResult) => result.timeline.filter((entry) => entry.event === 'ringing');

describe('flow properties (random filters, schedules, rosters, nested rings)', () => {
  const numRuns = 200;

  it('every simulated call ends with an outcome, within the event limit', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const { outcome, timeline } = run(scenario);
        expect(['answered', 'noAnswer', 'rejected', 'callerHungUp']).toContain(outcome.result);
        const last = timeline.at(-1);
        if (last) expect(outcome.atSeconds).toBeGreaterThanOrEqual(last.atSeconds);
      }),
      { numRuns },
    );
  });

  it('a caller the filters block never rings anybody and is refused with 603 (reject) or 486 (busy)', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const verdict = combineFilters(scenario.orgFilter, scenario.flow.filter ?? null, scenario.caller);
        const result = run(scenario);
        if (verdict.verdict === 'act' && (verdict.action.kind === 'reject' || verdict.action.kind === 'busy')) {
          expect(ringing(result)).toEqual([]);
          expect(result.outcome).toMatchObject({ result: 'rejected', status: verdict.action.kind === 'busy' ? 486 : 603 });
        }
      }),
      { numRuns },
    );
  });

  it('no destination is ever ringing twice at the same time, even when a ring lists it twice or through a roster', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        expect(firstOverlap(run(scenario).timeline)).toBeNull();
      }),
      { numRuns },
    );
  });

  it('a call rings only destinations of the root its trace names (rule, reroute or default) and that root\'s noAnswer chain', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const result = run(scenario);
        const allowed = reachable(chosenRoot(scenario, result), scenario.roster, scenario.at);
        for (const entry of ringing(result)) expect(allowed).toContain(entry.destination);
      }),
      { numRuns },
    );
  });
});

/*
 * The smallest cases of the counterexamples the property above found (issue 5, point 9): flows the
 * API accepts on which the engine used to place a second leg to a destination that was still ringing.
 */
describe('one destination is never rung twice at once: the cases the property found', () => {
  const onCall: Roster = {
    ...rosterFromInput(
      { name: 'On call', timeZone: 'Europe/Amsterdam', members: [{ to: '+31612345678' }], rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2025-12-29' } },
      null,
    ),
    id: rosterId,
    organizationId: org as OrganizationId,
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  };

  function timelineOf(target: TargetInput): SimulationResult['timeline'] {
    const flow = flowFromInput({ target }, null, references);
    const scenario: Scenario = {
      flow,
      orgFilter: null,
      schedules: [],
      roster: onCall,
      caller: { kind: 'number', e164: '+31611112222' as E164 },
      at: Date.parse('2026-03-02T10:00:00+01:00'),
      behaviours: ['noAnswer'],
      hangUpAfter: undefined,
    };
    const { timeline } = run(scenario);
    // The mobile does ring: the point is that it rings once at a time, not that it is left out.
    expect(timeline.some((entry) => entry.event === 'ringing' && entry.destination === '+31612345678')).toBe(true);
    return timeline;
  }

  it('a simultaneous ring of a mobile and a roster that has that mobile on call', () => {
    const timeline = timelineOf({ type: 'ring', strategy: 'simultaneous', destinations: [{ to: '+31612345678' }, { to: `roster:${rosterId}` }] });
    expect(firstOverlap(timeline)).toBeNull();
  });

  it('a custom ring listing one number twice (validation refuses duplicates only in simultaneous rings)', () => {
    const timeline = timelineOf({
      type: 'ring',
      strategy: 'custom',
      destinations: [
        { to: '+31612345678', delaySeconds: 0, ringSeconds: 20 },
        { to: '+31612345678', delaySeconds: 5, ringSeconds: 20 },
      ],
    });
    expect(firstOverlap(timeline)).toBeNull();
  });

  it('a sequential ring listing one number twice in a row, the second due the instant the first times out', () => {
    // At 20 s the group timer is delivered before the first leg's noAnswer (simulation-queue ranks timers
    // before leg failures at one instant), so the first leg is still ringing when the second is due.
    const timeline = timelineOf({ type: 'ring', strategy: 'sequential', destinations: [{ to: '+31612345678' }, { to: '+31612345678' }] });
    expect(firstOverlap(timeline)).toBeNull();
  });
});
