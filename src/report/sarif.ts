// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers). Validated in tests against the
// official schema kept in schemas/sarif-2.1.0.json.
//
// - One rule entry per rule (the registry's, plus any id a finding carries), with help text.
// - Locations are relative paths (`scanned/<host>/<path>`, `inline/<sha256>.js`): code scanning
//   rejects http(s) location URIs. The real URLs go in `properties`.
// - Fingerprints come from rule, page and script (plus an ordinal among identical triples), never
//   from line numbers or times, so an alert neither duplicates nor vanishes between runs.
import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result, Run, Notification, Location } from 'sarif';
import type { Severity } from '../artifacts/types.js';
import type { Finding, ScanReport, TargetResult } from './types.js';
import { findingPath, scannedPath, stableUrl, type RenderContext, type RuleDoc } from './index.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'skimscanFingerprint/v1';

const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub's `security-severity` (0–10) drives its critical/high/medium/low labels. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

const GENERIC: Record<string, Omit<RuleDoc, 'id'>> = {
  'parse-error': { severity: 'info', description: 'The script has a syntax error; it was analysed with the error-tolerant parser or only text-level checks ran.', review: 'Broken code in a payment page is unusual; check whether it is a truncated or tampered file.' },
  'analysis-error': { severity: 'info', description: 'Static analysis of the script stopped with an error.', review: 'The script was not fully judged: review it by hand.' },
  'analysis-timeout': { severity: 'medium', description: 'Static analysis of the script ran out of its time or memory budget.', review: 'The script was not fully judged: review it by hand; huge or adversarial code can be built to exhaust analysers.' },
  'rule-error': { severity: 'info', description: 'A rule failed on this script.', review: 'The other rules still ran; report the failure.' },
  'unparsed-payment-exfil': { severity: 'high', description: 'Text-level signs of payment data sent to the network in a script that could not be parsed.', review: 'Read the script around the reported line.' },
};

function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Rule';
}

function descriptor(doc: RuleDoc): ReportingDescriptor {
  return {
    id: doc.id,
    name: ruleName(doc.id),
    shortDescription: { text: doc.description },
    fullDescription: { text: doc.description },
    help: {
      text: `${doc.description}\n\nWhat to check: ${doc.review}`,
      markdown: `**${doc.id}** (default severity: ${doc.severity})\n\n${doc.description}\n\n**What to check:** ${doc.review}`,
    },
    defaultConfiguration: { level: LEVEL[doc.severity] },
    properties: { tags: ['security', 'skimmer', 'magecart'], precision: 'high', 'security-severity': SECURITY_SEVERITY[doc.severity] },
  };
}

function ruleTable(report: ScanReport, ctx: RenderContext): { rules: ReportingDescriptor[]; index: Map<string, number> } {
  const docs = new Map<string, RuleDoc>();
  for (const d of ctx.rules ?? []) docs.set(d.id, d);
  for (const t of report.targets) {
    for (const f of t.findings) {
      if (docs.has(f.ruleId)) continue;
      const g = GENERIC[f.ruleId];
      docs.set(f.ruleId, g ? { id: f.ruleId, ...g } : {
        id: f.ruleId, severity: f.severity, description: `skimscan finding ${f.ruleId}.`, review: 'Read the evidence in the JSON or HTML report.',
      });
    }
  }
  const ids = [...docs.keys()].sort();
  return { rules: ids.map((id) => descriptor(docs.get(id)!)), index: new Map(ids.map((id, i) => [id, i])) };
}

/** The script's identity across runs: its URL without query, or, for code without one, document + kind + hash. */
function scriptKey(f: Finding): string {
  if (!f.script) return 'page';
  if (f.script.url) return stableUrl(f.script.url);
  const ev = f.evidence as { documentUrl?: unknown; kind?: unknown };
  const doc = typeof ev.documentUrl === 'string' ? stableUrl(ev.documentUrl) : '';
  return `${doc}#${typeof ev.kind === 'string' ? ev.kind : 'inline'}#${f.script.sha256}`;
}

export function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function snippetLine(ctx: RenderContext, f: Finding): string | undefined {
  if (!f.script || !f.line) return undefined;
  const src = ctx.sources?.[f.script.sha256];
  if (src === undefined) return undefined;
  const line = src.split(/\r\n|\r|\n/)[f.line - 1];
  if (line === undefined) return undefined;
  if (line.length <= 400) return line;
  const start = Math.max(0, Math.min((f.column ?? 1) - 200, line.length - 400));
  return line.slice(start, start + 400);
}

function result(t: TargetResult, f: Finding, ruleIndex: number, ordinal: number, ctx: RenderContext): Result {
  const page = stableUrl(t.url);
  const region: NonNullable<NonNullable<Location['physicalLocation']>['region']> = { startLine: f.line && f.line > 0 ? f.line : 1 };
  if (f.column && f.column > 0 && f.line) region.startColumn = f.column;
  const snippet = snippetLine(ctx, f);
  if (snippet !== undefined) region.snippet = { text: snippet };
  const where = f.script ? (f.script.url ?? `inline script ${f.script.sha256.slice(0, 12)}`) : 'the page';
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.message} (${where} on ${t.finalUrl ?? t.url})` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: findingPath(f, t) }, region },
      message: { text: where },
    }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint([f.ruleId, page, scriptKey(f), String(ordinal)]) },
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      pageUrl: t.url,
      finalUrl: t.finalUrl,
      scriptUrl: f.script?.url ?? null,
      sha256: f.script?.sha256 ?? null,
      verdict: t.verdict,
      evidence: f.evidence,
    },
  };
}

export function renderSarif(report: ScanReport, ctx: RenderContext = {}): string {
  const { rules, index } = ruleTable(report, ctx);
  const results: Result[] = [];
  const notifications: Notification[] = [];
  const artifacts = new Map<string, { uri: string; url: string | null; sha256: string | null }>();
  report.targets.forEach((t) => {
    const seen = new Map<string, number>();
    // Ordinals follow the report's deterministic finding order (severity, script, line).
    for (const f of t.findings) {
      const key = `${f.ruleId}\u0000${scriptKey(f)}`;
      const ordinal = seen.get(key) ?? 0;
      seen.set(key, ordinal + 1);
      results.push(result(t, f, index.get(f.ruleId)!, ordinal, ctx));
      const uri = findingPath(f, t);
      if (!artifacts.has(uri)) artifacts.set(uri, { uri, url: f.script ? f.script.url : t.url, sha256: f.script?.sha256 ?? null });
    }
    if (t.error) {
      notifications.push({
        level: t.verdict === 'error' ? 'error' : 'warning',
        message: { text: `${t.url}: ${t.verdict === 'error' ? 'could not be scanned' : 'scanned partially'} (${t.error.code}): ${t.error.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: scannedPath(t.url) } } }],
        properties: { pageUrl: t.url, code: t.error.code },
      });
    }
  });
  const run: Run = {
    tool: {
      driver: {
        name: 'skimscan',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        rules,
        properties: { rulesVersion: report.tool.rulesVersion },
      },
    },
    invocations: [{
      executionSuccessful: report.targets.every((t) => t.verdict !== 'error'),
      startTimeUtc: report.startedAt,
      endTimeUtc: report.finishedAt,
      toolExecutionNotifications: notifications,
    }],
    artifacts: [...artifacts.values()].map((a) => ({
      location: { uri: a.uri },
      ...(a.sha256 ? { hashes: { 'sha-256': a.sha256 } } : {}),
      properties: { url: a.url },
    })),
    results,
    columnKind: 'utf16CodeUnits',
    properties: { browser: report.browser, summary: report.summary, targets: report.targets.map((t) => ({ url: t.url, verdict: t.verdict })) },
  };
  const log: Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
