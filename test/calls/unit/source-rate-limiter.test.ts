import { describe, expect, it } from 'vitest';
import { SourceRateLimiter } from '../../../src/calls/source-rate-limiter.ts';

describe('SourceRateLimiter', () => {
  it('lets a source start its rate per second, with a burst of one second, and refills with time', () => {
    let now = 0;
    const limiter = new SourceRateLimiter(() => now);
    const takes = (count: number): number => Array.from({ length: count }, () => limiter.take('192.0.2.1', 5)).filter(Boolean).length;
    expect(takes(8)).toBe(5); // the burst
    now += 200; // a fifth of a second: one more token
    expect(takes(3)).toBe(1);
    now += 10_000; // long idle: full again, but never more than the burst
    expect(takes(10)).toBe(5);
  });

  it('counts each source on its own', () => {
    const limiter = new SourceRateLimiter(() => 0);
    expect(limiter.take('192.0.2.1', 1)).toBe(true);
    expect(limiter.take('192.0.2.1', 1)).toBe(false);
    expect(limiter.take('192.0.2.2', 1)).toBe(true);
  });

  it('follows a changed rate at once', () => {
    let now = 0;
    const limiter = new SourceRateLimiter(() => now);
    expect(limiter.take('192.0.2.1', 1)).toBe(true);
    expect(limiter.take('192.0.2.1', 1)).toBe(false);
    now += 100;
    // The trunk was raised to 100 a second: 0.1 s later there are 10 tokens.
    expect(Array.from({ length: 20 }, () => limiter.take('192.0.2.1', 100)).filter(Boolean).length).toBe(10);
  });
});
