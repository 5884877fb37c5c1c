import { describe, expect, it } from 'vitest';
import type { ScriptAnalysis } from '../analyse/types.js';
import type { TargetArtifacts } from '../artifacts/types.js';
import type { Finding } from '../report/types.js';
import { validateConfig } from '../cli/config.js';
import { artifacts, fakeAnalyse } from '../baseline/test-artifacts.js';
import { policyFindings, policySuppressor, resolvePolicy, urlMatches, type PolicySettings } from './index.js';

const PAGE = 'https://pay.shop.example/checkout';
const J = 'needed for the checkout, reviewed by the security team';

function page(): TargetArtifacts {
  return artifacts(PAGE, {
    scripts: [
      { source: 'var x = 1;' },
      { url: 'https://pay.shop.example/js/app.js', source: 'app()' },
      { url: 'https://cdn.vendor.example/lib/v2/format.js', source: 'fmt()' },
      { url: 'https://widgets.example/chat.js', source: 'document.getElementById("cc-number").value' },
    ],
    requests: [{ url: 'https://metrics.tracker.example/c', type: 'beacon', initiator: { scriptUrl: 'https://widgets.example/chat.js', sha256: null, line: 1, column: 1 } }],
  });
}

async function analysesOf(a: TargetArtifacts) {
  const m = new Map<string, ScriptAnalysis>();
  for (const [sha, source] of Object.entries(a.sources)) m.set(sha, await fakeAnalyse({ sha256: sha, source, url: null, kind: 'inline' }));
  return m;
}

describe('policy', () => {
  it('url patterns: * spans anything, the query is ignored unless the pattern has one', () => {
    expect(urlMatches('https://cdn.vendor.example/lib/*.js', 'https://cdn.vendor.example/lib/v2/format.js?v=3')).toBe(true);
    expect(urlMatches('https://cdn.vendor.example/lib/*.js', 'https://cdn.vendor.example.evil.example/lib/a.js')).toBe(false);
  });

  it('reports scripts and destinations outside the policy, naming what they missed; high when they touch payment fields', async () => {
    const a = page();
    const settings: PolicySettings = { policy: { scripts: [{ url: 'https://cdn.vendor.example/lib/*.js', justification: J }] } };
    const found = policyFindings(a, settings, await analysesOf(a));
    expect(found.map((f) => [f.ruleId, f.severity, f.evidence.host])).toEqual([
      ['policy-script-not-allowed', 'high', 'widgets.example'],
      ['policy-destination-not-allowed', 'medium', 'widgets.example'],
      ['policy-destination-not-allowed', 'medium', 'metrics.tracker.example'],
    ]);
    expect(found[0]!.message).toContain('no entry of policy.scripts matches its host widgets.example, URL https://widgets.example/chat.js');
    expect(found[0]!.message).toContain('reads payment fields on a payment page');
  });

  it('an entry for the host silences it; per-target overrides add entries; allowFirstParty=false needs hashes', async () => {
    const a = page();
    const settings: PolicySettings = {
      policy: { scripts: [{ host: 'cdn.vendor.example', justification: J }, { host: 'widgets.example', justification: J }] },
      overrides: [{ url: 'https://pay.shop.example/*', policy: { destinations: [{ host: '*.tracker.example', justification: J }] } }],
    };
    expect(policyFindings(a, settings, await analysesOf(a))).toEqual([]);
    expect(resolvePolicy(settings, PAGE)!.from).toEqual(['policy', 'overrides[0].policy']);
    const strict = { ...settings, overrides: [...settings.overrides!, { url: 'https://pay.shop.example/*', policy: { allowFirstParty: false } }] };
    const found = policyFindings(a, strict, await analysesOf(a));
    expect(found.map((f) => f.ruleId)).toEqual(['policy-script-not-allowed', 'policy-script-not-allowed', 'policy-destination-not-allowed']);
    expect(found[0]!.message).toContain('(allowFirstParty is false)');
  });

  it('no policy configured: no policy findings', async () => {
    const a = page();
    expect(policyFindings(a, {}, await analysesOf(a))).toEqual([]);
  });

  it('suppresses by page URL and rule with the written reason; policy entries silence drift about allowed sources', () => {
    const a = page();
    const settings: PolicySettings = {
      policy: { scripts: [{ host: 'widgets.example', justification: J }] },
      suppress: [{ url: 'https://pay.shop.example/*', ruleId: 'sri-*', reason: 'vendor publishes no stable hashes' }],
    };
    const sup = policySuppressor(settings);
    const f = (ruleId: string, script: Finding['script'], evidence: Record<string, unknown> = {}): Finding =>
      ({ ruleId, severity: 'medium', message: '', script, line: null, column: null, evidence });
    expect(sup(f('sri-missing', null), a)).toBe('suppress[0]: vendor publishes no stable hashes');
    expect(sup(f('baseline-new-script', { url: 'https://widgets.example/chat.js', sha256: 'x' }), a)).toBe(`allowed by policy.scripts[0] (host widgets.example): ${J}`);
    expect(sup(f('baseline-new-destination', null, { hosts: ['widgets.example'] }), a)).toBe(`allowed by policy.scripts[0] (host widgets.example): ${J}`);
    expect(sup(f('baseline-new-destination', null, { hosts: ['metrics.tracker.example'] }), a)).toBeNull();
    expect(sup(f('exfil-sink', null), a)).toBeNull();
  });
});

describe('policy config', () => {
  const ok = {
    policy: { allowFirstParty: true, scripts: [{ host: '*.payproc.example', justification: J }, { sha256: 'a'.repeat(64), justification: J }], destinations: [{ url: 'https://api.payproc.example/v1/*', justification: J }] },
    overrides: [{ url: 'https://pay.x.example/*', policy: { scripts: [{ host: 'chat.example', justification: J }] } }],
    suppress: [{ url: 'https://pay.x.example/*', ruleId: 'sri-missing', reason: 'vendor has no SRI' }],
  };
  it('accepts policy, overrides and suppressions', () => {
    expect(validateConfig(ok, 'c.json')).toEqual(ok);
  });
  it.each([
    [{ policy: { scripts: [{ host: 'chat.example', justfication: J }] } }, 'config c.json: policy.scripts[0].justfication: unknown key; did you mean "justification"?'],
    [{ policy: { scripts: [{ host: 'chat.example' }] } }, 'config c.json: policy.scripts[0].justification: a written justification is required (PCI DSS 6.4.3), got nothing'],
    [{ policy: { scripts: [{ host: 'chat.example', justification: 'ok' }] } }, 'policy.scripts[0].justification: a written justification is required (PCI DSS 6.4.3): at least 10 characters'],
    [{ policy: { destinations: [{ host: 'a.example', url: 'https://a.example/', justification: J }] } }, 'policy.destinations[0]: expected exactly one of host, url, sha256'],
    [{ overrides: [{ url: 'https://pay.x.example/*', policy: { destinatons: [] } }] }, 'overrides[0].policy.destinatons: unknown key; did you mean "destinations"?'],
    [{ suppress: [{ ruleId: 'sri-missing' }] }, 'suppress[0].reason: a reason is required'],
    [{ polcy: {} }, 'polcy: unknown key; did you mean "policy"?'],
  ])('rejects %j with the key path', (cfg, message) => {
    expect(() => validateConfig(cfg, 'c.json')).toThrow(message);
  });
});

describe('judgeTarget hooks', () => {
  it('adds extra findings and moves suppressed ones out of the verdict', async () => {
    const { judgeTarget } = await import('../verdict/index.js');
    const a = page();
    const settings: PolicySettings = { policy: { scripts: [] }, suppress: [{ ruleId: 'policy-*', reason: 'accepted risk, ticket SEC-12' }] };
    const r = await judgeTarget(a, {
      analyse: fakeAnalyse,
      extraFindings: (t, ctx) => policyFindings(t, settings, ctx.analyses),
      suppress: policySuppressor(settings),
    });
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('clean');
    expect(r.suppressed.map((f) => [f.ruleId, f.reason])[0]).toEqual(['policy-script-not-allowed', 'suppress[0]: accepted risk, ticket SEC-12']);
    const loud = await judgeTarget(a, { analyse: fakeAnalyse, extraFindings: (t, ctx) => policyFindings(t, settings, ctx.analyses) });
    expect(loud.verdict).toBe('suspicious');
  });
});
