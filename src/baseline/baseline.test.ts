import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScriptAnalysis } from '../analyse/types.js';
import type { TargetArtifacts } from '../artifacts/types.js';
import { buildPage, compareToBaseline, emptyBaseline, loadBaseline, loadSource, normaliseHeaders, normaliseSource, normaliseUrl, saveBaseline, sriFindings, unifiedDiff, withPages } from './index.js';
import { artifacts, fakeAnalyse, type FakeScript } from './test-artifacts.js';

const PAGE = 'https://pay.shop.example/checkout';
const APP = 'function init(){\n  var f = document.forms.pay;\n  f.addEventListener("submit", validate);\n}\ninit();\n';
const LIB = 'https://cdn.vendor.example/lib/format.min.js';

function page(nonce: string, extra: { scripts?: FakeScript[]; requests?: Array<{ url: string; type?: 'beacon' | 'image' | 'script' }>; app?: string; csp?: string } = {}): TargetArtifacts {
  return artifacts(PAGE, {
    scripts: [
      { source: `window.__csrf = "${nonce}";\nwindow.shop = { currency: "USD" };` },
      { url: `https://pay.shop.example/js/app.js?v=${nonce}`, source: extra.app ?? APP },
      { url: LIB, source: 'var fmt=1;', integrity: 'sha384-abc' },
      ...(extra.scripts ?? []),
    ],
    requests: extra.requests,
    headers: { 'content-security-policy': extra.csp ?? `script-src 'self' 'nonce-${nonce}' https://cdn.vendor.example`, 'x-frame-options': 'DENY' },
  });
}

const analyses = async (a: TargetArtifacts) => {
  const m = new Map<string, ScriptAnalysis>();
  for (const [sha, source] of Object.entries(a.sources)) m.set(sha, await fakeAnalyse({ sha256: sha, source, url: null, kind: 'inline' }));
  return m;
};

async function baselineOf(a: TargetArtifacts) {
  return buildPage(a, { now: '2026-01-01T00:00:00.000Z', analyses: await analyses(a), processors: [] });
}

function ctx(sources: Record<string, string>) {
  return { analyse: fakeAnalyse, processors: [], loadSource: async (sha: string) => sources[sha] ?? null };
}

describe('normalisation', () => {
  it('drops cache busters and keeps meaningful query values', () => {
    expect(normaliseUrl('https://a.example/app.js?v=123#x')).toBe('https://a.example/app.js');
    expect(normaliseUrl('https://a.example/app.js?1700000000')).toBe('https://a.example/app.js');
    expect(normaliseUrl('https://a.example/gtm.js?id=GTM-1&_=99')).toBe('https://a.example/gtm.js?id=GTM-1');
    expect(normaliseUrl('https://a.example/x.js?id=GTM-1')).not.toBe(normaliseUrl('https://a.example/x.js?id=GTM-2'));
  });

  it('replaces nonces, CSRF tokens and time stamps in sources but not real code', () => {
    const a = normaliseSource('window.csrfToken = "a1b2c3"; el.setAttribute("nonce", "QmFzZTY0"); var cfg = {renderedAt: 1700000000123};');
    const b = normaliseSource('window.csrfToken = "zz99"; el.setAttribute("nonce", "T3RoZXI="); var cfg = {renderedAt: 1700000999999};');
    expect(a).toBe(b);
    expect(normaliseSource('var u = "https://a.example/c";')).not.toBe(normaliseSource('var u = "https://evil.example/c";'));
  });

  it('normalises CSP nonces in headers', () => {
    expect(normaliseHeaders({ 'Content-Security-Policy': "script-src 'nonce-abc'" }))
      .toEqual(normaliseHeaders({ 'content-security-policy': "script-src  'nonce-xyz'" }));
    expect(normaliseHeaders({ 'Reporting-Endpoints': 'csp="https://r.example/csp?token=abc1"' }))
      .toEqual(normaliseHeaders({ 'Reporting-Endpoints': 'csp="https://r.example/csp?token=zz9"' }));
    expect(normaliseHeaders({ 'content-security-policy': "script-src https://cdn.example" })['content-security-policy']).toBe("script-src https://cdn.example");
  });
});

describe('drift', () => {
  it('finds nothing on an unchanged page with a new nonce and cache buster', async () => {
    const { page: base, sources } = await baselineOf(page('n0nce1'));
    expect(await compareToBaseline(page('Other9'), base, ctx(sources))).toEqual([]);
  });

  it('reports a new script (medium), or high when it reads payment fields, and missing SRI (low)', async () => {
    const { page: base, sources } = await baselineOf(page('n1'));
    const quiet = await compareToBaseline(page('n2', { scripts: [{ url: 'https://widgets.example/chat.js', source: 'chat()' }] }), base, ctx(sources));
    expect(quiet.map((f) => [f.ruleId, f.severity])).toEqual([
      ['baseline-new-script', 'medium'], ['baseline-new-destination', 'high'],
    ]);
    expect(quiet[1]!.message).toContain('widgets.example');
    const loud = await compareToBaseline(page('n2', { scripts: [{ source: 'document.getElementById("cc-number")' }] }), base, ctx(sources));
    expect(loud.map((f) => [f.ruleId, f.severity])).toEqual([['baseline-new-script', 'high']]);
    const sri = sriFindings(page('n2', { scripts: [{ url: 'https://widgets.example/chat.js', source: 'chat()' }] }));
    expect(sri.map((f) => [f.ruleId, f.severity, f.script?.url])).toEqual([['sri-missing', 'low', 'https://widgets.example/chat.js']]);
  });

  it('reports a changed script as medium with a unified diff, high when the change introduces high findings', async () => {
    const { page: base, sources } = await baselineOf(page('n1'));
    const medium = await compareToBaseline(page('n2', { app: `${APP}console.log("hi");\n` }), base, ctx(sources));
    expect(medium).toHaveLength(1);
    expect(medium[0]!).toMatchObject({ ruleId: 'baseline-changed-script', severity: 'medium' });
    expect(medium[0]!.evidence.diff).toContain('+console.log("hi");');
    expect(medium[0]!.evidence.diff).toContain('--- baseline/pay.shop.example/js/app.js');
    const high = await compareToBaseline(page('n2', { app: `${APP}/*EVIL*/ send(cc);\n` }), base, ctx(sources));
    expect(high[0]!).toMatchObject({ ruleId: 'baseline-changed-script', severity: 'high' });
    expect(high[0]!.evidence.introducedHighFindings).toEqual(['exfil-sink']);
  });

  it('matches inline scripts by frame, kind and position; a changed inline block is changed, not new', async () => {
    const { page: base, sources } = await baselineOf(page('n1'));
    const changed = page('n2');
    const inline = changed.scripts!.find((s) => s.kind === 'inline')!;
    const src = 'window.__csrf = "x";\nwindow.shop = { currency: "EUR" };';
    changed.sources[inline.sha256 = 'f'.repeat(64)] = src;
    const found = await compareToBaseline(changed, base, ctx(sources));
    expect(found.map((f) => f.ruleId)).toEqual(['baseline-changed-script']);
    expect(found[0]!.evidence.diff).toContain('+window.shop = { currency: "EUR" };');
    expect(found[0]!.evidence.diff).toContain(' window.__csrf = "<normalised>";');
  });

  it('reports removed scripts (info), new destinations (high) and changed headers (medium)', async () => {
    const { page: base, sources } = await baselineOf(page('n1'));
    const now = page('n2', { requests: [{ url: 'https://metrics.tracker.example/collect', type: 'beacon' }], csp: "script-src 'self'" });
    now.scripts = now.scripts!.filter((s) => s.url !== LIB);
    now.network = now.network!.filter((r) => r.url !== LIB);
    const found = await compareToBaseline(now, base, ctx(sources));
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([
      ['baseline-removed-script', 'info'], ['baseline-new-destination', 'high'], ['baseline-changed-headers', 'medium'],
    ]);
    expect(found[1]!.evidence.site).toBe('tracker.example');
    expect(found[2]!.evidence.changes).toEqual([{ header: 'content-security-policy', baseline: "script-src 'self' 'nonce-<normalised>' https://cdn.vendor.example", current: "script-src 'self'" }]);
  });

  it('beautifies minified code before diffing', () => {
    const min = `${'var a=1;function f(x){return x+1}'.repeat(40)}`;
    const d = unifiedDiff('m.js', min, `${min}function g(){return 2}`);
    expect(d.beautified).toBe(true);
    expect(d.diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).join('\n')).toMatch(/function g\(\) \{/);
    expect(d.added).toBeLessThan(6);
  });
});

describe('update and store', () => {
  it('keeps firstSeen and moves lastChanged only for what changed', async () => {
    const first = (await baselineOf(page('n1'))).page;
    const a = page('n2', { app: `${APP}x();\n` });
    const next = buildPage(a, { now: '2026-02-01T00:00:00.000Z', analyses: await analyses(a), processors: [] }, first).page;
    const app = next.scripts.find((s) => s.url?.endsWith('/js/app.js'))!;
    const lib = next.scripts.find((s) => s.url === LIB)!;
    expect([app.firstSeen, app.lastChanged]).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect([lib.firstSeen, lib.lastChanged]).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    expect(next.lastChanged).toBe('2026-02-01T00:00:00.000Z');
    expect(app.url).toBe('https://pay.shop.example/js/app.js');
    expect(app.sourceStored && lib.sourceStored).toBe(true);
  });

  it('stores and loads a baseline, sources content-addressed and checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skimscan-baseline-'));
    const built = await baselineOf(page('n1'));
    await saveBaseline(dir, withPages(emptyBaseline('2026-01-01T00:00:00.000Z'), [built.page], '2026-01-01T00:00:00.000Z'), built.sources);
    const loaded = await loadBaseline(dir);
    expect(loaded.pages[0]).toEqual(built.page);
    const sha = built.page.scripts[1]!.sha256;
    expect(await loadSource(dir, sha)).toBe(APP);
    writeFileSync(join(dir, 'sources', `${sha}.js`), 'tampered');
    expect(await loadSource(dir, sha)).toBeNull();
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify({ ...loaded, baselineVersion: 99 }));
    await expect(loadBaseline(dir)).rejects.toThrow(/newer than this skimscan/);
  });
});
