import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { SITES_DIR } from '../helpers/contained.js';
import { containedFlags, runCli, type CliRun } from '../helpers/cli.js';
import { assertValidReport } from '../helpers/schema.js';
import type { ScanReport } from '../../src/report/types.js';

let server: FixtureServer;
let mixed: CliRun;
let report: ScanReport;
const dir = mkdtempSync(join(tmpdir(), 'skimscan-scan-'));

beforeAll(async () => {
  server = await startFixtureServer({ sitesDir: SITES_DIR });
  mixed = await runCli(['scan', `${server.origin('plain.skimscan.test')}/`, 'https://nowhere.unmapped.invalid/',
    ...containedFlags(server.port), '--timeout', '15000', '--json', '-', '--save-artifacts', join(dir, 'artifacts')]);
  report = JSON.parse(mixed.stdout) as ScanReport;
}, 120_000);
afterAll(async () => { await server?.close(); });

describe('skimscan scan', () => {
  it('writes a schema-valid report with a complete good target and a typed error for the unreachable one', () => {
    assertValidReport(report);
    const [good, bad] = report.targets;
    expect(good!.verdict).toBe('clean');
    expect(good!.partial).toBe(false);
    expect(good!.scripts.some((s) => s.url?.endsWith('/js/jquery.min.js') && s.kind === 'external')).toBe(true);
    expect(good!.scripts.some((s) => s.kind === 'inline' && s.url === null)).toBe(true);
    expect(good!.requests.some((r) => r.type === 'document' && r.status === 200)).toBe(true);
    expect(bad!.verdict).toBe('error');
    expect(['dns', 'refused']).toContain(bad!.error?.code);
    expect(report.summary).toEqual({ targets: 2, compromised: 0, suspicious: 0, clean: 1, error: 1 });
    expect(report.options.ignoreHttpsErrors).toBe(true);
    expect(report.browser).toMatch(/^Chromium \d+/);
  });

  it('exits 2 when a target ended in error and nothing reached --fail-on, with JSON alone on stdout', () => {
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/CLEAN .*plain\.skimscan\.test/);
    expect(mixed.stderr).toMatch(/ERROR .*nowhere\.unmapped\.invalid/);
  });

  it('keeps the browser contained: no request for a host that was not mapped reached anything', () => {
    expect(server.requests.some((r) => r.host.includes('unmapped'))).toBe(false);
    const logo = report.targets[0]!.requests.find((r) => r.url.includes('static.cdn.unmapped.invalid'));
    expect(logo?.failure).toMatch(/ERR_NAME_NOT_RESOLVED/);
    expect(logo?.status).toBeNull();
  });

  it('exits 0 on a clean page', async () => {
    const r = await runCli(['scan', `${server.origin('plain.skimscan.test')}/`, ...containedFlags(server.port), '--timeout', '15000',
      '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'out', 'skimscan.json'), 'utf8'));
    assertValidReport(written);
  });

  it('re-judges saved artifacts into the same report', async () => {
    const r = await runCli(['judge', join(dir, 'artifacts'), '--json', '-']);
    const rejudged = JSON.parse(r.stdout) as ScanReport;
    assertValidReport(rejudged);
    expect(rejudged).toEqual(report);
    expect(r.code).toBe(2);
  });
});
