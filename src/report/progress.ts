// What a person watching a scan sees. On a terminal (stderr is a TTY): a live status line with a
// bar on stderr, redrawn in place, and one result line per finished target above it. In CI and
// when piped: plain lines only, no escape codes. NO_COLOR turns colour off; --quiet keeps only
// warnings and the final summary; --verbose adds a line per started target and debug messages.
import type { TargetResult } from './types.js';
import { oneLine, targetLine } from './console.js';

export interface ProgressOptions {
  total: number;
  /** Result lines (stdout, or stderr when stdout carries JSON). */
  out: (s: string) => void;
  /** Status, warnings, debug (stderr). */
  err: (s: string) => void;
  /** stderr is a terminal: draw the live status line. */
  tty: boolean;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** Columns of the terminal, for the status line. */
  columns?: number;
}

const CLEAR = '\r\x1b[2K';

export class Progress {
  readonly #o: ProgressOptions;
  #done = 0;
  #running = new Map<number, string>();
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#o = options;
  }

  get live(): boolean {
    return this.#o.tty && !this.#o.quiet;
  }

  start(index: number, url: string): void {
    this.#running.set(index, url);
    if (this.#o.verbose && !this.live) this.#o.err(`[${index + 1}/${this.#o.total}] scanning ${oneLine(url)}\n`);
    this.#redraw();
  }

  done(result: TargetResult, index: number): void {
    this.#running.delete(index);
    this.#done++;
    if (!this.#o.quiet) {
      this.#above(() => this.#o.out(`${this.#o.tty ? '' : `[${this.#done}/${this.#o.total}] `}${targetLine(result, this.#o.color)}\n`));
      if (this.#o.verbose) for (const n of result.notes) this.#above(() => this.#o.err(`  note: ${oneLine(n)}\n`));
    }
    this.#redraw();
  }

  info(message: string): void {
    if (!this.#o.quiet) this.#above(() => this.#o.err(`${oneLine(message, 500)}\n`));
  }

  warn(message: string): void {
    this.#above(() => this.#o.err(`skimscan: ${oneLine(message, 500)}\n`));
  }

  debug(message: string): void {
    if (this.#o.verbose) this.#above(() => this.#o.err(`debug: ${oneLine(message, 500)}\n`));
  }

  /** Clears the status line; call before the summary. */
  finish(): void {
    this.#clear();
  }

  /** The status line: `[####------] 4/10 · scanning pay.example.org …`. */
  statusLine(): string {
    const { total } = this.#o;
    const width = 20;
    const filled = total ? Math.round((this.#done / total) * width) : width;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const now = [...this.#running.values()].map(hostOf);
    const text = `${bar} ${this.#done}/${total}${now.length ? ` · scanning ${now.join(', ')}` : ''}`;
    const max = Math.max(20, (this.#o.columns ?? 80) - 1);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  #above(write: () => void): void {
    this.#clear();
    write();
    this.#redraw();
  }

  #clear(): void {
    if (this.#drawn) this.#o.err(CLEAR);
    this.#drawn = false;
  }

  #redraw(): void {
    if (!this.live || this.#done >= this.#o.total && !this.#running.size) return this.#clear();
    this.#o.err(`${CLEAR}${this.statusLine()}`);
    this.#drawn = true;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return oneLine(url, 40);
  }
}
