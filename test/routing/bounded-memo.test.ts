import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/routing/bounded-memo.ts';

describe('BoundedMemo', () => {
  it('computes each input once while it is remembered, and keeps answering correctly after forgetting', () => {
    const computed: string[] = [];
    const memo = new BoundedMemo((input) => {
      computed.push(input);
      return input.toUpperCase();
    }, 2);
    expect(['a', 'b', 'a', 'b'].map((x) => memo.get(x))).toEqual(['A', 'B', 'A', 'B']);
    expect(computed).toEqual(['a', 'b']);
    // c starts a new generation; a and b are still known from the older one.
    expect(['c', 'a', 'd', 'e', 'b'].map((x) => memo.get(x))).toEqual(['C', 'A', 'D', 'E', 'B']);
    expect(computed).toEqual(['a', 'b', 'c', 'd', 'e', 'b']);
  });
});
