import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallFilter } from '../../src/domain/call-filter.ts';
import type { Flow, Target } from '../../src/domain/flow.ts';
import type { QueueId } from '../../src/domain/ids.ts';
import type { E164 } from '../../src/domain/phone-number.ts';
import type { Queue } from '../../src/domain/queue.ts';
import { combineFilters } from '../../src/routing/filter-matcher.ts';
import {
  buildSnapshot,
  next,
  simulate,
  start,
  type Behaviour,
  type CallerId,
  type CallEvent,
  type Decision,
  type LegId,
  type PlayId,
  type QueueScript,
  type QueueView,
  type RoutingSnapshot,
  type SimulationResult,
  type TimerId,
} from '../../src/routing/index.ts';
import { businessNumber, organization } from './support/config-builders.ts';
import {
  arbitraryBehaviour,
  arbitraryCaller,
  arbitraryDigits,
  arbitraryFilter,
  arbitraryQueue,
  arbitraryQueueScript,
  arbitraryQueueView,
  arbitraryTarget,
  missingQueueId,
  propertyOrg,
  queueIds,
} from './support/menu-queue-arbitraries.ts';

/*
 * Issue 5: for random flows with menus, announcements, queues and whispers, random keys, queue
 * states and destination behaviours (voicemail too), the simulated call always ends, a blocked
 * caller never rings anybody, no destination rings twice at once (hearing a whisper counts as
 * ringing), at most one leg is connected, and a call ringroute answered is never refused afterwards.
 * Then the engine alone, fed random events in random order: it never throws, and stale events change
 * nothing.
 */

const line = '+31201234567';
const at = Date.parse('2026-11-23T10:00:00+01:00');
const maxEvents = 2_000;

interface Scenario {
  readonly flow: Flow;
  readonly queues: readonly Queue[];
  readonly caller: CallerId;
  readonly behaviours: readonly Behaviour[];
  readonly digits: readonly string[];
  readonly scripts: Readonly<Record<string, QueueScript>>;
  readonly hangUpAfter: number | undefined;
}

const arbitraryScenario: fc.Arbitrary<Scenario> = fc.record({
  flow: fc.record({ filter: arbitraryFilter, target: arbitraryTarget() }).map(({ filter, target }): Flow => (filter ? { filter, target } : { target })),
  queues: fc.tuple(arbitraryQueue(queueIds[0]), arbitraryQueue(queueIds[1])),
  caller: arbitraryCaller,
  behaviours: fc.array(arbitraryBehaviour, { minLength: 1, maxLength: 8 }),
  digits: arbitraryDigits,
  scripts: fc.record({ [queueIds[0]]: arbitraryQueueScript, [queueIds[1]]: arbitraryQueueScript, [missingQueueId]: arbitraryQueueScript }, { requiredKeys: [] }),
  hangUpAfter: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
});

function snapshotFor(flow: Flow, queues: readonly Queue[]): RoutingSnapshot {
  const number = { ...businessNumber(propertyOrg, line, flow.target, { label: 'Main line' }), flow };
  return buildSnapshot([{ organization: organization(propertyOrg), numbers: [number], queues }]);
}

function run(scenario: Scenario): SimulationResult {
  let asked = 0;
  return simulate(snapshotFor(scenario.flow, scenario.queues), {
    facts: { to: line, from: scenario.caller, at, via: 'simulator' },
    // Legs get behaviours in the order they start, cycling through the script.
    behaviourFor: () => scenario.behaviours[asked++ % scenario.behaviours.length] ?? 'noAnswer',
    digits: scenario.digits,
    queues: scenario.scripts,
    maxEvents,
    ...(scenario.hangUpAfter === undefined ? {} : { callerHangsUpAfterSeconds: scenario.hangUpAfter }),
  });
}

/** Events after which a leg no longer rings. Answered keeps it taken: it hears a whisper, or is in the call. */
const legStops = new Set(['busy', 'noAnswer', 'unreachable', 'rejected', 'cancelled', 'refused', 'whisperNotAccepted']);

/** The first moment a destination starts ringing while an earlier leg to it still rings or whispers, or null. */
function firstOverlap(timeline: SimulationResult['timeline']): string | null {
  const open = new Map<string, string>(); // legId → destination
  for (const entry of timeline) {
    if (!entry.legId) continue;
    if (entry.event === 'ringing') {
      const destination = entry.destination ?? entry.legId;
      const other = [...open].find(([, d]) => d === destination);
      if (other) return `${destination} starts ringing on ${entry.legId} at ${entry.atSeconds} s while ${other[0]} still has it`;
      open.set(entry.legId, destination);
    } else if (legStops.has(entry.event)) {
      open.delete(entry.legId);
    }
  }
  return null;
}

const count = (result: SimulationResult, event: string) => result.timeline.filter((entry) => entry.event === event).length;

describe('menus, announcements, queues and whispers: simulated call properties', () => {
  const numRuns = 250;

  it('every simulated call ends with an outcome, within the event limit', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const { outcome, timeline } = run(scenario);
        expect(['answered', 'noAnswer', 'rejected', 'hungUp', 'callerHungUp']).toContain(outcome.result);
        const last = timeline.at(-1);
        if (last) expect(outcome.atSeconds).toBeGreaterThanOrEqual(last.atSeconds);
      }),
      { numRuns },
    );
  });

  it('a caller the filter blocks never rings anybody: refused (603/486), or the announcement and a declined hang-up', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const verdict = combineFilters(null, scenario.flow.filter ?? null, scenario.caller);
        if (verdict.verdict !== 'act' || verdict.action.kind === 'reroute') return;
        const result = run(scenario);
        expect(count(result, 'ringing')).toBe(0);
        switch (verdict.action.kind) {
          case 'reject':
          case 'busy':
            expect(result.outcome).toMatchObject({ result: 'rejected', status: verdict.action.kind === 'busy' ? 486 : 603 });
            break;
          case 'announcement':
            if (result.outcome.result === 'callerHungUp') break;
            expect(result.timeline.filter((e) => e.event === 'prompt').map((e) => e.text)).toEqual([verdict.action.text]);
            expect(result.outcome).toMatchObject({ result: 'hungUp', reason: 'declined' });
            break;
        }
      }),
      { numRuns },
    );
  });

  it('no destination is ever ringing twice at the same time; hearing a whisper counts as ringing', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        expect(firstOverlap(run(scenario).timeline)).toBeNull();
      }),
      { numRuns },
    );
  });

  it('at most one leg is connected, and only one that answered (and accepted the whisper it heard)', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const result = run(scenario);
        const connected = result.timeline.filter((e) => e.event === 'connected');
        expect(connected.length).toBeLessThanOrEqual(1);
        const legId = connected[0]?.legId;
        if (!legId) return;
        const ofLeg = result.timeline.filter((e) => e.legId === legId).map((e) => e.event);
        expect(ofLeg).toContain('answered');
        if (ofLeg.includes('whisper')) expect(ofLeg.indexOf('whisperAccepted')).toBeGreaterThan(ofLeg.indexOf('whisper'));
        expect(result.outcome).toMatchObject({ result: 'answered', legId });
      }),
      { numRuns },
    );
  });

  it('once ringroute answered the caller the call is never refused: it ends answered by someone, hung up, or by the caller', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const result = run(scenario);
        const answeredAt = result.timeline.findIndex((e) => e.event === 'callAnswered');
        expect(count(result, 'callAnswered')).toBeLessThanOrEqual(1);
        if (answeredAt < 0) {
          // Nothing is played to a caller ringroute has not answered, and it is not hung up on.
          expect(count(result, 'prompt') + count(result, 'digits') + count(result, 'queueJoined') + count(result, 'hungUp')).toBe(0);
          expect(result.outcome.result).not.toBe('hungUp');
          return;
        }
        expect(['answered', 'hungUp', 'callerHungUp']).toContain(result.outcome.result);
        expect(count(result, 'callRejected')).toBe(0);
        // Prompts and queue music come after the answer, never before.
        const firstPrompt = result.timeline.findIndex((e) => e.event === 'prompt' || e.event === 'queueJoined');
        if (firstPrompt >= 0) expect(firstPrompt).toBeGreaterThan(answeredAt);
      }),
      { numRuns },
    );
  });

  it('every caller who joined a queue leaves it exactly once, by the end of the call', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const result = run(scenario);
        const joined = result.timeline.filter((e) => e.event === 'queueJoined').map((e) => e.queueId);
        const left = result.timeline.filter((e) => e.event === 'queueLeft').map((e) => e.queueId);
        expect(left).toEqual(joined);
      }),
      { numRuns },
    );
  });
});

/**
 * A driver that keeps its own books of legs, timers, prompts and watched queues from the steps it
 * receives, feeds the engine events in an order the script picks (including late, duplicate and
 * made-up ones), and checks the engine's promises after every decision.
 */
class CheckingDriver {
  readonly ringing = new Set<LegId>();
  readonly whispering = new Set<LegId>();
  readonly ended = new Set<LegId>();
  readonly pendingTimers = new Set<TimerId>();
  readonly spentTimers = new Set<TimerId>();
  /** Prompts playing now: whether each collects keys. */
  readonly plays = new Map<PlayId, boolean>();
  readonly spentPlays = new Set<PlayId>();
  readonly watched = new Set<QueueId>();
  answered = false;
  connected: LegId | null = null;
  decision: Decision;

  constructor(readonly snapshot: RoutingSnapshot) {
    this.decision = start(snapshot, { to: line, from: { kind: 'number', e164: '+31611112222' as E164 }, at, via: 'trunk' });
    this.check(this.decision, null);
  }

  /** Every event the driver could send now: real ones first, then stale or unknown ones. */
  candidates(digits: string, view: QueueView): CallEvent[] {
    const events: CallEvent[] = [];
    for (const legId of this.ringing) {
      events.push({ type: 'answered', legId }, { type: 'busy', legId }, { type: 'noAnswer', legId }, { type: 'unreachable', legId }, { type: 'rejected', legId, status: 603 });
    }
    for (const legId of this.whispering) events.push({ type: 'whisperDone', legId, accepted: true }, { type: 'whisperDone', legId, accepted: false });
    for (const timerId of this.pendingTimers) events.push({ type: 'timer', timerId });
    for (const [playId, collects] of this.plays) events.push(collects ? { type: 'digits', playId, digits } : { type: 'promptDone', playId });
    for (const queueId of this.watched) events.push(queueStateOf(queueId, view));
    // Stale and made-up ones.
    for (const legId of this.ended) events.push({ type: 'answered', legId }, { type: 'noAnswer', legId }, { type: 'whisperDone', legId, accepted: true });
    for (const legId of this.ringing) events.push({ type: 'whisperDone', legId, accepted: true });
    for (const timerId of this.spentTimers) events.push({ type: 'timer', timerId });
    for (const playId of this.spentPlays) events.push({ type: 'digits', playId, digits }, { type: 'promptDone', playId });
    events.push(
      { type: 'busy', legId: 'leg-999' as LegId },
      { type: 'digits', playId: 'play-999' as PlayId, digits },
      { type: 'queueState', queueId: 'que_elsewhere000000000000000' as QueueId, view },
      { type: 'callerHungUp' },
    );
    return events;
  }

  /** True when the event concerns something the engine already finished with, or never started. */
  isStale(event: CallEvent): boolean {
    switch (event.type) {
      case 'callerHungUp':
        return false;
      case 'timer':
        return !this.pendingTimers.has(event.timerId);
      case 'digits':
      case 'promptDone':
        return !this.plays.has(event.playId);
      case 'queueState':
        return !this.watched.has(event.queueId);
      case 'whisperDone':
        return !this.whispering.has(event.legId);
      default:
        return !this.ringing.has(event.legId);
    }
  }

  send(event: CallEvent): void {
    const before = this.decision.state;
    const stale = this.isStale(event);
    const decision = next(this.snapshot, before, event);
    // Call control may store the state as JSON between events: that must change nothing.
    expect(next(this.snapshot, JSON.parse(JSON.stringify(before)) as typeof before, event)).toEqual(decision);
    if (stale) {
      expect(decision.steps).toEqual([]);
      expect(decision.state).toEqual(before);
    }
    let answeredNow: LegId | null = null;
    if (!stale) {
      switch (event.type) {
        case 'answered':
          answeredNow = event.legId;
          break;
        case 'whisperDone':
          this.whispering.delete(event.legId);
          if (event.accepted) answeredNow = event.legId;
          else this.ended.add(event.legId);
          break;
        case 'busy':
        case 'noAnswer':
        case 'unreachable':
        case 'rejected':
        case 'refused':
          this.end(event.legId);
          break;
        case 'timer':
          this.pendingTimers.delete(event.timerId);
          this.spentTimers.add(event.timerId);
          break;
        case 'digits':
        case 'promptDone':
          this.plays.delete(event.playId);
          this.spentPlays.add(event.playId);
          break;
        default:
          break;
      }
    }
    this.decision = decision;
    this.check(decision, answeredNow);
  }

  /** Lets time pass until the engine is done: prompts end in silence, legs stop, timers fire. */
  finish(): void {
    for (let guard = 0; !this.decision.done; guard++) {
      expect(guard).toBeLessThan(1000);
      const [play] = this.plays;
      const [whisper] = this.whispering;
      const [leg] = this.ringing;
      const [timer] = this.pendingTimers;
      const [watched] = this.watched;
      if (play) this.send(play[1] ? { type: 'digits', playId: play[0], digits: '' } : { type: 'promptDone', playId: play[0] });
      else if (whisper) this.send({ type: 'whisperDone', legId: whisper, accepted: false });
      else if (leg) this.send({ type: 'noAnswer', legId: leg });
      else if (timer) this.send({ type: 'timer', timerId: timer });
      else if (watched) this.send(queueStateOf(watched, { callersAhead: 0, members: [], roundRobinNext: 0, averageWaitSeconds: null }));
      else expect.fail('The engine waits, but nothing plays, rings or is pending');
    }
  }

  private end(legId: LegId): void {
    expect(this.ringing.delete(legId) || this.whispering.delete(legId)).toBe(true);
    expect(this.ended.has(legId)).toBe(false);
    this.ended.add(legId);
  }

  private check(decision: Decision, answeredNow: LegId | null): void {
    let whisperedNow = false;
    for (const step of decision.steps) {
      switch (step.type) {
        case 'ring':
          expect(this.connected).toBeNull();
          for (const leg of step.legs) {
            expect(this.ringing.has(leg.legId) || this.whispering.has(leg.legId) || this.ended.has(leg.legId)).toBe(false);
            this.ringing.add(leg.legId);
          }
          break;
        case 'whisper':
          expect(step.legId).toBe(answeredNow);
          expect(this.ringing.delete(step.legId)).toBe(true);
          this.whispering.add(step.legId);
          whisperedNow = true;
          break;
        case 'cancel':
          for (const legId of step.legIds) this.end(legId);
          break;
        case 'connect':
          expect(this.connected).toBeNull();
          expect(step.legId).toBe(answeredNow);
          this.connected = step.legId;
          this.ringing.delete(step.legId);
          this.ended.add(step.legId);
          break;
        case 'startTimer':
          expect(this.pendingTimers.has(step.timerId) || this.spentTimers.has(step.timerId)).toBe(false);
          expect(step.seconds).toBeGreaterThan(0);
          this.pendingTimers.add(step.timerId);
          break;
        case 'cancelTimer':
          expect(this.pendingTimers.delete(step.timerId)).toBe(true);
          this.spentTimers.add(step.timerId);
          break;
        case 'answer':
          expect(this.answered).toBe(false);
          this.answered = true;
          break;
        case 'play':
          expect(this.answered).toBe(true);
          this.plays.set(step.playId, step.collect !== undefined);
          break;
        case 'watchQueue':
          this.watched.add(step.queueId);
          break;
        case 'joinQueue':
          expect(this.answered).toBe(true);
          expect(this.watched.has(step.queueId)).toBe(true);
          break;
        case 'leaveQueue':
          expect(this.watched.delete(step.queueId)).toBe(true);
          break;
        case 'reject':
          expect(this.answered).toBe(false);
          expect(decision.done).toBe(true);
          break;
        case 'hangup':
          expect(this.answered).toBe(true);
          expect(decision.done).toBe(true);
          break;
      }
    }
    // An answer is either put through at once or whispered to first.
    if (answeredNow && !whisperedNow) expect(this.connected).toBe(answeredNow);
    if (decision.done) {
      expect(this.ringing.size + this.whispering.size).toBe(0);
      expect(this.pendingTimers.size).toBe(0);
      expect(this.watched.size).toBe(0);
      // Prompts stop with the call; the driver drops them.
      for (const playId of this.plays.keys()) this.spentPlays.add(playId);
      this.plays.clear();
    }
  }
}

function queueStateOf(queueId: QueueId, view: QueueView): CallEvent {
  return { type: 'queueState', queueId, view };
}

describe('menus, announcements, queues and whispers: engine properties under any order of events', () => {
  it('never throws; one connect at most; every leg ends once; stale events change nothing; the end leaves nothing pending', () => {
    fc.assert(
      fc.property(
        arbitraryTarget(),
        arbitraryFilter,
        fc.tuple(arbitraryQueue(queueIds[0]), arbitraryQueue(queueIds[1])),
        fc.array(fc.record({ pick: fc.nat(), digits: fc.constantFrom('', '1', '2', '9', '#', '201', '2050', '31'), view: arbitraryQueueView }), { maxLength: 40 }),
        (target: Target, filter: CallFilter | undefined, queues, script) => {
          const driver = new CheckingDriver(snapshotFor(filter ? { filter, target } : { target }, queues));
          for (const { pick, digits, view } of script) {
            if (driver.decision.done) break;
            const candidates = driver.candidates(digits, view);
            driver.send(candidates[pick % candidates.length]!);
          }
          driver.finish();
          // After the end, any event is ignored.
          const after = next(driver.snapshot, driver.decision.state, { type: 'callerHungUp' });
          expect(after.steps).toEqual([]);
          expect(after.done).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
