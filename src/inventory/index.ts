// The PCI DSS 4.0 6.4.3 script inventory of payment pages: each script with its justification
// (policy), integrity method (SRI, hash in the baseline), first seen and last changed. Pure.
import type { TargetArtifacts } from '../artifacts/types.js';
import { currentScripts, isPaymentPage } from '../baseline/facts.js';
import { matchScripts } from '../baseline/match.js';
import { findPage, pageKey, type Baseline } from '../baseline/index.js';
import { resolvePolicy, scriptJustification, type PolicySettings } from '../policy/index.js';

export interface InventoryRow {
  page: string;
  paymentPage: boolean;
  script: string;
  kind: string;
  party: 'first' | 'third';
  sha256: string;
  /** null when the config has no policy for the page. */
  authorised: boolean | null;
  justification: string;
  justificationSource: string | null;
  integrity: string;
  firstSeen: string | null;
  lastChanged: string | null;
}

export function inventoryRows(a: TargetArtifacts, settings: PolicySettings, baseline: Baseline | null): InventoryRow[] {
  const pageUrl = a.finalUrl ?? a.url;
  const policy = resolvePolicy(settings, pageUrl);
  const payment = isPaymentPage(a);
  const scripts = currentScripts(a);
  const page = baseline ? findPage(baseline, pageKey(a.url)) : undefined;
  const match = page ? matchScripts(scripts, page.scripts) : null;
  const baseOf = new Map(match?.pairs.map((p) => [p.cur, p.base]) ?? []);
  const ordinal = new Map<string, number>();
  return scripts.map((s) => {
    const n = (ordinal.get(s.key) ?? 0) + 1;
    ordinal.set(s.key, n);
    const j = policy ? scriptJustification(policy, s) : null;
    const b = baseOf.get(s);
    const integrity: string[] = [];
    if (s.integrity) integrity.push(`SRI ${s.integrity}`);
    if (b) integrity.push(`baseline SHA-256 ${b.normalisedSha256.slice(0, 16)}… (${b.normalisedSha256 === s.normalisedSha256 ? 'matches' : 'CHANGED since baseline'})`);
    return {
      page: a.url, paymentPage: payment,
      script: s.rawUrl ?? `${s.kind} #${n} in ${s.frame} (line ${s.record.startLine})`,
      kind: s.kind, party: s.thirdParty ? 'third' : 'first', sha256: s.sha256,
      authorised: policy ? j !== null : null,
      justification: j?.justification ?? (policy ? 'NOT AUTHORISED: no policy entry matches' : 'no policy in the config'),
      justificationSource: j?.where ?? null,
      integrity: integrity.length ? integrity.join('; ') : 'none',
      firstSeen: b?.firstSeen ?? null, lastChanged: b?.lastChanged ?? null,
    };
  });
}

const COLUMNS: Array<[keyof InventoryRow, string]> = [
  ['page', 'page'], ['script', 'script'], ['kind', 'kind'], ['party', 'party'], ['authorised', 'authorised'],
  ['justification', 'justification'], ['justificationSource', 'justification source'], ['integrity', 'integrity'],
  ['firstSeen', 'first seen'], ['lastChanged', 'last changed'], ['sha256', 'sha256'],
];

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export function renderCsv(rows: InventoryRow[]): string {
  const q = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [COLUMNS.map(([, h]) => h).join(','), ...rows.map((r) => COLUMNS.map(([k]) => q(cell(r[k]))).join(','))].join('\n') + '\n';
}

export function renderMarkdown(rows: InventoryRow[], meta: { generatedAt: string; baseline: string | null }): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = [`# Payment page script inventory (PCI DSS 4.0 6.4.3)`, '',
    `Generated ${meta.generatedAt} by skimscan${meta.baseline ? `, baseline ${meta.baseline}` : ', no baseline'}.`, ''];
  const pages = [...new Set(rows.map((r) => r.page))];
  for (const p of pages) {
    const rs = rows.filter((r) => r.page === p);
    const unauthorised = rs.filter((r) => r.authorised === false).length;
    out.push(`## ${p}`, '', `${rs.length} scripts; ${rs[0]!.authorised === null ? 'no policy in the config' : `${unauthorised} not authorised`}.`, '');
    const cols = COLUMNS.filter(([k]) => k !== 'page');
    out.push(`| ${cols.map(([, h]) => h).join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`);
    for (const r of rs) out.push(`| ${cols.map(([k]) => esc(k === 'sha256' ? `${r.sha256.slice(0, 16)}…` : cell(r[k]))).join(' | ')} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
