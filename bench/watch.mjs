// npm run bench:watch — 100 scheduled runs of the replica in one `watch` process (croner firing every
// second; a run still going makes the next tick a logged skip), with the SQLite history and alert
// evaluation on. Prints the history's size, Node's RSS over time and Chromium processes left behind
// (must be 0). Contained: fixture hosts map to the loopback fixture server, everything else is
// unreachable. BENCH_RUNS (100) and BENCH_TARGETS (2 replica pages per run: a breached one and its remediated twin) change the size.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '../dist/src/fixture-server/index.js';
import { findSitesDir, loadExpectations } from '../dist/src/demo/replica.js';
import { validateConfig } from '../dist/src/cli/config.js';
import { HistoryDb } from '../dist/src/history/db.js';
import { Dispatcher } from '../dist/src/alerts/dispatcher.js';
import { buildChannels } from '../dist/src/alerts/channels.js';
import { groupsOf } from '../dist/src/watch/groups.js';
import { Watcher } from '../dist/src/watch/watcher.js';
import { Analyzer, RULES_VERSION } from '../dist/src/analyse/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 2);

const sitesDir = findSitesDir();
const sites = loadExpectations(sitesDir);
const server = await startFixtureServer({ sitesDir });
// A mix: breached and remediated pages, so findings, alerts and resolved notices all happen.
const PREFERRED = ['pay.dothan.example', 'pay-fixed.dothan.example', 'pay.milton.example', 'pay-fixed.milton.example', 'pay.ames.example', 'pay-fixed.ames.example'];
const picked = [...PREFERRED.map((h) => sites.find((s) => s.host === h)).filter(Boolean), ...sites.filter((s) => !PREFERRED.includes(s.host) && !/delay30/.test(s.host))].slice(0, TARGETS);
const targets = picked.map((s) => `https://${s.host}${s.scanPath}`);
const dir = mkdtempSync(join(tmpdir(), 'skimscan-bench-watch-'));
const dbFile = join(dir, 'history.db');

const config = validateConfig({
  scan: { offline: true, ignoreHttpsErrors: true, resolve: [`*.example=127.0.0.1:${server.port}`, `*.test=127.0.0.1:${server.port}`], timeout: 30000, quietMs: 500, concurrency: 2 },
  schedules: [{ name: 'replica', cron: '* * * * * *', targets }],
  alerts: { threshold: 'high', channels: [{ type: 'command', name: 'sink', command: ['sh', '-c', 'cat > /dev/null'] }] },
}, 'bench');

const db = HistoryDb.open(dbFile);
const analyzer = new Analyzer();
const log = { info() {}, warn() {}, debug() {} };
const channels = buildChannels(config.alerts.channels);
const dispatcher = new Dispatcher(db, channels, { retries: 1, backoffMs: 100, maxBackoffMs: 100 }, log);
const controller = new AbortController();
const watcher = new Watcher({
  ctx: { db, config, analyse: (i) => analyzer.analyse(i), rulesVersion: RULES_VERSION, log, channels: channels.map((c) => c.name), threshold: 'high', onAlertQueued: () => dispatcher.kick() },
  groups: groupsOf(config), dispatcher, signal: controller.signal,
});

const mb = (b) => (b / 1048576).toFixed(1);
const samples = [];
const t0 = Date.now();
console.log(`bench:watch: ${RUNS} scheduled runs of ${targets.length} replica pages (${picked.map((s) => s.host).join(', ')}), schedule every second`);
const done = watcher.run();
let lastReported = 0;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const n = watcher.outcomes.length;
    if (n >= lastReported + 10 || n >= RUNS) {
      lastReported = n - (n % 10);
      const rss = process.memoryUsage().rss;
      samples.push({ runs: n, rss });
      console.log(`  runs ${String(n).padStart(4)}  ${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s  RSS ${mb(rss)} MB  db ${mb(dbSize())} MB`);
    }
    if (n >= RUNS) {
      clearInterval(timer);
      resolve();
    }
  }, 250);
});
controller.abort();
await done;
await dispatcher.drain(5000);
await dispatcher.stop();
await analyzer.close();

function dbSize() {
  return ['', '-wal', '-shm'].reduce((s, ext) => s + (existsSync(dbFile + ext) ? statSync(dbFile + ext).size : 0), 0);
}

function leftoverBrowsers() {
  // Processes under this one (Chromium would be a child, with its own process group).
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/));
  const mine = new Set([String(process.pid)]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) if (mine.has(ppid) && !mine.has(pid)) { mine.add(pid); grew = true; }
  }
  return rows.filter(([pid, , comm]) => pid !== String(process.pid) && mine.has(pid) && /chrom|headless/i.test(comm ?? '')).length;
}

// The run going when the bench stopped is interrupted on purpose: judge the first RUNS.
const outcomes = watcher.outcomes.slice(0, RUNS);
const complete = outcomes.filter((o) => o.status === 'complete').length;
const kinds = {};
for (const row of db.db.prepare('SELECT payload_json FROM alert_events').pluck().all()) {
  const p = JSON.parse(row);
  for (const a of p.alerts) kinds[`+${a.kind}`] = (kinds[`+${a.kind}`] ?? 0) + 1;
  for (const a of p.resolved) kinds[`-${a.kind}`] = (kinds[`-${a.kind}`] ?? 0) + 1;
}
const verdicts = db.db.prepare('SELECT url, verdict, COUNT(*) AS n FROM targets GROUP BY url, verdict ORDER BY url, verdict').all();
const counts = db.db.prepare(`SELECT (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM targets) AS targets, (SELECT COUNT(*) FROM sources) AS sources,
  (SELECT COUNT(*) FROM alert_events) AS events, (SELECT COUNT(*) FROM alerts WHERE state = 'open') AS openAlerts`).get();
db.db.pragma('wal_checkpoint(TRUNCATE)');
const size = dbSize();
db.close();
await server.close();
const durations = outcomes.map((o) => o.durationMs).sort((a, b) => a - b);
const leftover = leftoverBrowsers();
console.log('');
console.log(`runs: ${outcomes.length} (${complete} complete; ${watcher.outcomes.length - outcomes.length} more interrupted by the stop), skipped ticks: ${watcher.skipped.length}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`run time: median ${(durations[Math.floor(durations.length / 2)] / 1000).toFixed(1)} s, max ${(durations[durations.length - 1] / 1000).toFixed(1)} s`);
console.log(`history: ${mb(size)} MB after checkpoint (${counts.runs} runs, ${counts.targets} target records, ${counts.sources} kept sources, ${counts.events} alert events, ${counts.openAlerts} open alerts)`);
console.log(`alerts opened (+) and resolved (-) by kind: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
console.log(`verdicts: ${verdicts.map((v) => `${new URL(v.url).host} ${v.verdict} x${v.n}`).join(', ')}`);
console.log(`RSS over time (MB): ${samples.map((s) => `${s.runs}:${mb(s.rss)}`).join('  ')}`);
const first = samples.find((s) => s.runs >= 10) ?? samples[0];
const last = samples[samples.length - 1];
if (first && last) console.log(`RSS growth from run ${first.runs} to run ${last.runs}: ${mb(last.rss - first.rss)} MB`);
console.log(`leftover browser processes: ${leftover}`);
rmSync(dir, { recursive: true, force: true });
process.exitCode = leftover === 0 && complete === outcomes.length ? 0 : 1;
