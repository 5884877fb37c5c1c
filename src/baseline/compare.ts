// Drift: a target's artifacts against its baseline page -> findings (severities of DESIGN.md).
import type { Severity, TargetArtifacts } from '../artifacts/types.js';
import type { ScriptAnalysis, ScriptInput } from '../analyse/types.js';
import type { Finding } from '../report/types.js';
import { currentScripts, destinationsOf, readsPaymentFields, type CurrentScript } from './facts.js';
import { highRulesOf } from './build.js';
import { matchScripts } from './match.js';
import { normaliseHeaders, normaliseSource } from './normalise.js';
import { unifiedDiff } from './diff.js';
import type { BaselinePage, BaselineScript } from './types.js';

export const BASELINE_RULES = {
  newScript: 'baseline-new-script',
  changedScript: 'baseline-changed-script',
  removedScript: 'baseline-removed-script',
  newDestination: 'baseline-new-destination',
  changedHeaders: 'baseline-changed-headers',
  noEntry: 'baseline-no-entry',
  sriMissing: 'sri-missing',
} as const;

export interface CompareContext {
  analyse: (input: ScriptInput) => Promise<ScriptAnalysis>;
  processors: string[];
  /** The baseline's stored source for a SHA-256, or null when it was not kept. */
  loadSource: (sha256: string) => Promise<string | null>;
}

function describe(s: { url: string | null; kind: string; frame: string }, ordinal?: number): string {
  if (s.url) return s.url;
  return `${s.kind} script${ordinal !== undefined ? ` #${ordinal + 1}` : ''} in ${s.frame}`;
}

function label(s: { url: string | null; kind: string; frame: string }, ordinal: number): string {
  if (s.url) {
    try {
      const u = new URL(s.url);
      return `${u.host}${u.pathname}`;
    } catch { /* fall through */ }
  }
  return `${s.frame.replace(/^https?:\/\//, '')}#${s.kind}-${ordinal + 1}`;
}

function scriptRef(c: CurrentScript): Finding['script'] {
  return { url: c.rawUrl, sha256: c.sha256 };
}

function codeEvidence(c: CurrentScript): Record<string, unknown> {
  return c.url ? {} : { documentUrl: c.record.documentUrl, startLine: c.record.startLine, kind: c.kind };
}

async function analyses(a: TargetArtifacts, scripts: CurrentScript[], ctx: CompareContext): Promise<Map<string, ScriptAnalysis>> {
  const out = new Map<string, ScriptAnalysis>();
  for (const s of scripts) {
    if (out.has(s.sha256) || s.source === undefined) continue;
    out.set(s.sha256, await ctx.analyse({ sha256: s.sha256, source: s.source, url: s.rawUrl, kind: s.kind, isModule: s.record.isModule }));
  }
  void a;
  return out;
}

/** Drift findings of one target against its baseline page. */
export async function compareToBaseline(a: TargetArtifacts, page: BaselinePage, ctx: CompareContext): Promise<Finding[]> {
  const pageUrl = a.finalUrl ?? a.url;
  const findings: Finding[] = [];
  const current = currentScripts(a);
  const found = await analyses(a, current, ctx);
  const match = matchScripts(current, page.scripts);

  for (const c of match.added) {
    const reads = readsPaymentFields(c.record, a, found);
    const what = describe(c);
    findings.push({
      ruleId: BASELINE_RULES.newScript, severity: reads ? 'high' : 'medium',
      message: `new ${c.thirdParty ? 'third-party' : 'first-party'} script not in the baseline: ${what}${reads ? ' (it reads payment fields)' : ''}`,
      script: scriptRef(c), line: null, column: null,
      evidence: { ...codeEvidence(c), frame: c.frame, kind: c.kind, thirdParty: c.thirdParty, readsPaymentFields: reads, size: c.size, integrity: c.integrity, baselineRecordedAt: page.recordedAt },
    });
  }

  for (const { cur: c, base: b } of match.pairs) {
    if (c.normalisedSha256 === b.normalisedSha256) continue;
    const newHigh = highRulesOf(c.sha256, pageUrl, { analyses: found, processors: ctx.processors });
    let oldHigh = b.highRules;
    const oldSource = b.sourceStored ? await ctx.loadSource(b.sha256) : null;
    if (oldSource !== null) {
      const old = await ctx.analyse({ sha256: b.sha256, source: oldSource, url: b.rawUrl, kind: b.kind, isModule: c.record.isModule });
      oldHigh = highRulesOf(b.sha256, pageUrl, { analyses: new Map([[b.sha256, old]]), processors: ctx.processors });
    }
    const introduced = newHigh.filter((r) => !oldHigh.includes(r));
    const severity: Severity = introduced.length ? 'high' : 'medium';
    const evidence: Record<string, unknown> = {
      ...codeEvidence(c), frame: c.frame, kind: c.kind, thirdParty: c.thirdParty,
      baselineSha256: b.sha256, sha256: c.sha256, baselineSize: b.size, size: c.size,
      firstSeen: b.firstSeen, lastChanged: b.lastChanged, introducedHighFindings: introduced,
    };
    if (oldSource !== null && c.source !== undefined) {
      const d = unifiedDiff(label(c, b.ordinal), normaliseSource(oldSource), normaliseSource(c.source));
      Object.assign(evidence, { diff: d.diff, diffBeautified: d.beautified, diffTruncated: d.truncated, linesAdded: d.added, linesRemoved: d.removed });
    } else {
      evidence.diff = null;
      evidence.diffUnavailable = 'the baseline did not keep this script\'s source (third-party script on a page without card fields)';
    }
    findings.push({
      ruleId: BASELINE_RULES.changedScript, severity,
      message: `script changed since the baseline: ${describe(c, b.ordinal)}` +
        (introduced.length ? ` (the change introduced high findings: ${introduced.join(', ')})` : ''),
      script: scriptRef(c), line: null, column: null, evidence,
    });
  }

  for (const b of match.removed) {
    findings.push({
      ruleId: BASELINE_RULES.removedScript, severity: 'info',
      message: `script in the baseline no longer seen: ${describe(b, b.url ? undefined : b.ordinal)}`,
      script: { url: b.rawUrl, sha256: b.sha256 }, line: null, column: null,
      evidence: { frame: b.frame, kind: b.kind, firstSeen: b.firstSeen, lastChanged: b.lastChanged },
    });
  }

  const known = new Set(page.destinations.map((d) => d.site));
  for (const d of destinationsOf(a)) {
    if (known.has(d.site)) continue;
    findings.push({
      ruleId: BASELINE_RULES.newDestination, severity: 'high',
      message: `new destination domain not in the baseline: ${d.site} (${d.types.join(', ')})`,
      script: null, line: null, column: null,
      evidence: { site: d.site, hosts: d.hosts, types: d.types, urls: d.urls, initiators: initiatorsFor(a, d.site) },
    });
  }

  if (a.dom) {
    const now = normaliseHeaders(a.dom.securityHeaders);
    const before = page.securityHeaders;
    const changes: Array<{ header: string; baseline: string | null; current: string | null }> = [];
    for (const h of [...new Set([...Object.keys(before), ...Object.keys(now)])].sort()) {
      if ((before[h] ?? null) !== (now[h] ?? null)) changes.push({ header: h, baseline: before[h] ?? null, current: now[h] ?? null });
    }
    if (changes.length) {
      findings.push({
        ruleId: BASELINE_RULES.changedHeaders, severity: 'medium',
        message: `security headers changed since the baseline: ${changes.map((c) => c.header).join(', ')}`,
        script: null, line: null, column: null,
        evidence: { changes, baselineLastChanged: page.securityHeadersLastChanged },
      });
    }
  }
  return findings;
}

function initiatorsFor(a: TargetArtifacts, site: string): string[] {
  const out = new Set<string>();
  for (const r of a.network ?? []) {
    if (!r.initiator?.scriptUrl && !r.initiator?.sha256) continue;
    try {
      const host = new URL(r.url).hostname;
      if (host === site || host.endsWith(`.${site}`)) out.add(r.initiator.scriptUrl ?? `sha256:${r.initiator.sha256}`);
    } catch { /* skip */ }
  }
  return [...out].slice(0, 10);
}

/** Third-party scripts loaded without Subresource Integrity (an inventory fact, low). */
export function sriFindings(a: TargetArtifacts): Finding[] {
  return currentScripts(a).filter((c) => c.url !== null && c.thirdParty && !c.integrity && (c.kind === 'external' || c.kind === 'module'))
    .map((c) => ({
      ruleId: BASELINE_RULES.sriMissing, severity: 'low' as Severity,
      message: `third-party script without Subresource Integrity: ${c.rawUrl}`,
      script: scriptRef(c), line: null, column: null, evidence: { frame: c.frame, kind: c.kind },
    }));
}
