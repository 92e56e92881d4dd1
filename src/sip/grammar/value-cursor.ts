import { TOKEN, isIn, isWhitespace } from './char-classes.ts';
import { readQuotedString } from './quoted-string.ts';

/**
 * A read position in one header field value. Folded lines have already been joined with single
 * spaces (RFC 3261 §7.3.1), so the only linear whitespace left is SP and HTAB; the separators of
 * the grammar (SLASH, SEMI, EQUAL, COMMA, COLON... §25.1) all allow it on both sides, which is what
 * `eat` implements.
 */
export class ValueCursor {
  pos: number;

  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** The code unit at the read position, or -1 at the end. */
  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  /** Skips SP/HTAB; returns whether there was any. */
  skipWhitespace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && isWhitespace(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  /** Reads the longest run of characters that are all in `flags` (may be empty). */
  readWhile(flags: number): string {
    const start = this.pos;
    while (this.pos < this.text.length && isIn(this.text.charCodeAt(this.pos), flags)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** token (may return '' when the next character is not a token character). */
  readToken(): string {
    return this.readWhile(TOKEN);
  }

  /** Reads characters until one of `stops` (or the end); returns them. */
  readUntil(stops: string): string {
    const start = this.pos;
    while (this.pos < this.text.length && stops.indexOf(this.text[this.pos]!) < 0) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /**
   * Reads a quoted-string at the read position. Returns its decoded content and its raw text
   * (quotes included), or undefined when there is none or it is unterminated.
   */
  readQuoted(): { value: string; raw: string } | undefined {
    if (this.peek() !== 0x22) return undefined;
    const start = this.pos;
    const read = readQuotedString(this.text, start);
    if (!read) return undefined;
    this.pos = read.end;
    return { value: read.value, raw: this.text.slice(start, read.end) };
  }

  /** SWS `char` SWS: consumes the separator and the whitespace around it when it is next. */
  eat(char: number): boolean {
    const start = this.pos;
    this.skipWhitespace();
    if (this.peek() === char) {
      this.pos++;
      this.skipWhitespace();
      return true;
    }
    this.pos = start;
    return false;
  }

  /** Everything from the read position on. */
  rest(): string {
    return this.text.slice(this.pos);
  }
}
