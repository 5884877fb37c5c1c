import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptAnalysis, ScriptInput } from '../analyse/types.js';
import { REDIS_SERVER, skipWithoutRedis, startRedis, stopAll, type RedisServer } from '../../test/queue/harness.js';
import { DomainLeases, registrableDomain } from './lease.js';
import { SharedAnalysisCache, analysedCounts } from './shared-cache.js';
import { newRunId } from './runs.js';

describe('registrableDomain / run ids', () => {
  it('groups hosts by eTLD+1', () => {
    expect(registrableDomain('https://pay.shop.co.uk/x')).toBe('shop.co.uk');
    expect(registrableDomain('https://a.b.skimscan.test:8443/')).toBe('skimscan.test');
    expect(registrableDomain('http://127.0.0.1:9/')).toBe('127.0.0.1');
  });
  it('refuses run names that could not be a key part', () => {
    expect(() => newRunId('a b')).toThrow(/--run/);
    expect(newRunId(undefined)).toMatch(/^run-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
  });
});

describe.skipIf(skipWithoutRedis())('leases and the fleet cache on a real Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    if (!REDIS_SERVER) throw new Error('CI: redis-server is missing; the Redis tests do not skip under CI');
    redis = await startRedis();
  });
  afterAll(() => stopAll());

  it('holds at most N leases per domain, frees them on release or expiry', async () => {
    const l = new DomainLeases(redis.client);
    expect(await l.acquire('d.example', 'j1', 2, 60_000)).toBe(true);
    expect(await l.acquire('d.example', 'j2', 2, 300)).toBe(true);
    expect(await l.acquire('d.example', 'j3', 2, 60_000)).toBe(false);
    expect(await l.acquire('d.example', 'j1', 2, 60_000)).toBe(true); // the holder again: a recovered job
    await l.release('d.example', 'j1');
    expect(await l.acquire('d.example', 'j3', 2, 60_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 350)); // j2 expired (its worker died)
    expect(await l.acquire('d.example', 'j4', 2, 60_000)).toBe(true);
    expect(await l.held('d.example')).toBe(2);
    expect((await l.peaks())['d.example']).toBe(2);
  });

  it('analyses a script once across workers, and again under new rules', async () => {
    let runs = 0;
    const analyse = async (input: ScriptInput): Promise<ScriptAnalysis> => {
      runs++;
      await new Promise((r) => setTimeout(r, 200));
      return { sha256: input.sha256, findings: [], destinations: [] } as unknown as ScriptAnalysis;
    };
    const input = { sha256: 'f'.repeat(64), source: 'x()', url: null } as unknown as ScriptInput;
    const workers = [1, 2, 3].map(() => new SharedAnalysisCache(redis.client, { rulesVersion: 'r1', analyse }));
    await Promise.all(workers.map((w) => w.analyse(input)));
    await new SharedAnalysisCache(redis.client, { rulesVersion: 'r1', analyse }).analyse(input);
    expect(runs).toBe(1);
    expect(await analysedCounts(redis.client, 'r1')).toEqual({ ['f'.repeat(64)]: 1 });
    await new SharedAnalysisCache(redis.client, { rulesVersion: 'r2', analyse }).analyse(input);
    expect(runs).toBe(2);
  });
});
