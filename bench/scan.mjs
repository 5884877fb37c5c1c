// npm run bench:scan — time to scan the replica with skimscan's full capture against a bare puppeteer
// `goto` + the same quiet window on the same pages in the same run, and peak RSS. Contained: every
// host maps to the loopback fixture server, everything else is unreachable.
import childProcess from 'node:child_process';
import { startFixtureServer } from '../dist/src/fixture-server/index.js';
import { launchBrowser } from '../dist/src/gather/browser.js';
import { scanTarget } from '../dist/src/gather/scan-target.js';
import { findSitesDir, loadExpectations } from '../dist/src/demo/replica.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUIET_MS = 1000;

const sitesDir = findSitesDir();
const sites = loadExpectations(sitesDir);
const server = await startFixtureServer({ sitesDir });
const resolve = [{ hostGlob: '*.example', address: '127.0.0.1', port: server.port }, { hostGlob: '*.test', address: '127.0.0.1', port: server.port }];
const launched = await launchBrowser({ resolve, offline: true, ignoreHttpsErrors: true });
const urls = sites.map((s) => `${server.origin(s.host)}${s.scanPath}`);

async function bareLoad(url) {
  const context = await launched.browser.createBrowserContext();
  const page = await context.newPage();
  let last = Date.now();
  page.on('request', () => { last = Date.now(); });
  page.on('requestfinished', () => { last = Date.now(); });
  page.on('requestfailed', () => { last = Date.now(); });
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  while (Date.now() - last < QUIET_MS) await new Promise((r) => setTimeout(r, 50));
  await context.close();
}

const probeRuns = new Map();
async function skimscanLoad(url, probe) {
  const a = await scanTarget(launched.browser, url, { timeoutMs: 30_000, quietMs: QUIET_MS, screenshot: true, probe });
  if (probe && a.probe) {
    const runs = probeRuns.get(url) ?? [];
    runs.push({ steps: a.probe.clicked.filter((c) => c.startsWith('auto:') || !c.includes('"')).length, timing: a.probe.notes.find((n) => n.startsWith('timing:')) ?? '' });
    probeRuns.set(url, runs);
  }
  return a.scripts?.length ?? 0;
}

const chromiumRss = () => {
  // Sum of RSS over Chromium's processes, from /proc (Linux only).
  try {
    const { execSync } = childProcess;
    return execSync(`ps -o rss= --ppid ${launched.browser.process().pid}`).toString().split('\n').reduce((a, b) => a + (Number(b) || 0), 0) * 1024;
  } catch { return null; }
};

const times = { bare: [], skimscan: [], probe: [] };
let peakChromium = 0;
await bareLoad(urls[0]); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const url of urls) {
    let t = performance.now();
    await bareLoad(url);
    times.bare.push(performance.now() - t);
    t = performance.now();
    await skimscanLoad(url, false);
    times.skimscan.push(performance.now() - t);
    t = performance.now();
    await skimscanLoad(url, true);
    times.probe.push(performance.now() - t);
    const rss = chromiumRss();
    if (rss) peakChromium = Math.max(peakChromium, rss);
  }
}
await launched.close();
await server.close();

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const bare = sum(times.bare);
const full = sum(times.skimscan);
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(`pages: ${urls.length} replica sites x ${ROUNDS} rounds, quiet window ${QUIET_MS} ms`);
console.log(`bare puppeteer goto+quiet:   ${(bare / times.bare.length).toFixed(0)} ms/page (total ${(bare / 1000).toFixed(1)} s)`);
const probed = sum(times.probe);
console.log(`skimscan capture (no probe): ${(full / times.skimscan.length).toFixed(0)} ms/page (total ${(full / 1000).toFixed(1)} s)`);
console.log(`capture ratio: ${(full / bare).toFixed(2)}x the bare load (target <= 1.5x)`);
console.log(`skimscan with the probe:     ${(probed / times.probe.length).toFixed(0)} ms/page`);
const added = times.probe.map((p, i) => p - times.skimscan[i]);
console.log(`probe's added time: mean ${(sum(added) / added.length / 1000).toFixed(2)} s, max ${(Math.max(...added) / 1000).toFixed(2)} s per target (target <= 5 s for a single-step form)`);
console.log('');
console.log('| site | probe added (s, per round) | steps before the form | last probe timing |');
console.log('|---|---|---|---|');
urls.forEach((url, i) => {
  const mine = added.filter((_, k) => k % urls.length === i);
  const runs = probeRuns.get(url) ?? [];
  console.log(`| ${new URL(url).hostname} | ${mine.map((x) => (x / 1000).toFixed(2)).join(', ')} | ${runs.at(-1)?.steps ?? '-'} | ${runs.at(-1)?.timing.replace('timing: ', '') ?? ''} |`);
});
console.log(`peak RSS node: ${mb(process.resourceUsage().maxRSS * 1024)}${peakChromium ? `, chromium (children sum): ${mb(peakChromium)}` : ''}`);
