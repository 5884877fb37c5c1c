import type { CDPSession } from 'puppeteer-core';
import type { ContextType } from '../../artifacts/types.js';
import type { Log } from '../log.js';

/** A CDP target (page, iframe, worker) the crawl attached to, before any of its code ran. */
export interface AttachedTarget {
  session: CDPSession;
  /** Stable key for this session, used to qualify per-session ids such as scriptId. */
  key: string;
  targetId: string;
  contextType: ContextType;
  url: string;
}

/** Waits for all of `promises`, but no longer than `ms`. */
export async function settleWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise((r) => { timer = setTimeout(r, Math.max(0, ms)); }),
  ]);
  clearTimeout(timer);
}

export interface CollectorContext {
  targetUrl: string;
  /** ms timestamp at which navigation started; record times relative to it. */
  startedAt: number;
  log: Log;
  /** Called on every network event, so the crawl can wait for a quiet window. */
  onActivity(): void;
}

/**
 * One concern of the crawl (after tracker-radar-collector's BaseCollector). `addTarget` must send
 * its enable commands synchronously, before its first await: the crawl resumes the target with
 * `Runtime.runIfWaitingForDebugger` right after, and CDP keeps command order.
 */
export interface Collector<Data> {
  readonly id: string;
  addTarget(target: AttachedTarget): Promise<void>;
  /** Called once after load and the quiet window; may read the page. */
  postLoad?(): Promise<void>;
  /** `waitMs`: how long it may still wait for answers in flight; what has not arrived is left out. */
  getData(waitMs: number): Data | Promise<Data>;
}
