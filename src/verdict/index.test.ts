import { describe, expect, it } from 'vitest';
import type { TargetArtifacts } from '../artifacts/types.js';
import type { ScriptAnalysis, StaticFinding } from '../analyse/types.js';
import { contextualise, judgeTarget } from './index.js';

const skimmer = (destinations: StaticFinding['evidence']['destinations']): StaticFinding => ({
  ruleId: 'skimmer', severity: 'critical', message: 'reads the card and sends it', line: 3, column: 5,
  evidence: { siteDependent: true, destinations },
});

function artifacts(over: Partial<TargetArtifacts> = {}): TargetArtifacts {
  return {
    artifactsVersion: 1, url: 'https://pay.city.example/pay', finalUrl: 'https://pay.city.example/pay',
    startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', status: 200,
    scripts: [{ url: 'https://pay.city.example/app.js', documentUrl: 'https://pay.city.example/pay', kind: 'external', sha256: 'a'.repeat(64), size: 10,
      startLine: 1, startColumn: 1, frameUrl: 'https://pay.city.example/pay', contextType: 'page', parentSha256: null, stack: null, isModule: false, integrity: null }],
    sources: { ['a'.repeat(64)]: 'code' }, network: [], dom: null, fields: null, probe: null, errors: [], caps: [], fatal: null, ...over,
  };
}

const analyseWith = (findings: StaticFinding[]) => async (): Promise<ScriptAnalysis> =>
  ({ sha256: 'a'.repeat(64), rulesVersion: 't', parseError: null, findings, facts: { readsPaymentFields: true, sinks: [] } });

describe('contextualise', () => {
  const processors = ['*.payproc.example'];
  it.each([
    [[{ kind: 'relative', url: '/pay/submit', host: null }], 'low'],
    [[{ kind: 'literal', url: 'https://api.city.example/x', host: 'api.city.example' }], 'low'],
    [[{ kind: 'literal', url: 'https://api.payproc.example/x', host: 'api.payproc.example' }], 'low'],
    [[{ kind: 'literal', url: 'https://evil.example/x', host: 'evil.example' }], 'critical'],
    [[{ kind: 'computed', url: null, host: null }], 'critical'],
    [[{ kind: 'hidden', url: null, host: 'city.example' }], 'critical'],
    [[{ kind: 'relative', url: '/x', host: null }, { kind: 'literal', url: 'https://evil.example/', host: 'evil.example' }], 'critical'],
  ] as const)('%j -> %s', (destinations, severity) => {
    expect(contextualise(skimmer([...destinations]), 'https://pay.city.example/', processors).severity).toBe(severity);
  });

  it('leaves findings that do not depend on the site alone', () => {
    const f: StaticFinding = { ruleId: 'devtools-detection', severity: 'medium', message: 'm', line: 1, column: 1, evidence: {} };
    expect(contextualise(f, 'https://pay.city.example/', [])).toBe(f);
  });
});

describe('judgeTarget', () => {
  it('is compromised on a critical finding and names the script and line', async () => {
    const r = await judgeTarget(artifacts(), { analyse: analyseWith([skimmer([{ kind: 'literal', url: 'https://evil.example/c', host: 'evil.example' }])]) });
    expect(r.verdict).toBe('compromised');
    expect(r.findings[0]).toMatchObject({ ruleId: 'skimmer', line: 3, script: { url: 'https://pay.city.example/app.js' } });
  });

  it('is clean when the card goes to the page\'s own site', async () => {
    const r = await judgeTarget(artifacts(), { analyse: analyseWith([skimmer([{ kind: 'relative', url: '/pay', host: null }])]) });
    expect(r.verdict).toBe('clean');
    expect(r.findings[0]!.severity).toBe('low');
  });

  it('is suspicious on a medium finding', async () => {
    const r = await judgeTarget(artifacts(), { analyse: analyseWith([{ ruleId: 'x', severity: 'medium', message: 'm', line: 1, column: 1, evidence: {} }]) });
    expect(r.verdict).toBe('suspicious');
  });

  it('is error only when nothing could be judged, and partial when something was captured', async () => {
    const none = await judgeTarget(artifacts({ scripts: null, sources: {}, fatal: { code: 'dns', message: 'ERR_NAME_NOT_RESOLVED' } }), { analyse: analyseWith([]) });
    expect(none).toMatchObject({ verdict: 'error', partial: false, error: { code: 'dns' } });
    const some = await judgeTarget(artifacts({ fatal: { code: 'timeout', message: 'slow' } }), { analyse: analyseWith([skimmer([{ kind: 'computed', url: null, host: null }])]) });
    expect(some).toMatchObject({ verdict: 'compromised', partial: true, error: { code: 'timeout' } });
  });

  it('analyses each unique script once', async () => {
    let calls = 0;
    const a = artifacts();
    a.scripts = [a.scripts![0]!, { ...a.scripts![0]!, frameUrl: 'https://pay.city.example/other' }];
    await judgeTarget(a, { analyse: async () => { calls++; return analyseWith([])(); } });
    expect(calls).toBe(1);
  });
});
