// Proof for baselines, policy and PCI DSS 4.0 6.4.3 / 11.6.1 against the replica, through the CLI:
// baseline a clean checkout (per-request nonce, CSRF token and ?v= cache buster), re-scan it
// unchanged (no drift), then serve an altered copy (one line appended to a first-party script, a
// new third-party script, a new beacon destination, a changed CSP) and check each finding.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import type { Finding, ScanReport } from '../../src/report/types.js';
import type { Baseline } from '../../src/baseline/types.js';
import { SITES_DIR } from '../helpers/contained.js';
import { containedFlags, runCli, type CliRun } from '../helpers/cli.js';
import { assertValidReport } from '../helpers/schema.js';

const SHOP = 'shop.baseline.test';
const work = mkdtempSync(join(tmpdir(), 'skimscan-baseline-e2e-'));
const sites = join(work, 'sites');
const bdir = join(work, 'baseline');
let server: FixtureServer;
let flags: string[];
let page: string;
let unchanged: CliRun;
let altered: CliRun;
let report: ScanReport;
let inventory: CliRun;
let csp: CliRun;
let update: CliRun;
/** Whether the canary probe made the appended skimmer line fire (its beacon host is then a new destination too). */
let skimmerFired = false;
const updated = join(work, 'baseline-updated');

const J = 'support chat approved by the merchant (ticket SEC-42)';
function config(name: string, body: unknown): string {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(body, null, 2));
  return file;
}
const policy = (withChat: boolean) => ({
  policy: {
    scripts: [
      { host: 'cdn.baseline-vendor.test', justification: 'money.js formats prices; pinned version with SRI' },
      ...(withChat ? [{ host: 'widgets.baseline-chat.test', justification: J }] : []),
    ],
    destinations: [{ host: 'collect.baseline-telemetry.test', justification: 'chat vendor page-view events, no card data' }],
  },
});

const judge = async (...args: string[]) => {
  const r = await runCli(['judge', join(work, 'artifacts'), '--json', '-', ...args]);
  const rep = JSON.parse(r.stdout) as ScanReport;
  assertValidReport(rep);
  return rep.targets[0]!;
};
const ids = (fs: Finding[], prefix = /^(baseline-|sri-|policy-)/) => fs.filter((f) => prefix.test(f.ruleId)).map((f) => `${f.ruleId} ${f.severity}`).sort();

beforeAll(async () => {
  for (const host of [SHOP, 'cdn.baseline-vendor.test', 'widgets.baseline-chat.test']) cpSync(join(SITES_DIR, host), join(sites, host), { recursive: true });
  server = await startFixtureServer({ sitesDir: sites });
  flags = [...containedFlags(server.port), '--resolve', `*.test=127.0.0.1:${server.port}`, '--quiet-window', '500', '--timeout', '20000'];
  page = `${server.origin(SHOP)}/checkout.html`;
  const recorded = await runCli(['baseline', page, '--out', bdir, ...flags]);
  expect(recorded.stderr.replace(/.*running as root.*\n/, '')).toBe('');
  expect(recorded.code).toBe(0);
  unchanged = await runCli(['scan', page, '--baseline', bdir, '--json', '-', ...flags]);
  // Serve the altered copy under the same host.
  cpSync(join(SITES_DIR, 'shop-altered.baseline.test'), join(sites, SHOP), { recursive: true });
  const cfg = config('policy.json', policy(true));
  cpSync(bdir, updated, { recursive: true });
  [altered, inventory, csp, update] = await Promise.all([
    runCli(['scan', page, '--baseline', bdir, '--json', '-', '--save-artifacts', join(work, 'artifacts'), ...flags]),
    runCli(['inventory', page, '--baseline', bdir, '--config', cfg, '--format', 'json', ...flags]),
    runCli(['csp', page, '--json', '-', ...flags]),
    runCli(['baseline', '--update', updated, ...flags]),
  ]);
  report = JSON.parse(altered.stdout) as ScanReport;
  skimmerFired = report.targets[0]!.requests.some((r) => r.url.startsWith('https://static.baseline-cdn-analytics.test/'));
}, 120_000);
afterAll(async () => { await server?.close(); });

describe('baseline', () => {
  it('records scripts, destinations and security headers with normalised per-request values, sources content-addressed', () => {
    const b = JSON.parse(readFileSync(join(bdir, 'baseline.json'), 'utf8')) as Baseline;
    const p = b.pages[0]!;
    expect(p.paymentPage).toBe(true);
    expect([...new Set(p.scripts.map((s) => `${s.kind} ${s.url ?? s.frame} ${s.thirdParty ? 'third' : 'first'}`))].sort()).toEqual([
      `external ${server.origin(SHOP)}/assets/js/checkout.js first`,
      'external https://cdn.baseline-vendor.test/money/1.4.2/money.min.js third',
      `inline ${server.origin(SHOP)}/checkout.html first`,
    ].sort());
    expect(p.scripts.find((s) => s.thirdParty)!.integrity).toMatch(/^sha384-/);
    expect(p.destinations.map((d) => d.site)).toEqual(['baseline-vendor.test', 'baseline.test']);
    expect(p.securityHeaders['content-security-policy']).toBe("script-src 'self' 'nonce-<normalised>' https://cdn.baseline-vendor.test; object-src 'none'; base-uri 'self'");
    for (const s of p.scripts) {
      expect(s.firstSeen).toBe(p.recordedAt);
      expect(s.lastChanged).toBe(p.recordedAt);
      expect(readFileSync(join(bdir, 'sources', `${s.sha256}.js`), 'utf8').length).toBe(s.size);
    }
  });

  it('an unchanged re-scan (fresh nonce, CSRF token and ?v= value) gives no drift finding', () => {
    const rep = JSON.parse(unchanged.stdout) as ScanReport;
    assertValidReport(rep);
    const t = rep.targets[0]!;
    expect(t.scripts.find((s) => s.url?.includes('checkout.js'))!.url).toMatch(/\?v=[\w-]{22}$/);
    expect(ids(t.findings)).toEqual([]);
    expect(t.verdict).toBe('clean');
    expect(unchanged.code).toBe(0);
  });

  it('the altered copy: each finding with its severity', () => {
    assertValidReport(report);
    const t = report.targets[0]!;
    expect(ids(t.findings)).toEqual([
      'baseline-changed-headers medium',
      'baseline-changed-script high',
      'baseline-new-destination high',
      'baseline-new-destination high',
      ...(skimmerFired ? ['baseline-new-destination high'] : []),
      'baseline-new-script medium',
      'sri-missing low',
    ]);
    const dest = t.findings.filter((f) => f.ruleId === 'baseline-new-destination').map((f) => f.evidence.site).sort();
    expect(dest).toEqual([...(skimmerFired ? ['baseline-cdn-analytics.test'] : []), 'baseline-chat.test', 'baseline-telemetry.test']);
    const telemetry = t.findings.find((f) => f.evidence.site === 'baseline-telemetry.test')!;
    expect(telemetry.evidence.types).toEqual(['beacon']);
    expect(t.findings.find((f) => f.ruleId === 'baseline-new-script')!.script!.url).toBe('https://widgets.baseline-chat.test/v2/chat.js');
    const headers = t.findings.find((f) => f.ruleId === 'baseline-changed-headers')!;
    expect(headers.evidence.changes).toEqual([{
      header: 'content-security-policy',
      baseline: "script-src 'self' 'nonce-<normalised>' https://cdn.baseline-vendor.test; object-src 'none'; base-uri 'self'",
      current: "script-src 'self' 'nonce-<normalised>' https://cdn.baseline-vendor.test https://widgets.baseline-chat.test; object-src 'none'; base-uri 'self'",
    }]);
    expect(t.verdict).toBe('compromised'); // the appended line is a skimmer: static rules see it too
    expect(altered.code).toBe(1);
  });

  it('the changed first-party script carries a unified diff of the one appended line', () => {
    const f = report.targets[0]!.findings.find((x) => x.ruleId === 'baseline-changed-script')!;
    expect(f.script!.url).toMatch(/\/assets\/js\/checkout\.js\?v=/);
    expect(f.evidence.introducedHighFindings).toEqual(expect.arrayContaining(['encoding-before-send']));
    const diff = f.evidence.diff as string;
    const host = `${SHOP}:${server.port}`;
    expect(diff.split('\n').slice(0, 3)).toEqual([
      `--- baseline/${host}/assets/js/checkout.js`, `+++ current/${host}/assets/js/checkout.js`, '@@ -31,3 +31,4 @@',
    ]);
    const added = diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    expect(added).toEqual([expect.stringMatching(/^\+document\.getElementById\('payment-form'\)\.addEventListener\('submit'.*sendBeacon\('https:\/\/static\.baseline-cdn-analytics\.test\/c\.gif',d\)\}\);$/)]);
    expect(diff).toContain('   });\n })();\n+document');
    expect(f.evidence).toMatchObject({ linesAdded: 1, linesRemoved: 0, diffBeautified: false });
  });

  it('a policy entry for the new host silences its findings (they move to suppressed with the justification); suppress rules too', async () => {
    const [without, withChat] = await Promise.all([
      judge('--baseline', bdir, '--config', config('nochat.json', policy(false))),
      judge('--baseline', bdir, '--config', config('chat.json', {
        ...policy(true),
        suppress: [{ url: `https://${SHOP}:*/checkout.html`, ruleId: 'sri-missing', reason: 'vendor ships rolling releases (contract clause 7)' }],
      })),
    ]);
    // The skimmer's beacon (when the probe made it fire) carries the canary card: high on a payment page.
    expect(ids(without.findings, /^policy-/)).toEqual([
      ...(skimmerFired ? ['policy-destination-not-allowed high'] : []), 'policy-destination-not-allowed medium', 'policy-script-not-allowed medium',
    ]);
    const miss = without.findings.find((f) => f.ruleId === 'policy-script-not-allowed')!;
    expect(miss.message).toContain('no entry of policy.scripts matches its host widgets.baseline-chat.test, URL https://widgets.baseline-chat.test/v2/chat.js');
    expect(without.findings.find((f) => f.ruleId === 'policy-destination-not-allowed' && f.severity === 'medium')!.evidence.host).toBe('widgets.baseline-chat.test');

    expect(ids(withChat.findings)).toEqual([
      'baseline-changed-headers medium', 'baseline-changed-script high',
      ...(skimmerFired ? ['baseline-new-destination high', 'policy-destination-not-allowed high'] : []),
    ]);
    expect(withChat.findings.some((f) => JSON.stringify(f).includes('widgets.baseline-chat.test') && /^(baseline-new|policy)-/.test(f.ruleId))).toBe(false);
    expect(withChat.suppressed.map((f) => `${f.ruleId} ${f.reason}`).sort()).toEqual([
      'baseline-new-destination allowed by policy.destinations[0] (host collect.baseline-telemetry.test): chat vendor page-view events, no card data',
      `baseline-new-destination allowed by policy.scripts[1] (host widgets.baseline-chat.test): ${J}`,
      `baseline-new-script allowed by policy.scripts[1] (host widgets.baseline-chat.test): ${J}`,
      'sri-missing suppress[0]: vendor ships rolling releases (contract clause 7)',
    ]);
  });

  it('baseline --update accepts the current state: the same artifacts then show no drift', async () => {
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/accepted 1 changed, 1 new, 0 removed script/);
    const b = JSON.parse(readFileSync(join(updated, 'baseline.json'), 'utf8')) as Baseline;
    const app = b.pages[0]!.scripts.find((s) => s.url?.endsWith('/checkout.js'))!;
    expect(app.firstSeen < app.lastChanged).toBe(true);
    const t = await judge('--baseline', updated);
    // (The skimmer's beacon fires only when the probe's submission reaches it; both scans must agree on that.)
    expect(ids(t.findings.filter((f) => f.evidence.site !== 'baseline-cdn-analytics.test'))).toEqual(['sri-missing low']);
  });

  it('a config with a typo fails with the key path', async () => {
    const bad = config('typo.json', { policy: { scripts: [{ host: 'widgets.baseline-chat.test', justfication: J }] } });
    const r = await runCli(['scan', page, '--baseline', bdir, '--config', bad, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('policy.scripts[0].justfication: unknown key; did you mean "justification"?');
  });
});

describe('inventory and csp', () => {
  it('inventory lists each payment-page script with justification, integrity, first seen and last changed', () => {
    expect(inventory.code).toBe(0);
    const inv = JSON.parse(inventory.stdout) as { scripts: Array<Record<string, unknown>> };
    const row = (re: RegExp) => inv.scripts.find((s) => re.test(String(s.script)))!;
    expect(row(/money\.min\.js/)).toMatchObject({ authorised: true, justificationSource: 'policy.scripts[0]', party: 'third' });
    expect(row(/money\.min\.js/).integrity).toMatch(/^SRI sha384-.*; baseline SHA-256 [0-9a-f]{16}… \(matches\)$/);
    expect(row(/checkout\.js/).integrity).toMatch(/CHANGED since baseline/);
    expect(row(/chat\.js/)).toMatchObject({ justification: J, integrity: 'none', firstSeen: null });
    expect(row(/^inline #1/)).toMatchObject({ kind: 'inline', justificationSource: 'allowFirstParty' });
    expect(row(/^inline #1/).firstSeen).toEqual(expect.stringMatching(/Z$/));
  });

  it('csp proposes script-src, connect-src, img-src, frame-src and form-action, plus Report-Only', () => {
    expect(csp.code).toBe(0);
    const { proposals } = JSON.parse(csp.stdout) as { proposals: Array<{ directives: Record<string, string[]>; policy: string; reportOnly: string }> };
    const p = proposals[0]!;
    expect(p.directives['script-src']).toEqual(["'self'", 'https://cdn.baseline-vendor.test', 'https://widgets.baseline-chat.test', "'nonce-{NONCE}'"]);
    expect(p.directives['connect-src']).toEqual(["'self'", 'https://collect.baseline-telemetry.test', ...(skimmerFired ? ['https://static.baseline-cdn-analytics.test'] : [])]);
    expect(Object.keys(p.directives)).toEqual(expect.arrayContaining(['img-src', 'frame-src', 'form-action']));
    expect(p.reportOnly).toBe(`${p.policy}; report-uri /csp-report`);
  });
});
