// issue 11: distributed scanning on a real Redis. 200 fixture targets, 3 worker processes, one
// killed with SIGKILL mid-run; a worker on a separately launched contained Chromium; the fleet cache.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { SITES_DIR, fixtureResolveRules } from '../helpers/contained.js';
import { containedFlags, runCli } from '../helpers/cli.js';
import { assertValidReport } from '../helpers/schema.js';
import type { ScanReport, TargetResult } from '../../src/report/types.js';
import { RULES_VERSION } from '../../src/analyse/engine/run.js';
import { keys } from '../../src/queue/keys.js';
import {
  killWorker, skipWithoutRedis, spawnWorker, startRedis, startRemoteChromium, stopAll, REDIS_SERVER, type RedisServer, type WorkerProc,
} from './harness.js';

const N = Number(process.env.SKIMSCAN_QUEUE_TARGETS ?? 200);
// Short stall settings so a killed worker's jobs come back within seconds.
const FAST = ['--lock-duration', '4000', '--stalled-interval', '2000', '--polite-delay', '200'];
const JOB = ['--no-probe', '--no-screenshot', '--timeout', '20000', '--quiet-window', '300', '--backoff', '500', '--per-domain', '3'];

const PAGES = {
  plain: (o: (h: string) => string) => `${o('plain.skimscan.test')}/`,
  breach: (o: (h: string) => string) => `${o('pay.dothan.example')}/Click2GovCX/OneTimePayment/CardInfo.html`,
  fixed: (o: (h: string) => string) => `${o('pay-fixed.dothan.example')}/Click2GovCX/OneTimePayment/CardInfo.html`,
};

let redis: RedisServer;
const fleet: WorkerProc[] = [];
let server: FixtureServer;
const dir = mkdtempSync(join(tmpdir(), 'skimscan-queue-'));
/** What a local `scan` says about each page: the verdicts the queue must reproduce. */
let reference: ScanReport;

const base = (url: string) => url.replace(/\?.*$/, '');
const shape = (t: TargetResult) => ({
  url: base(t.url), verdict: t.verdict, error: t.error?.code ?? null,
  findings: t.findings.map((f) => `${f.ruleId} ${f.severity} ${f.script?.url ? base(f.script.url) : f.script?.sha256 ?? ''}`).sort(),
  scripts: t.scripts.map((s) => `${s.kind} ${s.url ? base(s.url) : s.sha256}`).sort(),
});

describe.skipIf(skipWithoutRedis())('queue: enqueue, worker, collect on Redis', () => {
  beforeAll(async () => {
    if (!REDIS_SERVER) throw new Error('CI: redis-server is missing (scripts/install.sh installs it); the Redis tests do not skip under CI');
    redis = await startRedis();
    server = await startFixtureServer({ sitesDir: SITES_DIR });
    const o = (h: string) => server.origin(h);
    const r = await runCli(['scan', PAGES.plain(o), PAGES.breach(o), PAGES.fixed(o), ...containedFlags(server.port),
      '--no-probe', '--timeout', '20000', '--quiet-window', '300', '--json', join(dir, 'local.json'), '--quiet']);
    reference = JSON.parse(readFileSync(join(dir, 'local.json'), 'utf8')) as ScanReport;
    // Without the probe the breached page is judged on its code alone; whatever `scan` says is what the queue must say.
    expect(reference.targets.map((t) => t.verdict), r.stderr).toEqual(['clean', expect.stringMatching(/compromised|suspicious/), expect.any(String)]);
  }, 120_000);

  afterAll(async () => {
    stopAll();
    await server?.close();
  });

  it(`scans ${N} targets with 3 workers, one killed with SIGKILL mid-run: each reported exactly once, verdicts right`, async () => {
    const o = (h: string) => server.origin(h);
    const urls: string[] = [];
    for (let n = 1; urls.length < N; n++) {
      // Mostly the light page, every tenth a replica portal (breached or fixed) with its libraries.
      urls.push(n % 10 === 0 ? `${PAGES.breach(o)}?n=${n}` : n % 10 === 5 ? `${PAGES.fixed(o)}?n=${n}` : `${PAGES.plain(o)}?n=${n}`);
    }
    // Duplicates in the file and a second enqueue of the same run add nothing.
    writeFileSync(join(dir, 'targets.txt'), [...urls, ...urls.slice(0, 10)].join('\n'));
    const enq = await runCli(['enqueue', '--targets', join(dir, 'targets.txt'), '--redis', redis.url, '--run', 'big', ...JOB]);
    expect(enq.code, enq.stderr).toBe(0);
    expect(enq.stdout.trim()).toBe('big');
    expect(enq.stderr).toMatch(new RegExp(`${N} jobs added to run big`));
    const again = await runCli(['enqueue', '--targets', join(dir, 'targets.txt'), '--redis', redis.url, '--run', 'big', ...JOB]);
    expect(again.stderr).toMatch(new RegExp(`0 jobs added to run big \\(${N} targets`));

    const t0 = Date.now();
    const workers: WorkerProc[] = [0, 1, 2].map(() => spawnWorker(['--redis', redis.url, '--concurrency', '2', ...FAST, ...containedFlags(server.port)]));
    fleet.push(...workers);
    const collecting = runCli(['collect', '--run', 'big', '--redis', redis.url, '--json', join(dir, 'big.json'), '--out', join(dir, 'out'),
      '--format', 'json', '--format', 'sarif', '--format', 'junit', '--format', 'md', '--db', join(dir, 'history.db')], { timeoutMs: 420_000 });
    // Kill one worker outright once the run is well under way and it is busy.
    for (;;) {
      const done = await redis.client.hlen(keys.results('big'));
      if (done >= Math.min(40, N / 4) && /started Chromium/.test(workers[0]!.log())) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const victim = workers[0]!;
    await killWorker(victim);
    const col = await collecting;
    const seconds = (Date.now() - t0) / 1000;
    expect(col.code, col.stderr).toBe(1); // compromised pages, --fail-on high
    expect(col.stderr).toMatch(new RegExp(`${N}/${N} targets done`));
    const report = JSON.parse(readFileSync(join(dir, 'big.json'), 'utf8')) as ScanReport;
    assertValidReport(report);
    expect(report.targets.map((t) => t.url)).toEqual(urls);
    expect(new Set(report.targets.map((t) => t.url)).size).toBe(N);
    const expected = new Map(reference.targets.map((t) => [base(t.url), shape(t)]));
    for (const t of report.targets) {
      const want = expected.get(base(t.url))!;
      expect({ url: t.url, verdict: t.verdict, findings: shape(t).findings, error: t.error ?? null })
        .toEqual({ url: t.url, verdict: want.verdict, findings: want.findings, error: null });
    }
    const stored = Object.values(await redis.client.hgetall(keys.results('big'))).map((v) => JSON.parse(v) as { worker: string });
    expect(stored.length).toBe(N);
    // The killed worker did some of the work before it died; the others did the rest.
    expect(stored.some((s) => s.worker.endsWith(`:${victim.proc.pid}`))).toBe(true);
    // Politeness: never more than --per-domain 3 scans of one registrable domain at once.
    const peaks = await redis.client.hgetall(keys.leasePeak);
    expect(Object.keys(peaks).sort()).toEqual(['dothan.example', 'skimscan.test']);
    for (const v of Object.values(peaks)) expect(Number(v)).toBeLessThanOrEqual(3);
    // The fleet cache: every script analysed exactly once across the three workers.
    const analysed = Object.values(await redis.client.hgetall(keys.analysed(RULES_VERSION))).map(Number);
    expect(analysed.length).toBeGreaterThan(5);
    expect(analysed.every((n) => n === 1)).toBe(true);
    // Reports as `scan` writes them, and the history.
    expect(readFileSync(join(dir, 'out', 'skimscan.sarif'), 'utf8')).toContain('"version": "2.1.0"');
    expect(col.stdout).toMatch(/history: run 1 in/);
    // Graceful shutdown of the survivors.
    const codes = await Promise.all(workers.slice(1).map((w) => w.stop()));
    expect(codes).toEqual([0, 0]);
    expect(workers[1]!.log()).toMatch(/SIGTERM: finishing the running jobs/);
    console.log(`queue: ${N} targets, 3 workers (one killed), ${seconds.toFixed(0)} s`);
  }, 480_000);

  it('refuses --resolve/--offline with a remote browser and says how to contain it', async () => {
    const r = await runCli(['worker', '--redis', redis.url, '--browser-ws-endpoint', 'ws://127.0.0.1:9/devtools/browser/x', '--offline', '--resolve', '*.test=127.0.0.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resolve, --offline cannot be applied with --browser-ws-endpoint/);
    expect(r.stderr).toMatch(/--host-resolver-rules/);
  });

  it('a worker on a separately launched, contained Chromium gives the same report as a local scan', async () => {
    const o = (h: string) => server.origin(h);
    await Promise.all(fleet.map((w) => w.stop())); // only the remote worker takes this run's jobs
    const remote = await startRemoteChromium(fixtureResolveRules(server.port));
    const urls = [PAGES.plain(o), PAGES.breach(o), PAGES.fixed(o)];
    const enq = await runCli(['enqueue', ...urls, '--redis', redis.url, '--run', 'remote', ...JOB]);
    expect(enq.code, enq.stderr).toBe(0);
    const w = spawnWorker(['--redis', redis.url, '--browser-ws-endpoint', remote.wsEndpoint, '--ignore-https-errors', ...FAST]);
    const col = await runCli(['collect', '--run', 'remote', '--redis', redis.url, '--json', '-', '--quiet'], { timeoutMs: 120_000 });
    expect(col.code, col.stderr + w.log()).toBe(1);
    const report = JSON.parse(col.stdout) as ScanReport;
    assertValidReport(report);
    expect(report.targets.map(shape)).toEqual(reference.targets.map(shape));
    expect(report.browser).toBe(reference.browser);
    expect(w.log()).toMatch(/connected to Chromium/);
    const stored = Object.values(await redis.client.hgetall(keys.results('remote'))).map((v) => JSON.parse(v) as { worker: string });
    expect(stored.map((s) => s.worker.split(':').pop())).toEqual(urls.map(() => String(w.proc.pid)));
    expect(await w.stop()).toBe(0);
    remote.stop();
  }, 180_000);
});
