/**
 * A persistent string-keyed map split into a fixed number of small native `Map` shards.
 *
 * Why: the routing snapshot holds up to millions of numbers and must be replaced, not mutated,
 * whenever one organization changes. Copying one big `Map` per change costs time proportional to
 * every number on the node; here a change copies the shard array (a few thousand pointers) and only
 * the shards whose keys it touches, so its cost follows the size of the change. Reads stay one hash
 * and one native `Map#get`.
 */
export class ShardedMap<K extends string, V> {
  private readonly shards: readonly (ReadonlyMap<K, V> | undefined)[];
  private readonly mask: number;
  private readonly hash: ShardHash;
  readonly size: number;

  private constructor(shards: readonly (ReadonlyMap<K, V> | undefined)[], size: number, hash: ShardHash) {
    this.shards = shards;
    this.mask = shards.length - 1;
    this.hash = hash;
    this.size = size;
    Object.freeze(this);
  }

  /**
   * An empty map with 2^shardBits shards; `hash` picks a key's shard (all keys hashed alike land in
   * one shard). Shards are created on first write, so empty ones cost nothing.
   */
  static empty<K extends string, V>(shardBits: number, hash: ShardHash = hashWholeKey): ShardedMap<K, V> {
    if (!Number.isInteger(shardBits) || shardBits < 0 || shardBits > 20) {
      throw new RangeError(`shardBits must be an integer from 0 to 20, got ${shardBits}`);
    }
    return new ShardedMap<K, V>(new Array<ReadonlyMap<K, V> | undefined>(2 ** shardBits).fill(undefined), 0, hash);
  }

  get(key: K): V | undefined {
    return this.shards[this.hash(key) & this.mask]?.get(key);
  }

  has(key: K): boolean {
    return this.shards[this.hash(key) & this.mask]?.has(key) ?? false;
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) if (shard) yield* shard.values();
  }

  /**
   * A new map with the changes `change` makes to a draft; this map stays as it was. Only shards the
   * draft writes to are copied, each at most once however many keys of it change.
   */
  edit(change: (draft: ShardedMapDraft<K, V>) => void): ShardedMap<K, V> {
    const draft = new ShardedMapDraft<K, V>(this.shards, this.size, this.hash);
    change(draft);
    const { shards, size } = draft.seal();
    return new ShardedMap<K, V>(shards, size, this.hash);
  }
}

/** A writable view of a `ShardedMap` that lives only inside `edit`. */
export class ShardedMapDraft<K extends string, V> {
  private readonly shards: (ReadonlyMap<K, V> | undefined)[];
  /** Which shards this draft already copied, so each is copied once. */
  private readonly owned: Uint8Array;
  private readonly mask: number;
  private readonly hash: ShardHash;
  private count: number;
  private sealed = false;

  constructor(shards: readonly (ReadonlyMap<K, V> | undefined)[], size: number, hash: ShardHash) {
    this.shards = shards.slice();
    this.owned = new Uint8Array(shards.length);
    this.mask = shards.length - 1;
    this.hash = hash;
    this.count = size;
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    return this.shards[this.hash(key) & this.mask]?.get(key);
  }

  set(key: K, value: V): void {
    const shard = this.writable(this.hash(key) & this.mask);
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
  }

  delete(key: K): boolean {
    const index = this.hash(key) & this.mask;
    if (!this.shards[index]?.has(key)) return false;
    this.writable(index).delete(key);
    this.count -= 1;
    return true;
  }

  /** Ends the draft: later writes would change a published map, so they throw. */
  seal(): { shards: readonly (ReadonlyMap<K, V> | undefined)[]; size: number } {
    this.assertOpen();
    this.sealed = true;
    return { shards: this.shards, size: this.count };
  }

  private writable(index: number): Map<K, V> {
    this.assertOpen();
    const current = this.shards[index];
    if (this.owned[index] === 1 && current instanceof Map) return current;
    const copy = current ? new Map<K, V>(current) : new Map<K, V>();
    this.shards[index] = copy;
    this.owned[index] = 1;
    return copy;
  }

  private assertOpen(): void {
    if (this.sealed) throw new Error('This draft was already published; start a new edit');
  }
}

/** Picks a key's shard: any 32-bit unsigned integer; the map keeps its low bits. */
export type ShardHash = (key: string) => number;

/** 32-bit FNV-1a over the whole key: cheap on short keys and spreads similar keys evenly. */
export function hashWholeKey(key: string): number {
  return fnv1a(key, key.length);
}

/** 32-bit FNV-1a over the first `length` characters of `key`. */
export function fnv1a(key: string, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
