// A queue worker: takes scan jobs from BullMQ and runs them through the same scanTarget -> judge
// path as `scan`, on one local Chromium per process or a remote browser over DevTools.
import { hostname } from 'node:os';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ScriptAnalysis, ScriptInput } from '../analyse/types.js';
import type { ErrorCode, TargetArtifacts } from '../artifacts/types.js';
import { connectBrowser, type LaunchedBrowser, type LaunchOptions } from '../gather/browser.js';
import { BrowserKeeper } from '../gather/relaunch.js';
import { GRACE_MS, scanTarget, DEFAULT_SCAN_OPTIONS } from '../gather/scan-target.js';
import { silentLog, type Log } from '../gather/log.js';
import { judgeTarget } from '../verdict/index.js';
import { keptSources, targetRecord } from '../history/facts.js';
import { errorMessage } from '../errors.js';
import { QUEUE_NAME, QUEUE_PREFIX } from './keys.js';
import { DomainLeases, registrableDomain } from './lease.js';
import { hasResult, storeResult } from './runs.js';
import type { ScanJobData } from './types.js';

/** Worth another attempt on a fresh page: the browser died or the page ran out of time. */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set(['crash', 'timeout', 'browser']);

export interface BrowserSource {
  get(): Promise<LaunchedBrowser>;
  close(): Promise<void>;
}

export function localBrowser(keeper: BrowserKeeper): BrowserSource {
  return {
    get: () => keeper.get(),
    close: () => keeper.close(),
  };
}

/** A remote browser, connected again (single-flight) when the connection drops. */
export class RemoteBrowser implements BrowserSource {
  #current: LaunchedBrowser | null = null;
  #connecting: Promise<LaunchedBrowser> | null = null;
  constructor(private wsEndpoint: string, private opts: { ignoreHttpsErrors?: boolean; log: Log }) {}

  async get(): Promise<LaunchedBrowser> {
    if (this.#current?.browser.connected) return this.#current;
    this.#connecting ??= (async () => {
      if (this.#current) this.opts.log.warn('remote browser disconnected; connecting again');
      this.#current = await connectBrowser(this.wsEndpoint, { ignoreHttpsErrors: this.opts.ignoreHttpsErrors });
      return this.#current;
    })().finally(() => { this.#connecting = null; });
    return this.#connecting;
  }

  async close(): Promise<void> {
    await this.#current?.close();
  }
}

export interface QueueWorkerOptions {
  redis: Redis;
  concurrency: number;
  browser: BrowserSource;
  analyse: (input: ScriptInput) => Promise<ScriptAnalysis>;
  log?: Log;
  /** BullMQ lock: a job whose lock is not renewed for this long is taken as stalled (default 30 s). */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for and put back (default 15 s). */
  stalledIntervalMs?: number;
  /** A job stalled more often than this fails (default 2). */
  maxStalledCount?: number;
  /** How long a job over the per-domain limit waits before it is tried again (default 2 s, plus jitter). */
  politeDelayMs?: number;
  /** Aborts running scans on a forced shutdown. */
  signal?: AbortSignal;
  onResult?: (data: ScanJobData, verdict: string) => void;
}

export interface QueueWorker {
  worker: Worker<ScanJobData>;
  name: string;
  /** Stops taking jobs, waits for the running ones (graceful) unless `force`, closes the browser. */
  close(force?: boolean): Promise<void>;
}

export function startQueueWorker(opts: QueueWorkerOptions): QueueWorker {
  const log = opts.log ?? silentLog;
  const name = `${hostname()}:${process.pid}`;
  const leases = new DomainLeases(opts.redis);
  const politeDelay = opts.politeDelayMs ?? 2000;

  const process_ = async (job: Job<ScanJobData>, token?: string): Promise<string> => {
    const { runId, url } = job.data;
    if (await hasResult(opts.redis, runId, url)) return 'already stored';
    const domain = registrableDomain(url);
    const holder = String(job.id);
    const timeoutMs = job.data.scan.timeoutMs ?? DEFAULT_SCAN_OPTIONS.timeoutMs;
    if (!(await leases.acquire(domain, holder, job.data.perDomain, timeoutMs + GRACE_MS + 10_000))) {
      log.debug(`${url}: ${domain} has ${job.data.perDomain} scans running; later`);
      await job.moveToDelayed(Date.now() + politeDelay + Math.floor(Math.random() * politeDelay), token);
      throw new DelayedError();
    }
    let artifacts: TargetArtifacts;
    let browserVersion: string | null = null;
    try {
      try {
        const launched = await opts.browser.get();
        browserVersion = launched.version;
        artifacts = await scanTarget(launched.browser, url, { ...job.data.scan, signal: opts.signal, log });
        if (!launched.browser.connected) artifacts.fatal = { code: 'crash', message: 'Chromium exited during this target' };
      } catch (err) {
        artifacts = failed(url, 'browser', errorMessage(err).split('\n')[0]!);
      }
    } finally {
      await leases.release(domain, holder).catch(() => {});
    }
    if (opts.signal?.aborted) throw new Error('worker shutting down'); // not stored: the job runs again elsewhere
    const attempts = job.opts.attempts ?? 1;
    const fatal = artifacts.fatal;
    if (fatal && TRANSIENT_CODES.has(fatal.code) && job.attemptsMade + 1 < attempts) {
      log.warn(`${url}: ${fatal.code} (${fatal.message}); attempt ${job.attemptsMade + 1} of ${attempts}, trying again later`);
      throw new Error(`${fatal.code}: ${fatal.message}`);
    }
    const result = await judgeTarget(artifacts, { analyse: opts.analyse, allowedProcessors: job.data.allowedProcessors });
    const sources = keptSources(artifacts);
    const ms = Date.parse(artifacts.finishedAt) - Date.parse(artifacts.startedAt);
    const stored = await storeResult(opts.redis, runId, url, {
      index: job.data.index, result, record: targetRecord(artifacts, result), sourceShas: Object.keys(sources),
      browser: browserVersion, worker: name, attempts: job.attemptsMade + 1,
      startedAt: artifacts.startedAt, durationMs: Number.isFinite(ms) ? ms : null,
    }, sources);
    opts.onResult?.(job.data, result.verdict);
    return stored ? result.verdict : 'already stored';
  };

  const worker = new Worker<ScanJobData>(QUEUE_NAME, process_, {
    connection: opts.redis, prefix: QUEUE_PREFIX, concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 15_000,
    maxStalledCount: opts.maxStalledCount ?? 2,
    autorun: true,
  });
  worker.on('failed', (job, err) => {
    if (job && !(err instanceof DelayedError) && err.name !== 'DelayedError') log.debug(`${job.data.url}: attempt failed: ${err.message}`);
  });
  worker.on('error', (err) => log.warn(`queue: ${errorMessage(err).split('\n')[0]}`));

  return {
    worker, name,
    async close(force = false) {
      await worker.close(force);
      await opts.browser.close();
    },
  };
}

function failed(url: string, code: ErrorCode, message: string): TargetArtifacts {
  const now = new Date().toISOString();
  return {
    artifactsVersion: 1, url, finalUrl: null, startedAt: now, finishedAt: now, status: null,
    scripts: null, sources: {}, network: null, dom: null, fields: null, probe: null, errors: [], caps: [],
    fatal: { code, message },
  };
}
