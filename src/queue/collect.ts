// `collect`: wait for a run's results and turn them into the same report `scan` writes.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TargetResult } from '../report/types.js';
import type { ScanReport } from '../report/types.js';
import { buildReport } from '../report/json.js';
import { VERSION } from '../version.js';
import { jobIdFor, keys } from './keys.js';
import { loadResults, loadRunMeta, loadSources, runProgress, runUrls } from './runs.js';
import type { RunMeta, ScanJobData, StoredResult } from './types.js';

export interface WaitOptions {
  /** Give up after this long (ms); the rest are reported as errors. */
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Waits until every URL of the run has a result. Jobs that BullMQ failed for good (stalled too
 * often, an error on their last attempt) get an error result here, so a run always completes.
 * Returns whether the run is complete.
 */
export async function waitForRun(redis: Redis, queue: Queue<ScanJobData>, runId: string, opts: WaitOptions = {}): Promise<boolean> {
  const deadline = opts.timeoutMs ? Date.now() + opts.timeoutMs : Infinity;
  const poll = opts.pollMs ?? 500;
  let lastDone = -1;
  let lastFailedCheck = 0;
  for (;;) {
    const { done, total } = await runProgress(redis, runId);
    if (done !== lastDone) {
      opts.onProgress?.(done, total);
      lastDone = done;
    }
    if (done >= total) return true;
    if (opts.signal?.aborted || Date.now() > deadline) return false;
    if (Date.now() - lastFailedCheck > 5000) {
      lastFailedCheck = Date.now();
      await settleFailedJobs(redis, queue, runId);
    }
    await new Promise((r) => setTimeout(r, poll));
  }
}

async function settleFailedJobs(redis: Redis, queue: Queue<ScanJobData>, runId: string): Promise<void> {
  const urls = await runUrls(redis, runId);
  const have = new Set(await redis.hkeys(keys.results(runId)));
  for (const [index, url] of urls.entries()) {
    if (have.has(url)) continue;
    const job = await queue.getJob(jobIdFor(runId, url));
    if (!job || !(await job.isFailed())) continue;
    const result = errorResult(url, 'internal', `the job failed: ${job.failedReason ?? 'unknown'}`);
    const stored: StoredResult = {
      index, result, sourceShas: [], browser: null, worker: 'collect', attempts: job.attemptsMade, startedAt: null, durationMs: null, synthetic: true,
      record: {
        url, finalUrl: null, verdict: 'error', partial: false, error: result.error!, startedAt: null, finishedAt: null,
        paymentPage: false, findings: [], scripts: [], destinations: [], errors: [],
      },
    };
    await redis.hsetnx(keys.results(runId), url, JSON.stringify(stored));
  }
}

export function errorResult(url: string, code: NonNullable<TargetResult['error']>['code'], message: string): TargetResult {
  return { url, finalUrl: null, verdict: 'error', partial: false, error: { code, message }, scripts: [], requests: [], findings: [], suppressed: [], notes: [] };
}

export interface CollectedRun {
  meta: RunMeta;
  report: ScanReport;
  /** In report order, null for a URL with no result (timed out or interrupted). */
  stored: Array<StoredResult | null>;
  sources: Record<string, string>;
}

/** The run's report, targets in enqueue order; URLs without a result become `interrupted` errors. */
export async function assembleRun(redis: Redis, meta: RunMeta, rulesVersion: string, missingMessage: string): Promise<CollectedRun> {
  const urls = await runUrls(redis, meta.id);
  const results = await loadResults(redis, meta.id);
  const stored = urls.map((u) => results.get(u) ?? null);
  const targets = urls.map((u, i) => stored[i]?.result ?? errorResult(u, 'interrupted', missingMessage));
  const sources = await loadSources(redis, stored.flatMap((s) => s?.sourceShas ?? []));
  const browsers = new Map<string, number>();
  for (const s of stored) if (s?.browser) browsers.set(s.browser, (browsers.get(s.browser) ?? 0) + 1);
  const browser = [...browsers.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const finished = stored.map((s) => (s?.startedAt && s.durationMs !== null ? Date.parse(s.startedAt) + s.durationMs : 0));
  const finishedAt = new Date(Math.max(Date.parse(meta.createdAt), ...finished)).toISOString();
  const report = buildReport({
    tool: { name: 'skimscan', version: VERSION, rulesVersion }, browser,
    options: { ...meta.options, run: meta.id }, startedAt: meta.createdAt, finishedAt, targets,
  });
  return { meta, report, stored, sources };
}

export { loadRunMeta };
