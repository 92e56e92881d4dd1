import { describe, expect, it } from 'vitest';
import { planRing } from '../../src/routing/ring-plan.ts';
import { destination, ring } from './support/config-builders.ts';

const office = destination('+31301234567', { label: 'Office', ringSeconds: 20, delaySeconds: 5 });
const mobile = destination('+31612345678', { label: 'Mobile', ringSeconds: 15, delaySeconds: 0 });
const desk = destination('+31101234567', { label: 'Desk', ringSeconds: 10, delaySeconds: 5 });
const colleague = destination('+447700900123', { label: 'Colleague', ringSeconds: 30, delaySeconds: 12 });

describe('planRing', () => {
  it('simultaneous: one group with every destination, whatever their delays', () => {
    const target = ring('simultaneous', [office, mobile, desk]);
    const plan = planRing(target);
    expect(plan).toEqual({ destinations: [office, mobile, desk], groupStarts: [0], dueAfterSeconds: [0] });
    expect(plan.destinations).toBe(target.destinations);
  });

  it('sequential: one group each, due when the previous one has rung its full time', () => {
    const plan = planRing(ring('sequential', [office, mobile, desk]));
    expect(plan).toEqual({ destinations: [office, mobile, desk], groupStarts: [0, 1, 2], dueAfterSeconds: [0, 20, 15] });
  });

  it('custom: sorted by delay, equal delays grouped in the given order, each group due relative to the one before', () => {
    const plan = planRing(ring('custom', [office, mobile, desk, colleague]));
    expect(plan.destinations).toEqual([mobile, office, desk, colleague]);
    expect(plan.groupStarts).toEqual([0, 1, 3]);
    expect(plan.dueAfterSeconds).toEqual([0, 5, 7]);
  });

  it('custom with every delay equal is a single group', () => {
    expect(planRing(ring('custom', [office, desk]))).toEqual({ destinations: [office, desk], groupStarts: [0], dueAfterSeconds: [0] });
  });

  it('no destinations: no groups', () => {
    expect(planRing(ring('sequential', []))).toEqual({ destinations: [], groupStarts: [], dueAfterSeconds: [] });
  });
});
