import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/sip/index.ts';

describe('VirtualClock', () => {
  it('fires due timers in time order, with now() at each due time', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(100, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(200, () => fired.push(`b@${clock.now()}`));
    clock.advance(250);
    expect(fired).toEqual(['a@100', 'b@200']);
    expect(clock.now()).toBe(250);
    clock.advance(50);
    expect(fired).toEqual(['a@100', 'b@200', 'c@300']);
  });

  it('fires timers due at the same instant in the order they were set', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    for (const n of [1, 2, 3]) clock.setTimer(10, () => fired.push(n));
    clock.advance(10);
    expect(fired).toEqual([1, 2, 3]);
  });

  it('fires a timer set by a firing timer when it falls due within the same advance', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimer(10, () => clock.setTimer(10, () => fired.push(clock.now())));
    clock.advance(25);
    expect(fired).toEqual([20]);
  });

  it('does not fire a cleared timer', () => {
    const clock = new VirtualClock();
    let fired = false;
    const handle = clock.setTimer(10, () => (fired = true));
    clock.clear(handle);
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('advanceToNext jumps to the earliest timer', () => {
    const clock = new VirtualClock(1000);
    clock.setTimer(500, () => undefined);
    expect(clock.advanceToNext()).toBe(true);
    expect(clock.now()).toBe(1500);
    expect(clock.advanceToNext()).toBe(false);
  });
});
