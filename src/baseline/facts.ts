// Facts about a target's scripts shared by baselines, policy, inventory and CSP proposals.
import type { ScriptKind, ScriptRecord, TargetArtifacts } from '../artifacts/types.js';
import type { ScriptAnalysis } from '../analyse/types.js';
import { isThirdParty, siteOf } from '../hosts.js';
import { frameKey, normalisedHash, normaliseSource, normaliseUrl } from './normalise.js';

export const PAYMENT_ROLES = new Set(['card-number', 'cvv', 'expiry']);

/** A page that holds card fields (or on which the hooks or the probe saw card fields used). */
export function isPaymentPage(a: TargetArtifacts): boolean {
  if (a.dom?.forms.some((f) => f.fields.some((x) => x.role !== null && PAYMENT_ROLES.has(x.role)))) return true;
  if (a.fields?.some((f) => PAYMENT_ROLES.has(f.field))) return true;
  const probe = a.probe as { filled?: unknown[] } | null;
  return Array.isArray(probe?.filled) && probe.filled.length > 0;
}

/** Kinds whose URL is the script's own identity (blob: and data: URLs are not stable). */
export function hasOwnUrl(s: Pick<ScriptRecord, 'url' | 'kind'>): boolean {
  return s.url !== null && !/^(blob|data):/i.test(s.url) && s.kind !== 'blob-url' && s.kind !== 'data-url';
}

export interface CurrentScript {
  key: string;
  url: string | null;
  rawUrl: string | null;
  kind: ScriptKind;
  frame: string;
  sha256: string;
  normalisedSha256: string;
  size: number;
  integrity: string | null;
  thirdParty: boolean;
  source: string | undefined;
  record: ScriptRecord;
}

/** The integrity attribute of the `<script>` tag that loaded `url`, from the record or the DOM. */
function integrityOf(s: ScriptRecord, a: TargetArtifacts): string | null {
  if (s.integrity) return s.integrity;
  if (!s.url) return null;
  return a.dom?.scriptTags.find((t) => t.src === s.url && t.integrity)?.integrity ?? null;
}

/**
 * The target's scripts with their identities, in capture order. External scripts are keyed by frame
 * and normalised URL (first occurrence kept); inline and string-born code by frame and kind (their
 * position is decided when matched against a baseline).
 */
export function currentScripts(a: TargetArtifacts): CurrentScript[] {
  const pageSite = siteOf(a.finalUrl ?? a.url);
  const out: CurrentScript[] = [];
  const seen = new Set<string>();
  for (const s of a.scripts ?? []) {
    const frame = frameKey(s.frameUrl ?? s.documentUrl);
    const own = hasOwnUrl(s);
    const url = own ? normaliseUrl(s.url!) : null;
    const dedupe = own ? `url ${frame} ${url}` : `code ${frame} ${s.kind} ${s.sha256} ${s.startLine}:${s.startColumn}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const source = a.sources[s.sha256];
    out.push({
      key: own ? `url ${frame} ${url}` : `code ${frame} ${s.kind}`,
      url, rawUrl: s.url, kind: s.kind, frame, sha256: s.sha256,
      normalisedSha256: source === undefined ? s.sha256 : normalisedHash(source),
      size: s.size, integrity: integrityOf(s, a),
      thirdParty: own ? isThirdParty(s.url!, pageSite) : isThirdParty(s.frameUrl ?? s.documentUrl ?? '', pageSite),
      source, record: s,
    });
  }
  return out;
}

/** Whether static analysis or the page hooks saw this script read payment fields. */
export function readsPaymentFields(s: Pick<ScriptRecord, 'sha256' | 'url'>, a: TargetArtifacts, analyses: Map<string, ScriptAnalysis>): boolean {
  if (analyses.get(s.sha256)?.facts.readsPaymentFields) return true;
  return (a.fields ?? []).some((f) => PAYMENT_ROLES.has(f.field) && f.reader !== null &&
    (f.reader.sha256 === s.sha256 || (s.url !== null && f.reader.scriptUrl === s.url)));
}

export { normaliseSource };

export interface Destination {
  site: string;
  hosts: string[];
  types: string[];
  urls: string[];
}

/** Every registrable domain the target's requests went to (or tried to), with hosts and types. */
export function destinationsOf(a: TargetArtifacts): Destination[] {
  const by = new Map<string, { hosts: Set<string>; types: Set<string>; urls: string[] }>();
  for (const r of a.network ?? []) {
    if (!/^(https?|wss?):/i.test(r.url)) continue;
    const site = siteOf(r.url);
    if (!site) continue;
    let host: string;
    try { host = new URL(r.url).hostname; } catch { continue; }
    const d = by.get(site) ?? { hosts: new Set(), types: new Set(), urls: [] };
    d.hosts.add(host);
    d.types.add(r.type);
    if (d.urls.length < 5 && !d.urls.includes(r.url)) d.urls.push(r.url);
    by.set(site, d);
  }
  return [...by].map(([site, d]) => ({ site, hosts: [...d.hosts].sort(), types: [...d.types].sort(), urls: d.urls }))
    .sort((x, y) => x.site.localeCompare(y.site));
}
