// Policy over artifacts: scripts and destinations outside the allow lists become findings; explicit
// suppressions (and policy entries, for drift about an allowed source) move findings to
// `suppressed` with their reason. Pure: no I/O.
import type { TargetArtifacts } from '../artifacts/types.js';
import type { ScriptAnalysis } from '../analyse/types.js';
import type { Finding } from '../report/types.js';
import { siteOf } from '../hosts.js';
import { currentScripts, isPaymentPage, readsPaymentFields } from '../baseline/facts.js';
import { BASELINE_RULES } from '../baseline/compare.js';
import { destinationEntry, entryWhat, isFirstPartyUrl, resolvePolicy, scriptEntry, urlMatches, globMatches } from './match.js';
import type { PolicySettings, ResolvedPolicy } from './types.js';

export * from './types.js';
export { resolvePolicy, scriptEntry, destinationEntry, urlMatches, entryWhat } from './match.js';

export const POLICY_RULES = {
  script: 'policy-script-not-allowed',
  destination: 'policy-destination-not-allowed',
} as const;

function shortSha(s: string): string {
  return `${s.slice(0, 12)}…`;
}

/** Why a script is allowed on this page (explicit entry or first party), or null when it is not. */
export function scriptJustification(p: ResolvedPolicy, s: { url: string | null; sha256: string; normalisedSha256?: string; thirdParty: boolean }):
  { where: string; justification: string } | null {
  const e = scriptEntry(p, s);
  if (e) return { where: e.where, justification: e.justification };
  if (p.allowFirstParty && !s.thirdParty) return { where: 'allowFirstParty', justification: 'first-party script (the page\'s own site)' };
  return null;
}

/** Scripts and destinations of the target outside its policy. [] when no policy applies. */
export function policyFindings(a: TargetArtifacts, settings: PolicySettings, analyses: Map<string, ScriptAnalysis>): Finding[] {
  const pageUrl = a.finalUrl ?? a.url;
  const p = resolvePolicy(settings, pageUrl);
  if (!p) return [];
  const payment = isPaymentPage(a);
  const findings: Finding[] = [];
  const readers = new Set<string>();

  for (const s of currentScripts(a)) {
    const reads = readsPaymentFields(s.record, a, analyses);
    if (reads) readers.add(s.sha256);
    if (scriptJustification(p, s)) continue;
    const what = s.rawUrl ?? `${s.kind} script in ${s.frame} (line ${s.record.startLine})`;
    const checked = [
      s.rawUrl ? `host ${new URL(s.rawUrl).hostname}` : null, s.rawUrl ? `URL ${s.url}` : null, `sha256 ${shortSha(s.sha256)}`,
    ].filter(Boolean).join(', ');
    findings.push({
      ruleId: POLICY_RULES.script, severity: payment && reads ? 'high' : 'medium',
      message: `script outside the policy: ${what} — no entry of ${p.from.map((f) => `${f}.scripts`).join(' or ')} matches its ${checked}` +
        `${!p.allowFirstParty && !s.thirdParty ? ' (allowFirstParty is false)' : ''}${payment && reads ? '; it reads payment fields on a payment page' : ''}`,
      script: { url: s.rawUrl, sha256: s.sha256 }, line: null, column: null,
      evidence: {
        host: s.rawUrl ? new URL(s.rawUrl).hostname : null, url: s.url, sha256: s.sha256, kind: s.kind, frame: s.frame,
        thirdParty: s.thirdParty, readsPaymentFields: reads, paymentPage: payment, checked: p.from.map((f) => `${f}.scripts`),
      },
    });
  }

  const canary = (a.probe as { canary?: Record<string, string> } | null)?.canary;
  const canaryValues = canary ? Object.values(canary).filter((v) => typeof v === 'string' && v.length >= 3) : [];
  const byHost = new Map<string, Finding>();
  for (const r of a.network ?? []) {
    if (!/^(https?|wss?):/i.test(r.url)) continue;
    if (p.allowFirstParty && isFirstPartyUrl(r.url, pageUrl)) continue;
    if (destinationEntry(p, r.url, r.type)) continue;
    const host = new URL(r.url).hostname;
    const carriesCard = canaryValues.some((v) => r.url.includes(v) || (r.postData ?? '').includes(v) ||
      (r.frames ?? []).some((f) => f.data.includes(v)));
    const touches = carriesCard || (r.initiator?.sha256 ? readers.has(r.initiator.sha256) : false);
    const high = payment && touches;
    const prev = byHost.get(host);
    if (prev) {
      const ev = prev.evidence as { urls: string[]; types: string[] };
      if (ev.urls.length < 5 && !ev.urls.includes(r.url)) ev.urls.push(r.url);
      if (!ev.types.includes(r.type)) ev.types.push(r.type);
      if (high && prev.severity !== 'high') {
        prev.severity = 'high';
        prev.message += '; a request to it carries or follows payment field data on a payment page';
      }
      continue;
    }
    const f: Finding = {
      ruleId: POLICY_RULES.destination, severity: high ? 'high' : 'medium',
      message: `destination outside the policy: ${host} (${siteOf(r.url)}) — no entry of ${p.from.map((x) => `${x}.destinations`).join(' or ')} matches it` +
        `${high ? '; a request to it carries or follows payment field data on a payment page' : ''}`,
      script: r.initiator?.sha256 ? { url: r.initiator.scriptUrl, sha256: r.initiator.sha256 } : null, line: null, column: null,
      evidence: { host, site: siteOf(r.url), urls: [r.url], types: [r.type], paymentPage: payment, checked: p.from.map((x) => `${x}.destinations`) },
    };
    byHost.set(host, f);
    findings.push(f);
  }
  return findings;
}

/**
 * A suppressor for judgeTarget: explicit `suppress` rules first; then drift findings about a new
 * script or destination that an explicit policy entry allows (the entry's justification is the
 * reason: the change was authorised).
 */
export function policySuppressor(settings: PolicySettings): (f: Finding, a: TargetArtifacts) => string | null {
  return (f, a) => {
    const pageUrl = a.finalUrl ?? a.url;
    for (const [i, s] of (settings.suppress ?? []).entries()) {
      if (s.url !== undefined && !urlMatches(s.url, pageUrl) && !urlMatches(s.url, a.url)) continue;
      if (s.ruleId !== undefined && !globMatches(s.ruleId, f.ruleId)) continue;
      if (s.script !== undefined && !(f.script?.url && urlMatches(s.script, f.script.url))) continue;
      return `suppress[${i}]: ${s.reason}`;
    }
    const p = resolvePolicy(settings, pageUrl);
    if (!p) return null;
    if (f.ruleId === BASELINE_RULES.newScript && f.script) {
      const e = scriptEntry(p, { url: f.script.url, sha256: f.script.sha256 });
      if (e) return `allowed by ${e.where} (${entryWhat(e)}): ${e.justification}`;
    }
    if (f.ruleId === BASELINE_RULES.newDestination) {
      const hosts = new Set((f.evidence as { hosts?: string[] }).hosts ?? []);
      const all = (a.network ?? []).filter((r) => { try { return hosts.has(new URL(r.url).hostname); } catch { return false; } });
      const entries = all.map((r) => destinationEntry(p, r.url, r.type));
      if (all.length && entries.every(Boolean)) {
        const e = entries[0]!;
        return `allowed by ${e.where} (${entryWhat(e)}): ${e.justification}`;
      }
    }
    return null;
  };
}
