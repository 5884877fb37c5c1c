// npm run bench:soak — the replica plus every hostile page, scanned SOAK_ROUNDS times (default 20)
// in one process, contained. Prints targets completed/erred by code, wall time, peak RSS of Node and
// of Chromium, leftover Chromium processes (must be 0), and RSS drift from the first round to the last.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A private TMPDIR makes this run's Chromium profiles findable (and countable) afterwards.
const privateTmp = mkdtempSync(join(tmpdir(), 'skimscan-soak-'));
process.env.TMPDIR = privateTmp;

const { startFixtureServer } = await import('../dist/src/fixture-server/index.js');
const { findSitesDir, loadExpectations } = await import('../dist/src/demo/replica.js');
const { runScan } = await import('../dist/src/scan.js');
const { Analyzer, RULES_VERSION } = await import('../dist/src/analyse/index.js');

const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 20);
const sitesDir = findSitesDir();
const server = await startFixtureServer({ sitesDir });
const hostile = readdirSync(join(sitesDir, 'hostile.skimscan.test')).filter((f) => f.endsWith('.html'))
  .map((f) => `${server.origin('hostile.skimscan.test')}/${f}`)
  .concat(['/redirect-loop', '/drip', '/server-error', '/not-found', '/download.bin'].map((p) => `${server.origin('hostile.skimscan.test')}${p}`));
const replica = loadExpectations(sitesDir).map((s) => `${server.origin(s.host)}${s.scanPath}`);
const targets = [...replica, ...hostile];
const analyzer = new Analyzer();

const chromiumProcesses = () => {
  try { return execFileSync('pgrep', ['-f', '--', privateTmp]).toString().trim().split('\n').filter(Boolean); } catch { return []; }
};
const chromiumRss = () => chromiumProcesses().reduce((sum, pid) => {
  try { return sum + Number(execFileSync('ps', ['-o', 'rss=', '-p', pid]).toString().trim()) * 1024; } catch { return sum; }
}, 0);

const errorByCode = {};
const partialByCode = {};
let completed = 0;
let peakChromium = 0;
const rssAfterRound = [];
const started = performance.now();
for (let round = 1; round <= ROUNDS; round++) {
  const sampler = setInterval(() => { peakChromium = Math.max(peakChromium, chromiumRss()); }, 2000);
  const report = await runScan({
    targets, concurrency: 2,
    launch: { offline: true, ignoreHttpsErrors: true, resolve: [{ hostGlob: '*.example', address: '127.0.0.1', port: server.port }, { hostGlob: '*.test', address: '127.0.0.1', port: server.port }] },
    scan: { timeoutMs: 20_000, quietMs: 500 },
    analyse: (i) => analyzer.analyse(i), rulesVersion: RULES_VERSION, reportOptions: {},
  });
  clearInterval(sampler);
  for (const t of report.targets) {
    if (t.verdict === 'error') errorByCode[t.error.code] = (errorByCode[t.error.code] ?? 0) + 1;
    else {
      completed++;
      if (t.partial) partialByCode[t.error.code] = (partialByCode[t.error.code] ?? 0) + 1;
    }
  }
  global.gc?.();
  rssAfterRound.push(process.memoryUsage().rss);
  console.log(`round ${round}/${ROUNDS}: ${((performance.now() - started) / 1000).toFixed(0)} s, node RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
}
await analyzer.close();
await server.close();
await new Promise((r) => setTimeout(r, 1000));
const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
const first = rssAfterRound[0];
const last = rssAfterRound.at(-1);
console.log(`targets: ${targets.length} x ${ROUNDS} rounds = ${targets.length * ROUNDS}`);
console.log(`completed with a verdict: ${completed} (of which partial, by code: ${JSON.stringify(partialByCode)}); erred by code: ${JSON.stringify(errorByCode)}`);
console.log(`wall time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`peak RSS: node ${mb(process.resourceUsage().maxRSS * 1024)}, chromium ${mb(peakChromium)}`);
console.log(`RSS after round 1: ${mb(first)}, after round ${ROUNDS}: ${mb(last)} (${(((last - first) / first) * 100).toFixed(1)}%, target within 20%)`);
console.log(`leftover chromium processes: ${chromiumProcesses().length} (must be 0)`);
