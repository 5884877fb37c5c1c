import { launchBrowser, type LaunchedBrowser, type LaunchOptions } from './browser.js';
import type { Log } from './log.js';

/**
 * The run's one Chromium, started again if it dies, so that one page that kills the browser does
 * not cost the other targets their results. Relaunches are single-flight and capped.
 */
export class BrowserKeeper {
  #current: LaunchedBrowser;
  #relaunching: Promise<LaunchedBrowser> | null = null;
  #all: LaunchedBrowser[] = [];
  relaunches = 0;

  private constructor(first: LaunchedBrowser, private options: LaunchOptions, private log: Log, private maxRelaunches: number) {
    this.#current = first;
    this.#all.push(first);
  }

  static async start(options: LaunchOptions, log: Log, maxRelaunches = 5): Promise<BrowserKeeper> {
    return new BrowserKeeper(await launchBrowser({ ...options, log }), options, log, maxRelaunches);
  }

  get version(): string {
    return this.#current.version;
  }

  /** A connected browser: the current one, or a fresh one if it died. */
  async get(): Promise<LaunchedBrowser> {
    if (this.#current.browser.connected) return this.#current;
    if (this.relaunches >= this.maxRelaunches) return this.#current; // targets will record the failure
    this.#relaunching ??= (async () => {
      this.relaunches++;
      this.log.warn(`Chromium exited; starting it again (${this.relaunches}/${this.maxRelaunches})`);
      await this.#current.close().catch(() => {});
      const next = await launchBrowser({ ...this.options, log: this.log });
      this.#all.push(next);
      this.#current = next;
      return next;
    })().finally(() => { this.#relaunching = null; });
    return this.#relaunching;
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.map((b) => b.close().catch(() => {})));
  }
}
