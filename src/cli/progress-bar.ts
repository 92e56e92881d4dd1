/**
 * A progress bar for the command line: on a terminal one line rewritten in place with `\r`; into a
 * file or a pipe, a plain line at every tenth, so logs stay readable.
 */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export class ProgressBar {
  readonly #out: ProgressOutput;
  readonly #label: string;
  readonly #width = 30;
  #lastTenth = -1;
  #drawn = false;

  constructor(out: ProgressOutput, label: string) {
    this.#out = out;
    this.#label = label;
  }

  update(done: number, total: number): void {
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const counts = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    if (this.#out.isTTY) {
      const filled = Math.round(share * this.#width);
      this.#out.write(`\r${this.#label} [${'#'.repeat(filled)}${'-'.repeat(this.#width - filled)}] ${Math.floor(share * 100)}% ${counts}`);
      this.#drawn = true;
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth > this.#lastTenth) {
      this.#lastTenth = tenth;
      this.#out.write(`${this.#label}: ${tenth * 10}% (${counts})\n`);
    }
  }

  /** Ends the rewritten line, so what is printed next starts on a line of its own. */
  finish(): void {
    if (this.#drawn) this.#out.write('\n');
    this.#drawn = false;
  }
}
