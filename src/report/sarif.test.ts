import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, renderSarif } from './sarif.js';
import { hostileReport, SOURCES, SKIMMER_SHA, INLINE_SHA } from '../../test/report/hostile-report.js';
import { assertValidSarif } from '../../test/report/validate.js';
import type { RuleDoc } from './index.js';

const RULES: RuleDoc[] = [
  { id: 'skimmer', severity: 'critical', description: 'Payment data reaches an off-site request.', review: 'Follow the evidence chain.' },
  { id: 'lookalike-domain', severity: 'high', description: 'A host imitates a known brand.', review: 'Compare the host with the real one.' },
];

const parse = (s: string) => JSON.parse(s) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } }; results: any[]; invocations: any[] }> };

describe('SARIF reporter', () => {
  it('matches the official SARIF 2.1.0 schema, with and without sources', () => {
    assertValidSarif(renderSarif(hostileReport(), { sources: SOURCES, rules: RULES }));
    assertValidSarif(renderSarif(hostileReport()));
  });

  it('has one rule entry per rule, each with help text, and results pointing at them', () => {
    const run = parse(renderSarif(hostileReport(), { rules: RULES })).runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['skimmer', 'lookalike-domain', 'self-removing-script', 'form-action-offsite']));
    for (const r of run.tool.driver.rules) expect(r.help.text.length).toBeGreaterThan(10);
    for (const res of run.results) expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
  });

  it('uses relative artifact paths, never http(s) URIs, with the real URL in properties', () => {
    const run = parse(renderSarif(hostileReport(), { sources: SOURCES })).runs[0]!;
    const uris = run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri as string);
    for (const u of uris) expect(u).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    expect(uris).toContain('scanned/shop.example/js/app.js');
    expect(uris).toContain(`inline/${INLINE_SHA}.js`);
    expect(uris).toContain('scanned/shop.example/checkout');
    const skim = run.results.find((r) => r.ruleId === 'skimmer');
    expect(skim.properties.scriptUrl).toMatch(/^https:\/\/shop\.example\/js\/app\.js\?/);
    expect(skim.properties.sha256).toBe(SKIMMER_SHA);
    expect(skim.locations[0].physicalLocation.region).toMatchObject({ startLine: 6, startColumn: 1 });
    expect(skim.locations[0].physicalLocation.region.snippet.text).toContain('new Image().src');
    expect(skim.level).toBe('error');
  });

  it('keeps fingerprints stable when lines, times and cache-busters change, and distinct per result', () => {
    const a = parse(renderSarif(hostileReport({ skimmerLine: 6, startedAt: '2025-01-01T00:00:00.000Z' }))).runs[0]!;
    const b = parse(renderSarif(hostileReport({ skimmerLine: 40, startedAt: '2025-06-01T00:00:00.000Z' }))).runs[0]!;
    const fa = a.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const fb = b.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(fa).toEqual(fb);
    expect(new Set(fa).size).toBe(fa.length);
    expect(a.results.find((r) => r.ruleId === 'skimmer').locations[0].physicalLocation.region.startLine).toBe(6);
    expect(b.results.find((r) => r.ruleId === 'skimmer').locations[0].physicalLocation.region.startLine).toBe(40);
  });

  it('reports targets that could not be scanned as tool notifications', () => {
    const run = parse(renderSarif(hostileReport())).runs[0]!;
    const n = run.invocations[0].toolExecutionNotifications;
    expect(n).toHaveLength(1);
    expect(n[0].level).toBe('error');
    expect(run.invocations[0].executionSuccessful).toBe(false);
  });
});
