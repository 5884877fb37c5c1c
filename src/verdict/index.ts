import type { Severity, TargetArtifacts, Verdict } from '../artifacts/types.js';
import { SEVERITIES } from '../artifacts/types.js';
import type { Destination, ScriptAnalysis, ScriptInput, StaticFinding } from '../analyse/types.js';
import type { Finding, SuppressedFinding, TargetResult } from '../report/types.js';
import { siteOf } from '../hosts.js';
import { builtInProcessors, isAllowedProcessor } from './processors.js';
import { canaryFindings } from './canary/findings.js';

export interface JudgeOptions {
  /** Static analysis of one script; called once per unique SHA-256. */
  analyse: (input: ScriptInput) => Promise<ScriptAnalysis>;
  /** Host globs of processors allowed to receive card data; default: the built-in list. */
  allowedProcessors?: string[];
  /** More findings for the target (baseline drift, policy), judged with the rest. */
  extraFindings?: (a: TargetArtifacts, ctx: { processors: string[]; analyses: Map<string, ScriptAnalysis> }) => Promise<Finding[]> | Finding[];
  /** A reason to move a finding to `suppressed` (kept out of the verdict), or null to keep it. */
  suppress?: (f: Finding, a: TargetArtifacts) => string | null;
}

export const severityRank = (s: Severity) => SEVERITIES.length - SEVERITIES.indexOf(s); // critical = 5

export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/**
 * Static findings, in the context of the page: honest checkouts send the card to their own site or to
 * a processor. Without a page (`analyze`), only relative destinations and processors are benign.
 */
export function contextualise(f: StaticFinding, pageUrl: string | null, processors: string[]): StaticFinding {
  if (!f.evidence.siteDependent || !f.evidence.destinations?.length) return f;
  const pageSite = pageUrl === null ? null : siteOf(pageUrl);
  const benign = (d: Destination) => {
    if (d.kind === 'relative') return true;
    if (d.kind !== 'literal' || !d.host) return false;
    return (pageSite !== null && siteOf(`https://${d.host}/`) === pageSite) || isAllowedProcessor(d.host, processors);
  };
  if (!f.evidence.destinations.every(benign)) return f;
  if (severityRank(f.severity) <= severityRank('low')) return f;
  return {
    ...f, severity: 'low',
    message: `${f.message} (to the page's own site or an allowed processor)`,
    evidence: { ...f.evidence, loweredFrom: f.severity },
  };
}

export function verdictOf(findings: Finding[], nothingJudged: boolean): Verdict {
  if (nothingJudged) return 'error';
  if (findings.some((f) => f.severity === 'critical')) return 'compromised';
  if (findings.some((f) => f.severity === 'high' || f.severity === 'medium')) return 'suspicious';
  return 'clean';
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.script?.url ?? a.script?.sha256 ?? '').localeCompare(b.script?.url ?? b.script?.sha256 ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId));
}

/** Static findings + (later) canary leaks and field reads -> findings and one verdict per target. */
export async function judgeTarget(a: TargetArtifacts, options: JudgeOptions): Promise<TargetResult> {
  const processors = options.allowedProcessors ?? builtInProcessors();
  const pageUrl = a.finalUrl ?? a.url;
  const findings: Finding[] = [];
  const notes = [...a.caps, ...a.errors.map((e) => `collector ${e.collector} failed in ${e.phase}: ${e.message}`)];
  const seen = new Set<string>();
  const analyses = new Map<string, ScriptAnalysis>();
  for (const script of a.scripts ?? []) {
    if (seen.has(script.sha256)) continue;
    seen.add(script.sha256);
    const source = a.sources[script.sha256];
    if (source === undefined) continue;
    const analysis = await options.analyse({
      sha256: script.sha256, source, url: script.url, kind: script.kind, isModule: script.isModule,
    });
    analyses.set(script.sha256, analysis);
    for (const f of analysis.findings) {
      const c = contextualise(f, pageUrl, processors);
      findings.push({
        ruleId: c.ruleId, severity: c.severity, message: c.message,
        script: { url: script.url ?? null, sha256: script.sha256 },
        line: c.line, column: c.column,
        evidence: { ...c.evidence, ...(script.url ? {} : { documentUrl: script.documentUrl, startLine: script.startLine, kind: script.kind }), ...(c.childSha256 ? { childSha256: c.childSha256 } : {}) },
      });
    }
  }
  if (options.extraFindings) findings.push(...await options.extraFindings(a, { processors, analyses }));
  const suppressed: SuppressedFinding[] = [];
  for (let i = findings.length - 1; options.suppress && i >= 0; i--) {
    const reason = options.suppress(findings[i]!, a);
    if (reason !== null) suppressed.unshift({ ...findings.splice(i, 1)[0]!, reason });
  }
  if (a.probe) {
    const canary = canaryFindings(a, processors);
    findings.push(...canary.findings);
    const seen = (canary.report?.sightings.length ?? 0) > 0;
    if (!seen) {
      for (const f of findings) {
        if (f.ruleId === 'skimmer') f.evidence = { ...f.evidence, probe: a.probe.submitted ? 'the canary probe did not see it fire' : 'the canary probe could not submit the form' };
      }
    }
  }
  const captured = (a.scripts?.length ?? 0) > 0 || (a.network?.length ?? 0) > 0;
  const nothingJudged = a.fatal !== null && !(a.scripts?.length);
  const result: TargetResult = {
    url: a.url,
    finalUrl: a.finalUrl,
    verdict: verdictOf(findings, nothingJudged),
    partial: a.fatal !== null && captured && !nothingJudged,
    title: a.dom?.title ?? null,
    scripts: a.scripts ?? [],
    requests: a.network ?? [],
    findings: sortFindings(findings),
    suppressed: sortFindings(suppressed) as SuppressedFinding[],
    notes,
  };
  if (a.probe) result.canary = { ...a.probe.canary };
  if (a.fatal) result.error = a.fatal;
  return result;
}
