// Hand-built target records for history and alert unit tests (no browser).
import type { Severity, Verdict } from '../artifacts/types.js';
import type { Finding, TargetResult } from '../report/types.js';
import { artifacts, type FakeScript } from '../baseline/test-artifacts.js';
import { keptSources, targetRecord, type TargetRecord } from './facts.js';

export function finding(ruleId: string, severity: Severity, scriptUrl: string | null = null, sha = 'a'.repeat(64)): Finding {
  return { ruleId, severity, message: `${ruleId} says so`, script: scriptUrl === null && sha === '' ? null : { url: scriptUrl, sha256: sha }, line: 1, column: 1, evidence: {} };
}

export function record(page: string, opts: {
  scripts?: FakeScript[]; requests?: string[]; findings?: Finding[]; verdict?: Verdict; error?: TargetResult['error']; partial?: boolean;
} = {}): { rec: TargetRecord; sources: Record<string, string> } {
  const a = artifacts(page, { scripts: opts.scripts, requests: (opts.requests ?? []).map((url) => ({ url, type: 'image' as const })) });
  const findings = opts.findings ?? [];
  const verdict: Verdict = opts.verdict ?? (findings.some((f) => f.severity === 'critical') ? 'compromised'
    : findings.some((f) => f.severity === 'high' || f.severity === 'medium') ? 'suspicious' : 'clean');
  const r: TargetResult = {
    url: page, finalUrl: page, verdict, partial: opts.partial ?? false, error: opts.error, scripts: a.scripts ?? [], requests: a.network ?? [],
    findings, suppressed: [], notes: [],
  };
  if (verdict === 'error') {
    a.scripts = null;
    a.network = null;
    a.sources = {};
  }
  return { rec: targetRecord(a, r), sources: keptSources(a) };
}
