// npm run bench:scale: pages per minute for 1, 2 and 4 queue workers on this machine, against the
// loopback fixture server (contained Chromium), and Redis memory per job. Usage:
//   node bench/scale.mjs [--targets N] [--workers 1,2,4] [--concurrency C]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startFixtureServer } from '../dist/src/fixture-server/index.js';

const args = process.argv.slice(2);
const arg = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const TARGETS = Number(arg('--targets', 60));
const WORKERS = arg('--workers', '1,2,4').split(',').map(Number);
const CONCURRENCY = Number(arg('--concurrency', 2));
const BIN = fileURLToPath(new URL('../bin/skimscan', import.meta.url));
const SITES = fileURLToPath(new URL('../test/fixtures/sites/', import.meta.url));
const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
if (!REDIS_SERVER) { console.error('bench:scale needs redis-server (scripts/install.sh installs it)'); process.exit(2); }

const children = new Set();
const chromiums = new Set();
function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const pid of chromiums) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
}
process.on('exit', cleanup);
process.on('SIGINT', () => { cleanup(); process.exit(130); });

const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
const canConnect = (port) => new Promise((res) => { const k = connect(port, '127.0.0.1'); k.once('connect', () => { k.destroy(); res(true); }); k.once('error', () => res(false)); });

function run(argv, { capture = true } = {}) {
  return new Promise((res) => {
    const c = spawn(process.execPath, [BIN, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(c);
    let out = ''; let err = '';
    c.stdout.on('data', (d) => { out += d; });
    c.stderr.on('data', (d) => { err += d; });
    c.on('close', (code) => { children.delete(c); res({ code, out, err }); });
  });
}

function rssOf(pid) {
  // The worker's Node process plus its Chromium process group.
  try {
    const out = require('node:child_process');
  } catch { /* ESM */ }
  return null;
}

const redisPort = await freePort();
const redisDir = mkdtempSync(join(tmpdir(), 'skimscan-bench-redis-'));
const redisProc = spawn(REDIS_SERVER, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], { stdio: 'ignore' });
children.add(redisProc);
while (!(await canConnect(redisPort))) await new Promise((r) => setTimeout(r, 100));
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const redis = new Redis(redisUrl);
const server = await startFixtureServer({ sitesDir: SITES });
const contained = ['--offline', '--ignore-https-errors', '--resolve', `*.test=127.0.0.1:${server.port}`, '--resolve', `*.example=127.0.0.1:${server.port}`];
const pages = [
  `${server.origin('plain.skimscan.test')}/`,
  `${server.origin('pay.dothan.example')}/Click2GovCX/OneTimePayment/CardInfo.html`,
  `${server.origin('pay-fixed.dothan.example')}/Click2GovCX/OneTimePayment/CardInfo.html`,
  `${server.origin('pay.ames.example')}/pay/card.html`,
];
const dir = mkdtempSync(join(tmpdir(), 'skimscan-bench-scale-'));
console.log(`bench:scale: ${TARGETS} targets per run (${pages.length} fixture pages, ?n=…), --no-probe, worker --concurrency ${CONCURRENCY}, ${(await import('node:os')).cpus().length} cores`);

const rows = [];
for (const w of WORKERS) {
  await redis.flushdb();
  const runId = `bench-${w}`;
  const urls = Array.from({ length: TARGETS }, (_, i) => `${pages[i % pages.length]}?n=${i}`);
  writeFileSync(join(dir, 'targets.txt'), urls.join('\n'));
  const mem0 = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
  const enq = await run(['enqueue', '--targets', join(dir, 'targets.txt'), '--redis', redisUrl, '--run', runId, '--no-probe', '--timeout', '20000', '--quiet-window', '300', '--per-domain', '8']);
  if (enq.code !== 0) throw new Error(enq.err);
  const memQueued = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
  const t0 = Date.now();
  const workers = [];
  for (let i = 0; i < w; i++) {
    const c = spawn(process.execPath, [BIN, 'worker', '--redis', redisUrl, '--concurrency', String(CONCURRENCY), ...contained], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(c);
    let log = '';
    c.stderr.on('data', (d) => { log += d; const m = /Chromium pid (\d+)/.exec(log); if (m) chromiums.add(Number(m[1])); });
    workers.push(c);
  }
  let peakRss = 0;
  const sampler = setInterval(async () => {
    const { execFileSync } = await import('node:child_process');
    for (const c of workers) {
      try {
        const pids = [c.pid, ...[...chromiums]];
        const out = execFileSync('ps', ['-o', 'rss=,pgid=,pid=', '-e'], { encoding: 'utf8' });
        let kb = 0;
        for (const line of out.trim().split('\n')) {
          const [rss, pgid, pid] = line.trim().split(/\s+/).map(Number);
          if (pid === c.pid) kb += rss;
        }
        void pids;
        peakRss = Math.max(peakRss, kb);
      } catch { /* gone */ }
    }
  }, 1000);
  const col = await run(['collect', '--run', runId, '--redis', redisUrl, '--json', join(dir, `${runId}.json`), '--quiet']);
  const secs = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const memDone = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
  // Chromium + worker memory: sum RSS of every Chromium group and the worker processes.
  const { execFileSync } = await import('node:child_process');
  const ps = execFileSync('ps', ['-o', 'rss=,pgid=,pid=', '-e'], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const workerPids = new Set(workers.map((c) => c.pid));
  const groupKb = ps.filter(([, pgid, pid]) => chromiums.has(pgid) || workerPids.has(pid)).reduce((s, [rss]) => s + rss, 0);
  for (const c of workers) c.kill('SIGTERM');
  await Promise.all(workers.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r)))));
  for (const pid of chromiums) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  chromiums.clear();
  const report = JSON.parse((await import('node:fs')).readFileSync(join(dir, `${runId}.json`), 'utf8'));
  rows.push({
    workers: w, pages: TARGETS, seconds: +secs.toFixed(1), pagesPerMinute: +(TARGETS / secs * 60).toFixed(1),
    errors: report.summary.error, memPerWorkerMB: Math.round(groupKb / 1024 / w),
    redisQueuedBytesPerJob: Math.round((memQueued - mem0) / TARGETS), redisDoneBytesPerJob: Math.round((memDone - mem0) / TARGETS),
    collectExit: col.code,
  });
  console.log(JSON.stringify(rows.at(-1)));
}
console.table(rows);
redis.disconnect();
await server.close();
cleanup();
rmSync(redisDir, { recursive: true, force: true });
rmSync(dir, { recursive: true, force: true });
