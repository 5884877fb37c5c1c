// The fleet's analysis cache: a script (by SHA-256) is analysed once for every worker, per rules
// version, so a rule update reaches every script again. A short lock makes concurrent misses for
// the same script wait for the first worker's result instead of analysing it again.
import type { Redis } from 'ioredis';
import type { ScriptAnalysis, ScriptInput } from '../analyse/types.js';
import { RUN_TTL_S, keys } from './keys.js';

export interface SharedCacheOptions {
  rulesVersion: string;
  /** Local analysis (the worker's Analyzer). */
  analyse: (input: ScriptInput) => Promise<ScriptAnalysis>;
  /** How long a cached analysis lives (default 30 days). */
  ttlS?: number;
  /** How long others wait for a worker analysing the same script (default 30 s). */
  lockMs?: number;
}

export class SharedAnalysisCache {
  readonly #local = new Map<string, Promise<ScriptAnalysis>>();
  readonly #ttl: number;
  readonly #lockMs: number;

  constructor(private redis: Redis, private opts: SharedCacheOptions) {
    this.#ttl = opts.ttlS ?? 30 * 86_400;
    this.#lockMs = opts.lockMs ?? 30_000;
  }

  analyse = (input: ScriptInput): Promise<ScriptAnalysis> => {
    const running = this.#local.get(input.sha256);
    if (running) return running;
    const p = this.#fetch(input);
    this.#local.set(input.sha256, p);
    // Keep a bounded in-process memo; Redis is the real cache.
    p.catch(() => this.#local.delete(input.sha256));
    if (this.#local.size > 2000) this.#local.delete(this.#local.keys().next().value!);
    return p;
  };

  async #fetch(input: ScriptInput): Promise<ScriptAnalysis> {
    const rv = this.opts.rulesVersion;
    const key = keys.analysis(rv, input.sha256);
    const stats = keys.analysisStats(rv);
    const hit = await this.redis.get(key);
    if (hit) {
      await this.redis.hincrby(stats, 'hits', 1);
      return JSON.parse(hit) as ScriptAnalysis;
    }
    const lock = keys.analysisLock(rv, input.sha256);
    const deadline = Date.now() + this.#lockMs;
    let locked = false;
    while (!(locked = (await this.redis.set(lock, '1', 'PX', this.#lockMs, 'NX')) === 'OK')) {
      // Another worker is analysing it: wait for its result.
      await new Promise((r) => setTimeout(r, 100));
      const v = await this.redis.get(key);
      if (v) {
        await this.redis.hincrby(stats, 'waits', 1);
        return JSON.parse(v) as ScriptAnalysis;
      }
      if (Date.now() > deadline) break;
    }
    try {
      const again = await this.redis.get(key);
      if (again) {
        await this.redis.hincrby(stats, 'hits', 1);
        return JSON.parse(again) as ScriptAnalysis;
      }
      const r = await this.opts.analyse(input);
      const { ms: _ms, ...stored } = r;
      await this.redis.multi()
        .set(key, JSON.stringify(stored), 'EX', this.#ttl)
        .hincrby(keys.analysed(rv), input.sha256, 1)
        .expire(keys.analysed(rv), RUN_TTL_S)
        .hincrby(stats, 'misses', 1)
        .exec();
      return r;
    } finally {
      if (locked) await this.redis.del(lock);
    }
  }
}

/** How many times each script was analysed fleet-wide under a rules version. */
export async function analysedCounts(redis: Redis, rulesVersion: string): Promise<Record<string, number>> {
  const h = await redis.hgetall(keys.analysed(rulesVersion));
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));
}
