import type { Trunk } from '../domain/trunk.ts';
import type { TrunkReads } from '../store/store.ts';

const maxEntries = 10_000;

/**
 * The trunks behind each source address, remembered between requests so a carrier's busy hour does
 * not ask the database for every INVITE. Any change to any trunk empties it (`invalidate`, called from
 * the store's change feed after commit), so a trunk added, changed or disabled over the API applies to
 * the very next request. Unknown sources are remembered too, which keeps a flood of strangers cheap.
 */
export class CachedTrunkLookup implements Pick<TrunkReads, 'findBySourceAddress'> {
  readonly #reads: Pick<TrunkReads, 'findBySourceAddress'>;
  readonly #bySource = new Map<string, Promise<readonly Trunk[]>>();

  constructor(reads: Pick<TrunkReads, 'findBySourceAddress'>) {
    this.#reads = reads;
  }

  findBySourceAddress(address: string): Promise<readonly Trunk[]> {
    const known = this.#bySource.get(address);
    if (known) return known;
    if (this.#bySource.size >= maxEntries) this.#bySource.clear();
    const lookup = this.#reads.findBySourceAddress(address);
    this.#bySource.set(address, lookup);
    // A failed lookup is not remembered: the next request asks again.
    lookup.catch(() => {
      if (this.#bySource.get(address) === lookup) this.#bySource.delete(address);
    });
    return lookup;
  }

  invalidate(): void {
    this.#bySource.clear();
  }
}
