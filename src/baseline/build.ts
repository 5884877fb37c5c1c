// Building (and updating) a baseline page from a target's artifacts. Pure: no I/O.
import type { TargetArtifacts } from '../artifacts/types.js';
import type { ScriptAnalysis } from '../analyse/types.js';
import { contextualise, severityRank } from '../verdict/index.js';
import { currentScripts, destinationsOf, isPaymentPage, readsPaymentFields, type CurrentScript } from './facts.js';
import { matchScripts } from './match.js';
import { normaliseHeaders, normaliseUrl } from './normalise.js';
import type { BaselineDestination, BaselinePage, BaselineScript } from './types.js';

export interface BuildContext {
  /** ISO time stamp for firstSeen / lastChanged of what is new. */
  now: string;
  /** Static analysis by SHA-256 (for readsPaymentFields and the high findings of each script). */
  analyses: Map<string, ScriptAnalysis>;
  /** Allowed processors (host globs) used to put static findings in the page's context. */
  processors: string[];
}

export function pageKey(url: string): string {
  return normaliseUrl(url);
}

/** Rule ids of a script's findings at high or above, after contextualisation for the page. */
export function highRulesOf(sha256: string, pageUrl: string, ctx: Pick<BuildContext, 'analyses' | 'processors'>): string[] {
  const analysis = ctx.analyses.get(sha256);
  if (!analysis) return [];
  const ids = analysis.findings.map((f) => contextualise(f, pageUrl, ctx.processors))
    .filter((f) => severityRank(f.severity) >= severityRank('high')).map((f) => f.ruleId);
  return [...new Set(ids)].sort();
}

export interface BuiltPage {
  page: BaselinePage;
  /** Sources to keep under sources/<sha256>.js. */
  sources: Record<string, string>;
}

/**
 * A baseline page from artifacts. With `previous` (an accepted update), what is unchanged keeps its
 * firstSeen and lastChanged; what changed keeps firstSeen and gets lastChanged = now.
 */
export function buildPage(a: TargetArtifacts, ctx: BuildContext, previous?: BaselinePage): BuiltPage {
  const pageUrl = a.finalUrl ?? a.url;
  const paymentPage = isPaymentPage(a);
  const current = currentScripts(a);
  const match = matchScripts(current, previous?.scripts ?? []);
  const prevOf = new Map<CurrentScript, BaselineScript>(match.pairs.map((p) => [p.cur, p.base]));
  const sources: Record<string, string> = {};
  const ordinals = new Map<string, number>();
  let anyChange = !previous || match.added.length > 0 || match.removed.length > 0;

  const scripts: BaselineScript[] = current.map((c) => {
    const prev = prevOf.get(c);
    const changed = !prev || prev.normalisedSha256 !== c.normalisedSha256;
    if (changed) anyChange = true;
    const ordinal = c.url === null ? (ordinals.get(c.key) ?? 0) : 0;
    if (c.url === null) ordinals.set(c.key, ordinal + 1);
    const keep = c.source !== undefined && (!c.thirdParty || paymentPage);
    if (keep) sources[c.sha256] = c.source!;
    return {
      key: c.key, url: c.url, rawUrl: c.rawUrl, kind: c.kind, frame: c.frame, ordinal,
      sha256: c.sha256, normalisedSha256: c.normalisedSha256, size: c.size, integrity: c.integrity,
      thirdParty: c.thirdParty, readsPaymentFields: readsPaymentFields(c.record, a, ctx.analyses),
      sourceStored: keep, highRules: highRulesOf(c.sha256, pageUrl, ctx),
      firstSeen: prev?.firstSeen ?? ctx.now,
      lastChanged: changed ? ctx.now : prev!.lastChanged,
    };
  });

  const prevDest = new Map((previous?.destinations ?? []).map((d) => [d.site, d]));
  const destinations: BaselineDestination[] = destinationsOf(a).map((d) => {
    const p = prevDest.get(d.site);
    const hosts = [...new Set([...(p?.hosts ?? []), ...d.hosts])].sort();
    const types = [...new Set([...(p?.types ?? []), ...d.types])].sort();
    const changed = !p || hosts.length !== p.hosts.length || types.length !== p.types.length;
    if (!p) anyChange = true;
    return { site: d.site, hosts, types, firstSeen: p?.firstSeen ?? ctx.now, lastChanged: changed ? ctx.now : p.lastChanged };
  });
  // A destination not seen this time stays accepted: traffic varies between loads.
  for (const p of previous?.destinations ?? []) if (!destinations.some((d) => d.site === p.site)) destinations.push(p);
  destinations.sort((x, y) => x.site.localeCompare(y.site));

  const headers = a.dom ? normaliseHeaders(a.dom.securityHeaders) : (previous?.securityHeaders ?? {});
  const headersChanged = !previous || JSON.stringify(headers) !== JSON.stringify(previous.securityHeaders);
  if (headersChanged) anyChange = true;

  return {
    page: {
      key: pageKey(a.url), url: a.url, finalUrl: a.finalUrl, paymentPage, scripts, destinations,
      securityHeaders: headers,
      securityHeadersFirstSeen: previous?.securityHeadersFirstSeen ?? ctx.now,
      securityHeadersLastChanged: headersChanged ? ctx.now : previous!.securityHeadersLastChanged,
      firstSeen: previous?.firstSeen ?? ctx.now,
      lastChanged: anyChange ? ctx.now : previous!.lastChanged,
      recordedAt: ctx.now,
    },
    sources,
  };
}
