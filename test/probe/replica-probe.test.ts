// The canary probe end to end on the replica breach sites: contained Chromium, real scanTarget,
// real judgeTarget (static analysis stubbed out, so only the probe can decide).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { scanTarget } from '../../src/gather/scan-target.js';
import { judgeTarget } from '../../src/verdict/index.js';
import type { TargetArtifacts } from '../../src/artifacts/types.js';
import type { TargetResult } from '../../src/report/types.js';
import { PROBE_HOOK_HASHES } from '../../src/gather/probe/hooks.js';
import { SITES_DIR, startContained, type ContainedEnv } from '../helpers/contained.js';

const SITES = (process.env.PROBE_SITES ?? 'dothan,deerfieldbeach,palmbay,milton,coralsprings,bakersfield,pocatello,brokenarrow,ames,cases-iframe,cases-storage,cases-antiheadless,cases-delay30')
  .split(',').map((c) => `pay.${c}.example`);
const FIXED = ['pay-fixed.dothan.example', 'pay-fixed.deerfieldbeach.example', 'pay-fixed.milton.example', 'pay-fixed.ames.example'];

let env: ContainedEnv;
const runs = new Map<string, { a: TargetArtifacts; r: TargetResult; ms: number }>();

beforeAll(async () => {
  env = await startContained();
  const limit = pLimit(3);
  await Promise.all([...SITES, ...FIXED].map((host) => limit(async () => {
    const e = JSON.parse(readFileSync(join(SITES_DIR, host, '_expect.json'), 'utf8')) as { scanPath: string };
    const t0 = Date.now();
    const a = await scanTarget(env.launched.browser, `${env.server.origin(host)}${e.scanPath}`, { timeoutMs: 25_000, quietMs: 1000, screenshot: false });
    const ms = Date.now() - t0;
    const r = await judgeTarget(a, { analyse: async () => ({ findings: [] }) as never, allowedProcessors: ['*.payproc.example', 'payproc.example'] });
    runs.set(host, { a, r, ms });
    if (process.env.PROBE_DEBUG) {
      console.log(host, r.verdict, `${ms} ms`, `probe ${a.probe ? a.probe.finishedAt - a.probe.startedAt : '-'} ms`, JSON.stringify(a.probe?.notes), a.probe?.filled.map((f) => `${f.role}=${f.value}`).join(","), a.probe?.clicked);
      for (const q of a.network ?? []) if (/payments-api|KeepAlive/.test(q.url)) console.log("  REQ", q.method, q.url, q.time, a.probe?.startedAt, (q.postData ?? "").slice(0, 300));
      for (const f of r.findings) console.log('  ', f.ruleId, f.severity, f.message, JSON.stringify({ sender: f.evidence.sender, reader: f.evidence.reader }));
    }
  })));
}, 240_000);
afterAll(async () => { await env?.close(); });

describe('canary probe on the replica', () => {
  for (const host of SITES) {
    it(`${host}`, () => {
      const run = runs.get(host)!;
      const e = JSON.parse(readFileSync(join(SITES_DIR, host, '_expect.json'), 'utf8')) as { verdict: string; exfil: { host: string } };
      expect(run.a.probe?.submitted, JSON.stringify(run.a.probe?.notes)).toBe(true);
      expect(run.r.verdict).toBe(e.verdict);
      const f = run.r.findings.find((x) => x.ruleId.startsWith('canary-'))!;
      expect(f, 'a canary finding').toBeDefined();
      expect(String(f.evidence.host)).toContain(e.exfil.host);
      expect(run.r.canary?.cardNumber).toBe(run.a.probe!.canary.cardNumber);
    });
  }
  for (const host of FIXED) {
    it(`${host} stays clean`, () => {
      const run = runs.get(host)!;
      expect(run.r.findings.filter((x) => x.ruleId.startsWith('canary-'))).toEqual([]);
      expect(run.r.verdict).toBe('clean');
    });
  }
  it('keeps the probe hooks out of the page scripts', () => {
    for (const { a } of runs.values()) for (const s of a.scripts ?? []) expect(PROBE_HOOK_HASHES.has(s.sha256)).toBe(false);
  });
});
