/**
 * Remembers the results of a pure string function, within a bound. Entries live in two generations:
 * when the newer one is full it becomes the older one and the oldest is dropped, so memory stays
 * bounded and every operation is O(1) (evicting single oldest entries from one Map leaves holes that
 * later iterations must skip). Invisible to callers: the same input always gives the same output.
 */
export class BoundedMemo {
  private recent = new Map<string, string>();
  private older = new Map<string, string>();
  private readonly compute: (input: string) => string;
  private readonly generationSize: number;

  constructor(compute: (input: string) => string, generationSize: number) {
    this.compute = compute;
    this.generationSize = generationSize;
  }

  get(input: string): string {
    const known = this.recent.get(input);
    if (known !== undefined) return known;
    const output = this.older.get(input) ?? this.compute(input);
    if (this.recent.size >= this.generationSize) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(input, output);
    return output;
  }
}
