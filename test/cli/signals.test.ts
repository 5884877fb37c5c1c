import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { SITES_DIR } from '../helpers/contained.js';
import { BIN, containedFlags } from '../helpers/cli.js';
import { assertValidReport } from '../helpers/schema.js';
import type { ScanReport } from '../../src/report/types.js';

let server: FixtureServer;
beforeAll(async () => { server = await startFixtureServer({ sitesDir: SITES_DIR }); });
afterAll(async () => { await server?.close(); });

function chromiumUnder(dir: string): string[] {
  try {
    // execFile, not a shell: a shell's own command line would contain `dir` and match.
    return execFileSync('pgrep', ['-f', '--', dir]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s during a scan', (signal, exitCode) => {
  it('writes the report with finished targets, marks the rest interrupted, and leaves no Chromium behind', async () => {
    // A private TMPDIR puts this run's Chromium profile under a path no other process shares.
    server.clear();
    const tmp = mkdtempSync(join(tmpdir(), `skimscan-${signal.toLowerCase()}-`));
    const out = join(tmp, 'report.json');
    const plain = `${server.origin('plain.skimscan.test')}/`;
    const slow = `${server.origin('slow.skimscan.test')}/`;
    const child = spawn(process.execPath, [BIN, 'scan', plain, slow, `${slow}?2`, `${slow}?3`, ...containedFlags(server.port),
      '--concurrency', '1', '--timeout', '30000', '--no-probe', '--json', out], {
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    await server.waitFor((r) => r.host.startsWith("slow.skimscan.test"), 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const sent = Date.now();
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(code, stderr).toBe(exitCode);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    assertValidReport(report);
    expect(report.targets).toHaveLength(4);
    expect(report.targets[0]!.verdict).toBe('clean');
    expect(report.targets.slice(1).every((t) => t.error?.code === 'interrupted')).toBe(true);
    expect(chromiumUnder(tmp)).toEqual([]);
  }, 120_000);
});
