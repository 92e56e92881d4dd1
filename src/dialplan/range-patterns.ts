import type { IndexedRange } from './indexed-records.ts';

/**
 * Range patterns: strings of the extension length made of digits and `X` (any digit), e.g. `2XXX`.
 * A pattern set compiles them into a trie so that matching dialled digits costs one step per digit
 * (plus a branch per `X`), however many ranges and patterns a scope holds.
 */

const patternShape = /^[0-9X]+$/;

/** True when `pattern` is digits and `X` only (length is checked against the settings elsewhere). */
export function isPatternShape(pattern: string): boolean {
  return patternShape.test(pattern);
}

/** True when `digits` (of the same length) is one of the extensions the pattern stands for. */
export function patternMatches(pattern: string, digits: string): boolean {
  if (pattern.length !== digits.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern.charCodeAt(i);
    if (p !== 88 /* X */ && p !== digits.charCodeAt(i)) return false;
  }
  return true;
}

/** True when some extension matches both patterns: same length, and at each place equal digits or an `X`. */
export function patternsOverlap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && x !== 'X' && y !== 'X') return false;
  }
  return true;
}

export interface PatternHit {
  readonly range: IndexedRange;
  readonly pattern: string;
}

interface TrieNode {
  readonly digits: (TrieNode | undefined)[];
  any: TrieNode | undefined;
  hit: PatternHit | undefined;
}

const newNode = (): TrieNode => ({ digits: new Array<TrieNode | undefined>(10).fill(undefined), any: undefined, hit: undefined });

/** The patterns of the ranges of one scope (a location, or the organization level). */
export class RangePatternSet {
  private readonly root: TrieNode = newNode();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(range: IndexedRange, pattern: string): void {
    let node = this.root;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      if (c === 88 /* X */) {
        node.any ??= newNode();
        node = node.any;
      } else {
        const d = c - 48;
        let next = node.digits[d];
        if (!next) {
          next = newNode();
          node.digits[d] = next;
        }
        node = next;
      }
    }
    // The conflict checks keep patterns apart; with inconsistent data the first one wins.
    if (!node.hit) {
      node.hit = { range, pattern };
      this.count++;
    }
  }

  /** A pattern of this set that some extension matches together with `pattern`. */
  overlapping(pattern: string): PatternHit | undefined {
    return this.count === 0 ? undefined : overlapFrom(this.root, pattern, 0);
  }

  /** The range pattern `digits` falls in; exact digits are tried before `X` at every place. */
  match(digits: string): PatternHit | undefined {
    return this.count === 0 ? undefined : matchFrom(this.root, digits, 0);
  }
}

function matchFrom(node: TrieNode, digits: string, at: number): PatternHit | undefined {
  if (at === digits.length) return node.hit;
  const d = digits.charCodeAt(at) - 48;
  if (d < 0 || d > 9) return undefined;
  const exact = node.digits[d];
  const viaDigit = exact ? matchFrom(exact, digits, at + 1) : undefined;
  if (viaDigit) return viaDigit;
  return node.any ? matchFrom(node.any, digits, at + 1) : undefined;
}

function overlapFrom(node: TrieNode, pattern: string, at: number): PatternHit | undefined {
  if (at === pattern.length) return node.hit;
  const c = pattern.charCodeAt(at);
  const children = c === 88 /* X */ ? [...node.digits, node.any] : [node.digits[c - 48], node.any];
  for (const child of children) {
    const hit = child ? overlapFrom(child, pattern, at + 1) : undefined;
    if (hit) return hit;
  }
  return undefined;
}
