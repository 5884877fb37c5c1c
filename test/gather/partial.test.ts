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
    const a = await scanTarget(env.launched.browser, `${env.server.origin('slow.skimscan.test')}/`, { timeoutMs: 5000, quietMs: 500 });
    const elapsed = Date.now() - started;
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
