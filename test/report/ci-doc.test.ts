// docs/ci.md is tested: every YAML block parses, and every step that runs skimscan (plus the
// summary steps after it) runs against the nine-city replica on loopback, contained. A `skimscan`
// shim on PATH stands for the globally installed CLI and adds the containment flags (and
// --no-probe, to keep the suite fast; the probe has its own tests).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { SITES_DIR } from '../helpers/contained.js';
import { BIN, containedFlags } from '../helpers/cli.js';
import { assertValidHar, assertValidJunit, assertValidSarif, HAVE_XMLLINT } from './validate.js';
import { assertValidReport } from '../helpers/schema.js';

const DOC = readFileSync(fileURLToPath(new URL('../../docs/ci.md', import.meta.url)), 'utf8');
const blocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

interface Step { name: string; run: string }
/** The shell steps of a GitHub workflow or a GitLab job that involve skimscan or its outputs. */
function steps(doc: any): Step[] {
  const out: Step[] = [];
  if (doc?.jobs) {
    for (const job of Object.values<any>(doc.jobs)) {
      for (const s of job.steps ?? []) if (typeof s.run === 'string') out.push({ name: s.name ?? s.run, run: s.run });
    }
  } else {
    for (const job of Object.values<any>(doc ?? {})) {
      if (Array.isArray(job?.script)) out.push({ name: 'script', run: job.script.join('\n') });
    }
  }
  return out.filter((s) => /skimscan (scan|judge)|skimscan-report/.test(s.run));
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

let server: FixtureServer;
let shimDir: string;
const skimmed = () => `${server.origin('pay.dothan.example')}/Click2GovCX/OneTimePayment/CardInfo.html`;
const fixed = () => `${server.origin('pay-fixed.dothan.example')}/Click2GovCX/OneTimePayment/CardInfo.html`;

beforeAll(async () => {
  server = await startFixtureServer({ sitesDir: SITES_DIR });
  shimDir = mkdtempSync(join(tmpdir(), 'skimscan-shim-'));
  const flags = [...containedFlags(server.port), '--timeout', '15000', '--no-probe'].map((f) => `'${f}'`).join(' ');
  writeFileSync(join(shimDir, 'skimscan'), `#!/usr/bin/env bash\nif [ "$1" = scan ]; then exec "${process.execPath}" "${BIN}" "$@" ${flags}; fi\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shimDir, 'skimscan'), 0o755);
}, 60_000);
afterAll(async () => { await server?.close(); });

describe.concurrent('docs/ci.md', () => {
  it('has the three workflows and every YAML block parses', () => {
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      const docs = parseAllDocuments(b);
      for (const d of docs) expect(d.errors).toEqual([]);
    }
    const [deploy, gitlab, weekly] = blocks.map((b) => parseAllDocuments(b)[0]!.toJSON());
    expect(deploy.on).toHaveProperty('deployment_status');
    expect(JSON.stringify(deploy)).toContain('github/codeql-action/upload-sarif');
    expect(gitlab.skimscan.artifacts.reports.junit).toBe('skimscan-report/junit.xml');
    expect(weekly.on.schedule[0].cron).toBe('17 6 * * 1');
    for (const d of [deploy, gitlab, weekly]) expect(steps(d).length).toBeGreaterThan(0);
  });

  const cases = [
    { name: 'GitHub Actions deploy gate', index: 0, failOn: ['critical', 'high'] },
    { name: 'GitLab CI job', index: 1, failOn: ['critical', 'high'] },
    { name: 'weekly PCI DSS 11.6.1 scan', index: 2, failOn: ['critical', 'high', 'medium'] },
  ];
  for (const c of cases) {
    it(`runs the ${c.name} against the replica`, async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'skimscan-ci-'));
      writeFileSync(join(cwd, 'payment-pages.txt'), `# payment pages\n${skimmed()}\n${fixed()}\n`);
      const summary = join(cwd, 'step-summary.md');
      const env = { ...process.env, PATH: `${shimDir}:${process.env.PATH}`, STAGING_URL: skimmed(), GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1' };
      const doc = parseAllDocuments(blocks[c.index]!)[0]!.toJSON();
      const codes: number[] = [];
      for (const s of steps(doc)) {
        const r = await bash(s.run, cwd, env);
        codes.push(r.code ?? -1);
        if (/skimscan scan/.test(s.run)) expect(r.out).toMatch(/target\(s\): /);
      }
      const out = join(cwd, 'skimscan-report');
      const report = JSON.parse(readFileSync(join(out, 'skimscan.json'), 'utf8'));
      assertValidReport(report);
      // The scan step is the gate: it fails exactly when a finding reaches the workflow's --fail-on.
      const gate = report.targets.some((t: any) => t.findings.some((f: any) => c.failOn.includes(f.severity)));
      expect(gate).toBe(true); // the skimmed replica page does reach it
      expect(codes[0]).toBe(1);
      expect(codes.slice(1).every((x) => x === 0)).toBe(true);
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('skimscan report');
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/^## skimscan/);
      if (HAVE_XMLLINT) assertValidJunit(readFileSync(join(out, 'junit.xml'), 'utf8'));
      if (existsSync(join(out, 'skimscan.sarif'))) assertValidSarif(readFileSync(join(out, 'skimscan.sarif'), 'utf8'));
      if (existsSync(join(out, 'har'))) for (const f of readdirSync(join(out, 'har'))) assertValidHar(readFileSync(join(out, 'har', f), 'utf8'));
      if (c.index !== 1) expect(readFileSync(summary, 'utf8')).toMatch(/^## skimscan/);
      if (c.index === 2) {
        expect(report.targets).toHaveLength(2);
        expect(readdirSync(join(out, 'har'))).toEqual(['1-pay.dothan.example.har', '2-pay-fixed.dothan.example.har']);
        expect(existsSync(join(cwd, 'skimscan-artifacts', 'artifacts.json'))).toBe(true);
      }
    }, 90_000);
  }
});
