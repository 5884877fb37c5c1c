// Runs in Redis: enqueue (one job per URL, deduplicated per run), results stored once per URL,
// and reading a run back for `collect`.
import { randomBytes } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import { QUEUE_NAME, QUEUE_PREFIX, RUN_ID_RE, RUN_TTL_S, jobIdFor, keys } from './keys.js';
import type { RunMeta, ScanJobData, StoredResult } from './types.js';

export interface Retry {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_RETRY: Retry = { attempts: 3, backoffMs: 5000 };

export function newRunId(name: string | undefined): string {
  if (name !== undefined) {
    if (!RUN_ID_RE.test(name)) throw new UsageError(`--run ${name}: use letters, digits, '.', '_' and '-' (up to 100)`);
    return name;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function scanQueue(redis: Redis): Queue<ScanJobData> {
  return new Queue<ScanJobData>(QUEUE_NAME, { connection: redis, prefix: QUEUE_PREFIX });
}

// Adds the URLs not yet in the run, in order, and returns [url, index] for each added one.
const ADD_URLS = `
local added = {}
for i, url in ipairs(ARGV) do
  if redis.call('SADD', KEYS[1], url) == 1 then
    local n = redis.call('RPUSH', KEYS[2], url)
    table.insert(added, url)
    table.insert(added, n - 1)
  end
end
return added`;

export interface EnqueueInput {
  runId: string;
  name: string;
  urls: string[];
  job: Omit<ScanJobData, 'runId' | 'url' | 'index'>;
  reportOptions: Record<string, unknown>;
  retry: Retry;
}

/** Enqueues a run (or adds to it): returns how many URLs were new and the run's total. */
export async function enqueueRun(redis: Redis, queue: Queue<ScanJobData>, input: EnqueueInput): Promise<{ added: number; total: number }> {
  const { runId } = input;
  const meta: Record<string, string> = {
    id: runId, name: input.name, createdAt: new Date().toISOString(), toolVersion: VERSION,
    options: JSON.stringify(input.reportOptions),
  };
  // HSETNX: enqueuing more URLs into an existing run keeps its creation time and options.
  const multi = redis.multi();
  for (const [k, v] of Object.entries(meta)) multi.hsetnx(keys.run(runId), k, v);
  await multi.exec();
  const added = await redis.eval(ADD_URLS, 2, keys.runUrls(runId), keys.runOrder(runId), ...input.urls) as Array<string | number>;
  const jobs: Array<{ name: string; data: ScanJobData; opts: JobsOptions }> = [];
  const opts: JobsOptions = {
    attempts: input.retry.attempts,
    backoff: { type: 'exponential', delay: input.retry.backoffMs },
    removeOnComplete: true,
    removeOnFail: { age: RUN_TTL_S },
  };
  for (let i = 0; i < added.length; i += 2) {
    const url = String(added[i]);
    const index = Number(added[i + 1]);
    jobs.push({ name: 'scan', data: { ...input.job, runId, url, index }, opts: { ...opts, jobId: jobIdFor(runId, url) } });
  }
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  await expireRun(redis, runId);
  return { added: jobs.length, total: await redis.llen(keys.runOrder(runId)) };
}

async function expireRun(redis: Redis, runId: string): Promise<void> {
  await redis.multi()
    .expire(keys.run(runId), RUN_TTL_S).expire(keys.runUrls(runId), RUN_TTL_S)
    .expire(keys.runOrder(runId), RUN_TTL_S).expire(keys.results(runId), RUN_TTL_S)
    .exec();
}

export async function loadRunMeta(redis: Redis, runId: string): Promise<RunMeta | null> {
  const h = await redis.hgetall(keys.run(runId));
  if (!h.id) return null;
  return { id: h.id, name: h.name ?? h.id, createdAt: h.createdAt ?? new Date().toISOString(), toolVersion: h.toolVersion ?? VERSION, options: JSON.parse(h.options ?? '{}') };
}

/**
 * Stores a URL's outcome once: HSETNX, so a job that ran twice (a stalled job a dead worker had in
 * fact finished, a retry racing a recovery) keeps the first result. Sources go to shared keys.
 */
export async function storeResult(redis: Redis, runId: string, url: string, stored: StoredResult, sources: Record<string, string>): Promise<boolean> {
  const multi = redis.multi();
  for (const [sha, src] of Object.entries(sources)) multi.set(keys.source(sha), src, 'EX', RUN_TTL_S, 'NX');
  multi.hsetnx(keys.results(runId), url, JSON.stringify(stored));
  multi.expire(keys.results(runId), RUN_TTL_S);
  const out = await multi.exec();
  const set = out?.[Object.keys(sources).length]?.[1];
  return set === 1;
}

export async function hasResult(redis: Redis, runId: string, url: string): Promise<boolean> {
  return (await redis.hexists(keys.results(runId), url)) === 1;
}

export async function runProgress(redis: Redis, runId: string): Promise<{ total: number; done: number }> {
  const [total, done] = await Promise.all([redis.llen(keys.runOrder(runId)), redis.hlen(keys.results(runId))]);
  return { total, done };
}

export async function runUrls(redis: Redis, runId: string): Promise<string[]> {
  return redis.lrange(keys.runOrder(runId), 0, -1);
}

export async function loadResults(redis: Redis, runId: string): Promise<Map<string, StoredResult>> {
  const out = new Map<string, StoredResult>();
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(keys.results(runId), cursor, 'COUNT', 500);
    cursor = next;
    for (let i = 0; i < flat.length; i += 2) out.set(flat[i]!, JSON.parse(flat[i + 1]!) as StoredResult);
  } while (cursor !== '0');
  return out;
}

export async function loadSources(redis: Redis, shas: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const unique = [...new Set(shas)];
  for (let i = 0; i < unique.length; i += 200) {
    const part = unique.slice(i, i + 200);
    const values = await redis.mget(...part.map(keys.source));
    part.forEach((sha, j) => { if (values[j] != null) out[sha] = values[j]!; });
  }
  return out;
}
