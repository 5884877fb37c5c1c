import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/gather/scan-target.js';
import { judgeTarget } from '../../src/verdict/index.js';
import { startContained, type ContainedEnv } from '../helpers/contained.js';

let env: ContainedEnv;
beforeAll(async () => { env = await startContained(); }, 60_000);
afterAll(async () => { await env?.close(); });

describe('a page that never finishes loading', () => {
  it('ends within its timeout plus a small grace, keeps what it captured, and is judged partial', async () => {
    const started = Date.now();
    const run = new AbortController();
    const a = await scanTarget(env.launched.browser, `${env.server.origin('slow.skimscan.test')}/`, { timeoutMs: 5000, quietMs: 500, signal: run.signal });
    const elapsed = Date.now() - started;
    // the run's signal outlives its targets: a target that timed out leaves no listener on it
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    expect(elapsed).toBeLessThan(5000 + 4000);
    expect(a.fatal?.code).toBe('timeout');
    expect(Object.values(a.sources).some((s) => s.includes('slowPageMarker'))).toBe(true);
    const result = await judgeTarget(a, {
      analyse: async (input) => ({ sha256: input.sha256, rulesVersion: 'test', parseError: null, findings: [], facts: { readsPaymentFields: false, sinks: [] } }),
    });
    expect(result.partial).toBe(true);
    expect(result.verdict).toBe('clean');
    expect(result.error?.code).toBe('timeout');
  });
});

describe('a run of many targets', () => {
  it('adds no listener per target to the run signal (no MaxListenersExceededWarning past ten targets)', async () => {
    const run = new AbortController();
    for (let i = 0; i < 3; i++) {
      const a = await scanTarget(env.launched.browser, `${env.server.origin('plain.skimscan.test')}/?n=${i}`, { timeoutMs: 15000, quietMs: 200, signal: run.signal });
      expect(a.fatal).toBeNull();
      expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    }
  });
});
