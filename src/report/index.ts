// Reporters: pure functions from a report (plus optional extras the report does not carry) to text.
// The CLI writes the files; nothing here touches a browser, the network or the file system.
import { SEVERITIES, type Severity } from '../artifacts/types.js';
import type { Finding, ScanReport, TargetResult } from './types.js';

/** What a rule says about itself (rules/<id>.ts `meta`), handed in so `report` never imports rules. */
export interface RuleDoc {
  id: string;
  severity: Severity;
  description: string;
  review: string;
}

/** Extras a renderer may use; every one is optional and a report renders without them. */
export interface RenderContext {
  /** Targets with a finding at or above this fail (JUnit, summaries). Default `high`. */
  failOn?: Severity | 'none';
  /** Script sources by SHA-256, for code excerpts (the report itself carries none). */
  sources?: Record<string, string>;
  /** Screenshot data URL per target, by the target's index in `report.targets`. */
  screenshots?: Array<string | null | undefined>;
  /** Per-target start time (UTC ISO), by index; else the run's start. */
  startedAt?: Array<string | null | undefined>;
  /** Per-target wall time in ms, by index (JUnit testcase time). */
  durationsMs?: Array<number | null | undefined>;
  /** Rule documentation for SARIF's rule table and the HTML report. */
  rules?: RuleDoc[];
}

export const rank = (s: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(s); // critical = 5

export function failing(t: TargetResult, failOn: Severity | 'none' = 'high'): Finding[] {
  if (failOn === 'none') return [];
  return t.findings.filter((f) => rank(f.severity) >= rank(failOn));
}

export function worstSeverity(findings: Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (!worst || rank(f.severity) > rank(worst)) worst = f.severity;
  return worst;
}

const safeSegment = (s: string) => s.replace(/[^A-Za-z0-9._~%!$&'()*+,;=@-]/g, '_').replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
  .replace(/^\.{1,2}$/, '_');

/**
 * A relative artifact path for a scanned URL: `scanned/<host>/<path>` (query and fragment dropped,
 * a trailing `/` becomes `index.html`). Code-scanning services reject http(s) location URIs.
 */
export function scannedPath(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `scanned/unparsed/${safeSegment(url).slice(0, 120) || '_'}`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `scanned/${safeSegment(u.protocol.replace(/:$/, ''))}/${safeSegment(u.pathname).slice(0, 120) || '_'}`;
  const host = safeSegment(u.port ? `${u.hostname}_${u.port}` : u.hostname);
  const segs = u.pathname.split('/').slice(1).map(safeSegment);
  if (!segs.length || segs[segs.length - 1] === '') segs[segs.length ? segs.length - 1 : 0] = 'index.html';
  return `scanned/${host}/${segs.join('/')}`;
}

/** Where a finding lives: its script's own URL, `inline/<sha256>.js` for code without one, else the page. */
export function findingPath(f: Finding, t: TargetResult): string {
  if (f.script?.url) return scannedPath(f.script.url);
  if (f.script) return `inline/${f.script.sha256}.js`;
  return scannedPath(t.finalUrl ?? t.url);
}

/** URL without query and fragment: cache-busters and session ids must not change an identity. */
export function stableUrl(url: string): string {
  return url.replace(/[?#].*$/, '');
}

/** `[from, to]` lines of a script around `line`, each cut to `width` chars around `column` on long lines. */
export function excerpt(source: string, line: number, column: number | null, radius = 3, width = 240): Array<{ n: number; text: string; hit: boolean }> {
  const lines = source.split(/\r\n|\r|\n/);
  const from = Math.max(1, line - radius);
  const to = Math.min(lines.length, line + radius);
  const out: Array<{ n: number; text: string; hit: boolean }> = [];
  for (let n = from; n <= to; n++) {
    const raw = lines[n - 1] ?? '';
    let text = raw;
    if (raw.length > width) {
      const centre = n === line && column ? column - 1 : 0;
      const start = Math.max(0, Math.min(centre - Math.floor(width / 2), raw.length - width));
      text = `${start > 0 ? '…' : ''}${raw.slice(start, start + width)}${start + width < raw.length ? '…' : ''}`;
    }
    out.push({ n, text, hit: n === line });
  }
  return out;
}

export function displayScript(f: Finding): string {
  if (!f.script) return 'page';
  return f.script.url ?? `inline ${f.script.sha256.slice(0, 12)}`;
}
