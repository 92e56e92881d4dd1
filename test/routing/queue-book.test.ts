import { describe, expect, it } from 'vitest';
import type { QueueId } from '../../src/domain/ids.ts';
import type { Queue } from '../../src/domain/queue.ts';
import { buildSnapshot, next, QueueBook, start, type CallState, type Decision, type LegId, type RoutingSnapshot, type Step } from '../../src/routing/index.ts';
import { businessNumber, member, organization, queue, queueTarget } from './support/config-builders.ts';

/*
 * The queue's memory across calls lives with the driver (`QueueBook`); the engine decides each call from
 * the view the book gives. Here a small driver plays call control's part: it answers `watchQueue` with
 * the book's view and tells the book what the engine's steps did, so several calls share one queue.
 */

const org = 'org_queues';
const line = '+31201234567';
const members = [member('+31611111111', 'Anna'), member('+31622222222', 'Ben'), member('+31633333333', 'Cleo')];

function setup(settings: Partial<Queue> = {}): { snapshot: RoutingSnapshot; support: Queue } {
  const support = queue(org, 'que_support', members, { strategy: 'round-robin', wrapUpSeconds: 10, ...settings });
  const number = businessNumber(org, line, queueTarget(support.id));
  return { snapshot: buildSnapshot([{ organization: organization(org), numbers: [number], queues: [support] }]), support };
}

/** One call driven against the shared book, at explicit instants. */
class DrivenCall {
  state: CallState;
  readonly rung: { legId: LegId; member: number }[] = [];
  connectedMember: number | null = null;
  constructor(
    readonly id: string,
    private readonly snapshot: RoutingSnapshot,
    private readonly book: QueueBook,
    private readonly support: Queue,
    at: number,
  ) {
    const decision = start(snapshot, { to: line, from: { kind: 'anonymous' }, at, via: 'simulator' });
    this.state = decision.state;
    this.apply(decision, at);
  }

  event(event: Parameters<typeof next>[2], at: number): void {
    this.apply(next(this.snapshot, this.state, event), at);
  }

  /** The queue changed (someone left, a member freed up): the driver reports it to a watching call. */
  refresh(at: number): void {
    this.event({ type: 'queueState', queueId: this.support.id as QueueId, view: this.book.viewFor(this.support, this.id, at) }, at);
  }

  private apply(decision: Decision, at: number): void {
    this.state = decision.state;
    const follow: Step[] = [];
    for (const step of decision.steps) {
      switch (step.type) {
        case 'watchQueue':
          follow.push(step);
          break;
        case 'joinQueue':
          this.book.join(this.support, this.id, at);
          break;
        case 'ring':
          for (const leg of step.legs) {
            if (!leg.queue) continue;
            this.book.ringing(this.support, leg.queue.member, this.id);
            this.rung.push({ legId: leg.legId, member: leg.queue.member });
          }
          break;
        case 'leaveQueue':
          this.book.leave(this.support, this.id, at, step.member);
          if (step.member !== undefined) this.connectedMember = step.member;
          break;
        default:
          break;
      }
    }
    for (const _ of follow) this.refresh(at);
  }

  lastLeg(): { legId: LegId; member: number } {
    const leg = this.rung.at(-1);
    if (!leg) throw new Error(`${this.id} rang nobody`);
    return leg;
  }
}

const t0 = Date.parse('2026-11-23T10:00:00Z');
const seconds = (n: number) => t0 + n * 1000;

describe('a queue across calls (QueueBook + engine)', () => {
  it('round-robin remembers where it stopped: each new call starts after the member rung last', () => {
    const { snapshot, support } = setup();
    const book = new QueueBook();

    const first = new DrivenCall('call-1', snapshot, book, support, seconds(0));
    expect(first.lastLeg().member).toBe(0);
    first.event({ type: 'answered', legId: first.lastLeg().legId }, seconds(3));
    expect(first.connectedMember).toBe(0);

    const second = new DrivenCall('call-2', snapshot, book, support, seconds(30));
    expect(second.lastLeg().member).toBe(1);
    second.event({ type: 'answered', legId: second.lastLeg().legId }, seconds(32));

    // Anna's call ended a minute ago (well past wrap-up); round-robin still goes on to Cleo, then wraps to Anna.
    book.callEnded(support, 0, seconds(40));
    const third = new DrivenCall('call-3', snapshot, book, support, seconds(100));
    expect(third.lastLeg().member).toBe(2);
    third.event({ type: 'noAnswer', legId: third.lastLeg().legId }, seconds(120));
    expect(third.lastLeg().member).toBe(0);
  });

  it('a member in wrap-up is skipped until the wrap-up time has passed', () => {
    const { snapshot, support } = setup({ strategy: 'in-order', wrapUpSeconds: 30 });
    const book = new QueueBook();
    const first = new DrivenCall('call-1', snapshot, book, support, seconds(0));
    first.event({ type: 'answered', legId: first.lastLeg().legId }, seconds(2));
    book.callEnded(support, 0, seconds(60));

    const during = new DrivenCall('call-2', snapshot, book, support, seconds(70));
    expect(during.lastLeg().member).toBe(1);
    expect(book.viewFor(support, 'call-x', seconds(70)).members[0]).toEqual({ state: 'wrapUp', idleSince: seconds(90) });
    during.event({ type: 'answered', legId: during.lastLeg().legId }, seconds(72));

    const after = new DrivenCall('call-3', snapshot, book, support, seconds(95));
    expect(after.lastLeg().member).toBe(0);
  });

  it('callers are served in order: the second waits while the first is ahead, and rings once the first has gone', () => {
    const { snapshot, support } = setup({ strategy: 'in-order' });
    const book = new QueueBook();
    const first = new DrivenCall('call-1', snapshot, book, support, seconds(0));
    expect(first.rung.map((leg) => leg.member)).toEqual([0]);

    const second = new DrivenCall('call-2', snapshot, book, support, seconds(1));
    expect(book.viewFor(support, 'call-2', seconds(1)).callersAhead).toBe(1);
    expect(second.rung).toEqual([]);

    first.event({ type: 'answered', legId: first.lastLeg().legId }, seconds(5));
    second.refresh(seconds(5));
    // Anna talks to the first caller, so the second gets Ben.
    expect(second.rung.map((leg) => leg.member)).toEqual([1]);
  });

  it('a member ringing for one caller is busy for the others', () => {
    const { snapshot, support } = setup({ strategy: 'ring-all' });
    const book = new QueueBook();
    const first = new DrivenCall('call-1', snapshot, book, support, seconds(0));
    expect(first.rung.map((leg) => leg.member)).toEqual([0, 1, 2]);
    const view = book.viewFor(support, 'call-2', seconds(1));
    expect(view.members.map((m) => m.state)).toEqual(['busy', 'busy', 'busy']);
    expect(book.viewFor(support, 'call-1', seconds(1)).members.map((m) => m.state)).toEqual(['available', 'available', 'available']);
  });

  it('the average of recent waits feeds expected-wait announcements', () => {
    const { snapshot, support } = setup({ strategy: 'in-order' });
    const book = new QueueBook();
    const first = new DrivenCall('call-1', snapshot, book, support, seconds(0));
    first.event({ type: 'answered', legId: first.lastLeg().legId }, seconds(40));
    const second = new DrivenCall('call-2', snapshot, book, support, seconds(50));
    second.event({ type: 'answered', legId: second.lastLeg().legId }, seconds(130));
    expect(book.viewFor(support, 'call-3', seconds(200)).averageWaitSeconds).toBe(60);
  });
});
