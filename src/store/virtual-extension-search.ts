/**
 * The `q` search of virtual extensions: word prefixes of the display, first and last name, ignoring
 * case and accents ("jose" finds "José Álvarez", "alv" too). Folding happens in JavaScript, on the way
 * in (the words table) and on `q`, so both engines match alike: NFD splits "é" into "e" + a combining
 * mark, the marks go, the rest is lower-cased.
 */

const marks = /\p{M}/gu;
// Anything that is not a letter or a digit separates words: spaces, hyphens, apostrophes, dots.
const separators = /[^\p{L}\p{N}]+/u;

export function foldText(text: string): string {
  return text.normalize('NFD').replace(marks, '').toLowerCase().normalize('NFC');
}

/** The distinct folded words of the names, for the words table. */
export function searchWords(...names: readonly (string | null)[]): string[] {
  const words = new Set<string>();
  for (const name of names) {
    if (name === null) continue;
    for (const word of foldText(name).split(separators)) if (word.length > 0) words.add(word);
  }
  return [...words];
}

/**
 * What `q` asks for: its folded words, each a prefix a name's word must start with (all of them, in any
 * order). Shorter words that start a longer one are dropped: they add nothing. Empty: no filter.
 */
export function queryWords(q: string | undefined): string[] {
  if (q === undefined) return [];
  const words = searchWords(q).sort((a, b) => b.length - a.length);
  return words.filter((word, i) => !words.slice(0, i).some((longer) => longer.startsWith(word)));
}

/**
 * The exclusive upper end of the range of words starting with `prefix` in binary (code point) order:
 * the prefix followed by the highest code point sorts after every word that starts with it.
 */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\u{10ffff}`;
}

/** Prefixes up to this many characters have their match count kept (migration 0009). */
export const countedPrefixLength = 3;

/** The distinct prefixes of up to `countedPrefixLength` characters (not UTF-16 units) of the words. */
export function countedPrefixes(words: readonly string[]): Set<string> {
  const prefixes = new Set<string>();
  for (const word of words) {
    const characters = [...word];
    for (let length = 1; length <= Math.min(countedPrefixLength, characters.length); length++) prefixes.add(characters.slice(0, length).join(''));
  }
  return prefixes;
}

/** Whether a query word's matches are counted in advance: one of up to `countedPrefixLength` characters. */
export function isCountedPrefix(word: string): boolean {
  return [...word].length <= countedPrefixLength;
}
