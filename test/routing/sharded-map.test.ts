import { describe, expect, it } from 'vitest';
import { ShardedMap } from '../../src/routing/sharded-map.ts';

describe('ShardedMap', () => {
  const keys = Array.from({ length: 500 }, (_, i) => `+3120${1000000 + i}`);
  const base = ShardedMap.empty<string, number>(4).edit((draft) => keys.forEach((key, i) => draft.set(key, i)));

  it('finds every key it was given and counts each once', () => {
    expect(base.size).toBe(500);
    expect(keys.every((key, i) => base.get(key) === i)).toBe(true);
    expect(base.get('+31209999999')).toBeUndefined();
    expect([...base.values()].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
  });

  it('leaves the map it was edited from exactly as it was', () => {
    const edited = base.edit((draft) => {
      draft.delete(keys[0]!);
      draft.set(keys[1]!, -1);
      draft.set('+31207777777', 7);
    });
    expect(edited.size).toBe(500);
    expect([edited.has(keys[0]!), edited.get(keys[1]!), edited.get('+31207777777')]).toEqual([false, -1, 7]);
    expect([base.has(keys[0]!), base.get(keys[1]!), base.has('+31207777777')]).toEqual([true, 1, false]);
  });

  it('does not count a replaced key twice or a missing key deleted', () => {
    const edited = base.edit((draft) => {
      draft.set(keys[2]!, 99);
      expect(draft.delete('+31208888888')).toBe(false);
    });
    expect(edited.size).toBe(500);
  });

  it('refuses writes to a draft after it was published', () => {
    let kept: { set(key: string, value: number): void } | undefined;
    base.edit((draft) => {
      kept = draft;
    });
    expect(() => kept?.set('+31206666666', 1)).toThrow(/already published/);
  });
});
